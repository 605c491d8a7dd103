/**
 * Putting a person into a vacancy: Flatchr creates people only by applying them to a
 * vacancy, through the careers host, keyed by the vacancy *slug*; the answer carries no id, so the
 * new applicant is found afterwards by email in that vacancy (as HrFlow does).
 *
 * Flatchr keeps one person per email: applying an email it knows adds an applicant to that person
 * (a merge; the person's stored details are not replaced, INFERRED). So `createCandidate` looks the
 * email up first: a person already in this vacancy is a `DuplicateError` before any write, a person
 * known from other vacancies is merged with a warning. `createApplication` applies an existing
 * person the same way. A careers answer that says the applicant exists is a `DuplicateError` too.
 */
import type { ActionOptions, CreateApplicationResult, CreateCandidateResult } from '../../actions/results.js';
import type * as Inputs from '../../actions/inputs.js';
import type { CreateApplicationInput } from '../../actions/push-inputs.js';
import type { RemoteFields } from '../../actions/remote-fields.js';
import { DuplicateError, NotFoundError, ProviderError, ValidationError } from '../../core/errors.js';
import { inputError } from '../../core/input-errors.js';
import { parseOrThrow } from '../../core/parse.js';
import { tryDecode } from '../../core/ids.js';
import { rawField } from '../../core/record-pipeline.js';
import { z } from 'zod';
import { sleep } from '../../core/sleep.js';
import type { Candidate } from '../../models/index.js';
import { asDuplicate, withExisting, type DuplicateAnswer } from '../shared/duplicates.js';
import { remoteColumn, type FlatchrActionParts } from './action-parts.js';
import { flatchrDescriptor as descriptor } from './descriptor.js';
import { flatchrIds } from './ids.js';
import { idReader } from '../shared/ids.js';
import { getVacancy, loadLookups, searchApplicants, type FlatchrApi } from './endpoints.js';
import { decodeCandidate } from './get-one.js';
import { newestRowsPerPerson } from './candidate-rows.js';
import { applicationId } from './mappers/to-application.js';
import { candidateIdOf, nonEmpty } from './mappers/common.js';
import { flatchrPipelines, mapOne } from './reads.js';
import { createdBodySchema, searchRowSchema, vacancySchema, type SearchRow } from './wire.js';
import { checkedParse } from '../../core/schema-check.js';

const PROVIDER = descriptor.provider;
const ids = idReader(flatchrIds);

/**
 * How the careers host says the applicant exists (INFERRED: the documented answer is only
 * `{"status": 200, "response": "applicant created"}`; anything else naming an existing applicant
 * is read as a duplicate).
 */
const DUPLICATE_ANSWER: DuplicateAnswer = { statuses: [200, 400, 409, 422], body: /already|exist|d[ée]j[àa]|duplicate/i };

/** The fields of the careers create body that describe the person. */
interface Person {
  firstname: string;
  lastname: string;
  email: string;
  phone?: string | null;
  urls?: Record<string, string | null>;
}

/** The `urls` object of the create body from unified social media. */
function urlsOf(social: Inputs.CreateCandidateInput['candidate']['social_media']) {
  const find = (type: string) => social?.find((s) => s.type?.toLowerCase() === type)?.link ?? null;
  const other = social?.find((s) => !['linkedin', 'facebook', 'twitter'].includes(s.type?.toLowerCase() ?? ''))?.link ?? null;
  return { linkedin: find('linkedin'), facebook: find('facebook'), twitter: find('twitter'), other };
}

const normaliseTitle = (title: string | null | undefined) => (title ?? '').trim().toLowerCase().replace(/\s+/g, ' ');

/** The vacancy to apply to: its encoded id, integer id, slug and title. */
async function vacancyToApply(api: FlatchrApi, vacancyId: string, operation: string, signal?: AbortSignal) {
  return parseOrThrow(vacancySchema.extend({ slug: z.string().min(1) }), await getVacancy(api, vacancyId, signal), {
    provider: PROVIDER,
    operation,
    what: 'a vacancy without a slug to apply to',
    remoteId: vacancyId,
  });
}

