/**
 * Single-record reads. Flatchr has no documented GET for one applicant (B9 #4), so applications
 * and candidates are found through the applicant search (by vacancy, by email), which is also how
 * the actions find the applicant behind a unified id.
 */
import type { ActionOptions } from '../../actions/results.js';
import { decodeId } from '../../core/ids.js';
import { NotFoundError } from '../../core/errors.js';
import type { Application, Candidate, Job } from '../../models/index.js';
import { flatchrDescriptor as descriptor } from './descriptor.js';
import { flatchrDateMs } from './dates.js';
import { getVacancy, loadLookups, searchApplicants, type FlatchrApi } from './endpoints.js';
import { candidateKey } from './mappers/common.js';
import { flatchrPipelines, mapOne } from './reads.js';
import { searchRowSchema, type SearchRow } from './wire.js';

const PROVIDER = descriptor.provider;

/** The parts of a unified candidate id: `['email', address]` or `['applicant', id]`. */
export function decodeCandidate(id: string, operation: string): ['email' | 'applicant', string] {
  const [kind, key] = decodeId(id, PROVIDER, 'candidate', operation);
  if ((kind !== 'email' && kind !== 'applicant') || !key) {
    throw new NotFoundError(`Not a Flatchr candidate id (${operation})`, { provider: PROVIDER, operation });
  }
  return [kind, key];
}

/** The parts of a unified application id: applicant id and integer vacancy id. */
export function decodeApplication(id: string, operation: string): { applicant: string; vacancyId: number | null } {
  const [applicant, vacancy] = decodeId(id, PROVIDER, 'application', operation);
  return { applicant: applicant as string, vacancyId: vacancy ? Number(vacancy) : null };
}

function parsedRows(rows: readonly unknown[]): SearchRow[] {
  return rows.map((row) => searchRowSchema.safeParse(row)).filter((r) => r.success).map((r) => r.data);
}

const newestFirst = (rows: SearchRow[]) => {
  const ms = (row: SearchRow) => {
    try {
      return flatchrDateMs(row.updated_at) ?? 0;
    } catch {
      return 0;
    }
  };
  return [...rows].sort((a, b) => ms(b) - ms(a));
};

/** The search rows of one person, newest first (by email search, or a full search for an applicant-keyed person). */
export async function rowsOfCandidate(api: FlatchrApi, candidateId: string, operation: string, signal?: AbortSignal): Promise<{ raw: unknown[]; rows: SearchRow[] }> {
  const [kind, key] = decodeCandidate(candidateId, operation);
  const { rows } = await searchApplicants(api, kind === 'email' ? { email: key } : {}, signal);
  const mine = rows.filter((row) => {
    const parsed = searchRowSchema.safeParse(row);
    return parsed.success && candidateKey(parsed.data).join(':') === `${kind}:${key}`;
  });
  if (mine.length === 0) throw new NotFoundError(`Flatchr has no applicant for this candidate (${operation})`, { provider: PROVIDER, operation });
  return { raw: mine, rows: newestFirst(parsedRows(mine)) };
}

/** The search row of one application and the encoded id of its vacancy. */
export async function rowOfApplication(api: FlatchrApi, applicationId: string, operation: string, signal?: AbortSignal) {
  const { applicant, vacancyId } = decodeApplication(applicationId, operation);
  const { lookups } = await loadLookups(api, signal);
  const vacancy = vacancyId === null ? undefined : lookups.vacancyByInteger.get(vacancyId);
  if (!vacancy) throw new NotFoundError(`Flatchr has no vacancy for this application (${operation})`, { provider: PROVIDER, operation });
  const { rows } = await searchApplicants(api, { vacancy }, signal);
  const raw = rows.find((row) => (row as { applicant?: unknown } | null)?.applicant === applicant);
  if (!raw) throw new NotFoundError(`Flatchr has no such applicant (${operation})`, { provider: PROVIDER, operation });
  return { raw, applicant, vacancy, lookups };
}

/** `getJob`: GET /vacancy/{id}. */
export async function getJob(api: FlatchrApi, jobId: string, options: ActionOptions): Promise<Job> {
  const [vacancyId] = decodeId(jobId, PROVIDER, 'job', 'getJob');
  return mapOne(await getVacancy(api, vacancyId as string, options.signal), flatchrPipelines.jobs, null, 'getJob');
}

/** `getCandidate`: the person's newest search row. */
export async function getCandidate(api: FlatchrApi, candidateId: string, options: ActionOptions): Promise<Candidate> {
  const { raw } = await rowsOfCandidate(api, candidateId, 'getCandidate', options.signal);
  const newest = newestFirst(parsedRows(raw))[0];
  const item = raw.find((row) => (row as { applicant?: unknown }).applicant === newest?.applicant) ?? raw[0];
  return mapOne(item, flatchrPipelines.candidates, null, 'getCandidate');
}

/** `getApplication`: the applicant's row in its vacancy's search. */
export async function getApplication(api: FlatchrApi, applicationId: string, options: ActionOptions): Promise<Application> {
  const { raw, lookups } = await rowOfApplication(api, applicationId, 'getApplication', options.signal);
  return mapOne(raw, flatchrPipelines.applications, lookups, 'getApplication');
}

