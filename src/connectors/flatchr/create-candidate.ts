/**
 * `createCandidate` (B6.5): Flatchr creates a person only by applying them to a vacancy, through
 * the careers host, keyed by the vacancy *slug*; the answer carries no id, so the new applicant is
 * found afterwards by email in that vacancy (as HrFlow does, B0 F5).
 */
import type { ActionOptions, CreateCandidateResult } from '../../actions/results.js';
import type * as Inputs from '../../actions/inputs.js';
import { NotFoundError, ProviderError } from '../../core/errors.js';
import { inputError } from '../../core/input-errors.js';
import { parseOrThrow } from '../../core/parse.js';
import { rawField } from '../../core/record-pipeline.js';
import { z } from 'zod';
import { sleep } from '../../core/sleep.js';
import { remoteColumn, type FlatchrActionParts } from './action-parts.js';
import { flatchrDescriptor as descriptor } from './descriptor.js';
import { flatchrIds } from './ids.js';
import { idReader } from '../shared/ids.js';
import { getVacancy, loadLookups, searchApplicants } from './endpoints.js';
import { flatchrPipelines, mapOne } from './reads.js';
import { createdBodySchema, searchRowSchema, vacancySchema } from './wire.js';

const PROVIDER = descriptor.provider;
const ids = idReader(flatchrIds);


/** The `urls` object of the create body from unified social media (B6.5). */
function urlsOf(social: Inputs.CreateCandidateInput['candidate']['social_media']) {
  const find = (type: string) => social?.find((s) => s.type?.toLowerCase() === type)?.link ?? null;
  const other = social?.find((s) => !['linkedin', 'facebook', 'twitter'].includes(s.type?.toLowerCase() ?? ''))?.link ?? null;
  return { linkedin: find('linkedin'), facebook: find('facebook'), twitter: find('twitter'), other };
}

/** Creates the candidate and its application, then reads both back. */
export async function createCandidate(parts: FlatchrActionParts, input: Inputs.CreateCandidateInput, options: ActionOptions): Promise<CreateCandidateResult> {
  const { api, careers } = parts;
  const operation = 'createCandidate';
  if (!input.application) {
    throw inputError('application', 'is required: Flatchr creates a candidate by applying them to a vacancy', { provider: PROVIDER, operation });
  }
  const vacancyId = ids.one(input.application.job_id, 'job', { field: 'application.job_id', operation });
  const column = input.application.stage_id ? remoteColumn(input.application.stage_id, operation, 'application.stage_id') : null;
  const c = input.candidate;
  const [first] = c.email_addresses;
  if (!first) throw inputError('candidate.email_addresses', 'needs at least one email address', { provider: PROVIDER, operation });
  const email = first.email_address;
  const vacancy = parseOrThrow(vacancySchema.extend({ slug: z.string().min(1) }), await getVacancy(api, vacancyId, options.signal), {
    provider: PROVIDER,
    operation,
    what: 'a vacancy without a slug to apply to',
    remoteId: vacancyId,
  });

  // https://developers.flatchr.io/en/docs/QuickStart/Candidats/Creer_un_candidat — POST careers /vacancy/candidate/json (B6.5).
  // Not retried: a repeat would apply the person twice.
  const response = await careers.request({
    method: 'POST',
    path: '/vacancy/candidate/json',
    json: {
      vacancy: vacancy.slug,
      firstname: c.first_name,
      lastname: c.last_name,
      email,
      phone: c.phone_numbers?.[0]?.phone_number,
      // The documented body repeats the API key (B6.5); it is also sent as the Bearer header.
      token: parts.apiKey,
      urls: urlsOf(c.social_media),
    },
    operation,
    signal: options.signal,
  });
  // Success is reported in the body too (B8): check both.
  const created = createdBodySchema.safeParse(response.body);
  const status = created.success ? Number(created.data.status ?? 200) : NaN;
  if (!created.success || status >= 300 || !/created/i.test(created.data.response ?? '')) {
    throw new ProviderError('Flatchr did not confirm the candidate creation', { provider: PROVIDER, operation, secrets: [parts.apiKey], status: response.status, body: JSON.stringify(response.body ?? null) });
  }

  // Find the new applicant by email in the vacancy (bounded attempts: the search may lag the create).
  let found: unknown = null;
  for (let attempt = 1; attempt <= descriptor.createLookup.attempts && !found; attempt += 1) {
    const { rows } = await searchApplicants(api, { email, vacancy: vacancyId }, options.signal);
    found = rows.find((row) => String(rawField(row, 'email') ?? '').toLowerCase() === email.toLowerCase()) ?? null;
    if (!found && attempt < descriptor.createLookup.attempts) await sleep(descriptor.createLookup.delayMs, options.signal);
  }
  if (!found) {
    throw new NotFoundError('Flatchr created the candidate but the search does not show it yet; look it up by email later instead of creating it again.', { provider: PROVIDER, operation });
  }
  const applicant = parseOrThrow(searchRowSchema, found, { provider: PROVIDER, operation, what: 'the new applicant in the search' }).applicant;

  const warnings: string[] = [];
  if (c.email_addresses.length > 1 || (c.phone_numbers?.length ?? 0) > 1) warnings.push('Flatchr keeps one email and one phone per candidate; the first of each was written.');
  if (c.company || c.title || c.source) warnings.push('Flatchr candidate creation has no company, title or source field; they were not written.');
  if (column !== null) {
    // https://developers.flatchr.io/en/docs/QuickStart/Candidats/Deplacer_un_candidat — PUT …/vacancy/{v}/applicant/{a} (B6.1)
    await api.client.request({
      method: 'PUT',
      path: descriptor.paths.vacancyApplicant(api.companyId, vacancyId, applicant),
      json: { column_id: column },
      operation,
      idempotent: true,
      signal: options.signal,
    });
    warnings.push('Created in the first column, then moved to the requested stage (creation takes no column, B6.5).');
  }
  const { lookups } = await loadLookups(api, options.signal);
  const { rows } = column === null ? { rows: [found] } : await searchApplicants(api, { email, vacancy: vacancyId }, options.signal);
  const row = rows.find((r) => rawField(r, 'applicant') === applicant) ?? found;
  return {
    warnings,
    remote_id: applicant,
    candidate: mapOne(row, flatchrPipelines.candidates, null, operation),
    application: mapOne(row, flatchrPipelines.applications, lookups, operation),
  };
}