/** The parsed search rows of one email (exact, case-insensitive), newest person row first per person. */
async function rowsOfEmail(api: FlatchrApi, email: string, signal?: AbortSignal): Promise<SearchRow[]> {
  const { rows } = await searchApplicants(api, { email }, signal);
  const wanted = email.trim().toLowerCase();
  return rows
    .map((row) => checkedParse(searchRowSchema, row))
    .filter((parsed) => parsed.success && nonEmpty(parsed.data.email)?.trim().toLowerCase() === wanted)
    .map((parsed) => parsed.data as SearchRow);
}

/** Whether a search row is an applicant of `vacancy` (by integer id, or by title when the row has none). */
function inVacancy(row: SearchRow, vacancy: { vacancy_id?: number | null; title?: string | null }): boolean {
  if (row.vacancy_id !== null && row.vacancy_id !== undefined) return row.vacancy_id === vacancy.vacancy_id;
  return normaliseTitle(row.vacancy) !== '' && normaliseTitle(row.vacancy) === normaliseTitle(vacancy.title);
}

/**
 * Applies `person` to the vacancy on the careers host, finds the new applicant, moves it to
 * `column` when given, and returns its search row with the lookups to map it.
 */
async function applyPerson(parts: FlatchrActionParts, person: Person, vacancy: { id: string; slug: string }, column: number | null, extra: Record<string, unknown>, operation: string, options: ActionOptions) {
  const { api, careers } = parts;
  // https://developers.flatchr.io/en/docs/QuickStart/Candidats/Creer_un_candidat — POST careers /vacancy/candidate/json.
  // Not retried: a repeat would apply the person twice.
  const body = {
    vacancy: vacancy.slug,
    firstname: person.firstname,
    lastname: person.lastname,
    email: person.email,
    ...(person.phone ? { phone: person.phone } : {}),
    // The documented body repeats the API key; it is also sent as the Bearer header.
    token: parts.apiKey,
    ...(person.urls ? { urls: person.urls } : {}),
    ...extra,
  };
  let response;
  try {
    response = await careers.request({ method: 'POST', path: '/vacancy/candidate/json', json: body, operation, signal: options.signal });
  } catch (error) {
    throw (await duplicateWithExisting(api, asDuplicate(error, DUPLICATE_ANSWER, 'candidate'), person.email, options)) ?? error;
  }
  // Success is reported in the body too: check both.
  const created = createdBodySchema.safeParse(response.body);
  const status = created.success ? Number(created.data.status ?? 200) : NaN;
  if (!created.success || status >= 300 || !/created/i.test(created.data.response ?? '')) {
    const refusal = new ProviderError('Flatchr did not confirm the candidate creation', {
      provider: PROVIDER,
      operation,
      secrets: [parts.apiKey],
      status: Number.isInteger(status) && status >= 300 ? status : response.status,
      body: JSON.stringify(response.body ?? null),
    });
    throw (await duplicateWithExisting(api, asDuplicate(refusal, DUPLICATE_ANSWER, 'candidate'), person.email, options)) ?? refusal;
  }

  // Find the new applicant by email in the vacancy (bounded attempts: the search may lag the create).
  let found: unknown = null;
  for (let attempt = 1; attempt <= descriptor.createLookup.attempts && !found; attempt += 1) {
    const { rows } = await searchApplicants(api, { email: person.email, vacancy: vacancy.id }, options.signal);
    found = rows.find((row) => String(rawField(row, 'email') ?? '').toLowerCase() === person.email.toLowerCase()) ?? null;
    if (!found && attempt < descriptor.createLookup.attempts) await sleep(descriptor.createLookup.delayMs, options.signal);
  }
  if (!found) {
    throw new NotFoundError('Flatchr created the candidate but the search does not show it yet; look it up by email later instead of creating it again.', { provider: PROVIDER, operation });
  }
  const applicant = parseOrThrow(searchRowSchema, found, { provider: PROVIDER, operation, what: 'the new applicant in the search' }).applicant;
  const warnings: string[] = [];
  if (column !== null) {
    // https://developers.flatchr.io/en/docs/QuickStart/Candidats/Deplacer_un_candidat — PUT …/vacancy/{v}/applicant/{a}
    await api.client.request({
      method: 'PUT',
      path: descriptor.paths.vacancyApplicant(api.companyId, vacancy.id, applicant),
      json: { column_id: column },
      operation,
      idempotent: true,
      signal: options.signal,
    });
    warnings.push('Created in the first column, then moved to the requested stage (creation takes no column).');
  }
  const { lookups } = await loadLookups(api, options.signal);
  const { rows } = column === null ? { rows: [found] } : await searchApplicants(api, { email: person.email, vacancy: vacancy.id }, options.signal);
  const row = rows.find((r) => rawField(r, 'applicant') === applicant) ?? found;
  return { applicant, row, lookups, warnings };
}

/** A duplicate refusal with the existing person's ids, found by email (null stays null). */
async function duplicateWithExisting(api: FlatchrApi, duplicate: DuplicateError | null, email: string, options: ActionOptions): Promise<DuplicateError | null> {
  if (!duplicate) return null;
  const rows = await rowsOfEmail(api, email, options.signal).catch(() => []);
  const first = rows[0];
  return first ? withExisting(duplicate, candidateIdOf(first), email.trim().toLowerCase()) : duplicate;
}

/** The screening answers as the careers body takes them: `answers: [{question, value}]`. */
function answersOf(answers: Inputs.CreateCandidateInput['screening_question_answers']): Record<string, unknown> {
  if (!answers || answers.length === 0) return {};
  return { answers: answers.map((answer) => ({ question: remoteQuestion(answer.question_id), value: answerValue(answer.answer) })) };
}

/**
 * A question id: the remote id inside our unified question id (`flatchr`, `question`, vacancy,
 * id), or the id as given; an integer when it is one (Flatchr question ids are integers).
 */
function remoteQuestion(id: string): string | number {
  const parts = tryDecode(id);
  const remote = parts && parts[0] === PROVIDER && parts[1] === 'question' && parts.length === 4 ? (parts[3] as string) : id;
  return /^\d{1,15}$/.test(remote) ? Number(remote) : remote;
}

/** An answer value as the careers form takes it: text; chosen options joined with `;` as Flatchr lists them. */
function answerValue(answer: string | boolean | number | string[]): string | boolean | number {
  if (!Array.isArray(answer)) return answer;
  return answer.map((choice) => {
    const parts = tryDecode(choice);
    return parts && parts[0] === PROVIDER && parts[1] === 'question_option' ? (parts.at(-1) as string) : choice;
  }).join(';');
}

/** The creation body's optional fields from `remote_fields.flatchr` (source, user key, cover letter). */
function creationExtras(input: { remote_fields?: RemoteFields }): Record<string, unknown> {
  const own = input.remote_fields?.flatchr ?? {};
  return {
    ...(own.offerer_id !== undefined ? { offerer_id: own.offerer_id } : {}),
    ...(own.user_id !== undefined ? { user_id: own.user_id } : {}),
    ...(own.comment !== undefined ? { comment: own.comment } : {}),
  };
}

/** `createCandidate`: applies a new person to `application.job_id`, then reads both records back. */
export async function createCandidate(parts: FlatchrActionParts, input: Inputs.CreateCandidateInput & { remote_fields?: RemoteFields }, options: ActionOptions): Promise<CreateCandidateResult> {
  const { api } = parts;
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
  if (!nonEmpty(c.first_name) || !nonEmpty(c.last_name)) {
    throw inputError(nonEmpty(c.first_name) ? 'candidate.last_name' : 'candidate.first_name', 'is required by Flatchr candidate creation', { provider: PROVIDER, operation });
  }
  const vacancy = await vacancyToApply(api, vacancyId, operation, options.signal);

  // One person per email: look before writing, so a second create is never a blind merge.
  const known = await rowsOfEmail(api, email, options.signal);
  const already = known.find((row) => inVacancy(row, vacancy));
  if (already) {
    throw new DuplicateError(`Flatchr already has this candidate in vacancy ${vacancyId} (applicant ${already.applicant}); nothing was created.`, {
      provider: PROVIDER,
      operation,
      kind: 'candidate',
      existingId: candidateIdOf(already),
      existingRemoteId: email.trim().toLowerCase(),
    });
  }

  const person: Person = { firstname: c.first_name as string, lastname: c.last_name as string, email, phone: c.phone_numbers?.[0]?.phone_number, urls: urlsOf(c.social_media) };
  const { applicant, row, lookups, warnings } = await applyPerson(parts, person, vacancy, column, { ...creationExtras(input), ...answersOf(input.screening_question_answers) }, operation, options);
  if (known.length > 0) {
    warnings.unshift(`Flatchr already knew this email (${String(known.length)} application(s) in other vacancies): it added this application to that person; the person's stored name and phone were not replaced.`);
  }
  if (c.email_addresses.length > 1 || (c.phone_numbers?.length ?? 0) > 1) warnings.push('Flatchr keeps one email and one phone per candidate; the first of each was written.');
  if (c.company || c.title || c.source) warnings.push('Flatchr candidate creation has no company, title or source field; they were not written.');
  return {
    warnings,
    remote_id: applicant,
    candidate: mapOne(row, flatchrPipelines.candidates, null, operation),
    application: mapOne(row, flatchrPipelines.applications, lookups, operation),
  };
}

/**
 * `createApplication`: applies an existing person (by email) to another vacancy. Flatchr has no
 * "add applicant" call for a known person: it is the careers creation with the person's email,
 * which Flatchr merges into that person (one person per email).
 */
export async function createApplication(parts: FlatchrActionParts, input: CreateApplicationInput & { remote_fields?: RemoteFields }, options: ActionOptions): Promise<CreateApplicationResult> {
  const { api } = parts;
  const operation = 'createApplication';
  const [kind, key] = decodeCandidate(input.candidate_id, operation);
  const vacancyId = ids.one(input.job_id, 'job', { field: 'job_id', operation });
  const column = input.stage_id ? remoteColumn(input.stage_id, operation) : null;
  if (kind !== 'email') {
    throw inputError('candidate_id', 'names a Flatchr person without an email: Flatchr can apply a known person to another vacancy only through their email', { provider: PROVIDER, operation });
  }
  const vacancy = await vacancyToApply(api, vacancyId, operation, options.signal);
  const all = await rowsOfEmail(api, key, options.signal);
  // The person's newest row (one person per email) gives the name the creation requires.
  const person = newestRowsPerPerson(all, () => null).rows.at(-1);
  if (!person) throw new NotFoundError(`Flatchr has no candidate with this email (${operation})`, { provider: PROVIDER, operation });
  const already = all.find((row) => inVacancy(row, vacancy));
  if (already) {
    throw new DuplicateError(`Flatchr already has this candidate in vacancy ${vacancyId} (applicant ${already.applicant}); nothing was created.`, {
      provider: PROVIDER,
      operation,
      kind: 'application',
      existingId: applicationId(already.applicant, already.vacancy_id),
      existingRemoteId: already.applicant,
    });
  }
  const firstname = nonEmpty(person.firstname);
  const lastname = nonEmpty(person.lastname);
  if (!firstname || !lastname) {
    throw new ValidationError(`Flatchr's record of this candidate has no ${firstname ? 'last' : 'first'} name, which its candidate creation requires (${operation})`, {
      provider: PROVIDER,
      operation,
      issues: [{ path: [firstname ? 'lastname' : 'firstname'], code: 'missing' }],
      remoteId: person.applicant,
    });
  }
  const { applicant, row, lookups, warnings } = await applyPerson(parts, { firstname, lastname, email: key, phone: nonEmpty(person.phone) }, vacancy, column, { ...creationExtras(input), ...answersOf(input.screening_question_answers) }, operation, options);
  return { warnings, remote_id: applicant, application: mapOne(row, flatchrPipelines.applications, lookups, operation) };
}

/**
 * `findCandidatesByEmail`: the applicant search with `email` (two requests: active and archived
 * applicants), exact matches only, one person per email (so at most one candidate).
 */
export async function findCandidatesByEmail(api: FlatchrApi, email: string, options: ActionOptions): Promise<Candidate[]> {
  const { rows } = newestRowsPerPerson(await rowsOfEmail(api, email, options.signal), () => null);
  return rows.map((row) => mapOne(row, flatchrPipelines.candidates, null, 'findCandidatesByEmail'));
}
