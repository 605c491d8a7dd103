/**
 * Single-record reads. Flatchr has no documented GET for one applicant, so applications
 * and candidates are found through the applicant search (by vacancy, by email), which is also how
 * the actions find the applicant behind a unified id.
 */
import type { ActionOptions } from '../../actions/results.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { inputError } from '../../core/input-errors.js';
import { rawField } from '../../core/record-pipeline.js';
import type { Application, Candidate, Job } from '../../models/index.js';
import { flatchrDescriptor as descriptor } from './descriptor.js';
import { flatchrDateMs } from './dates.js';
import { getVacancy, listResource, loadLookups, searchApplicants, type FlatchrApi } from './endpoints.js';
import { buildLookups } from './lookups.js';
import { candidateKey } from './mappers/common.js';
import { flatchrPipelines, mapOne } from './reads.js';
import { searchRowSchema, type SearchRow } from './wire.js';
import { idReader } from '../shared/ids.js';
import { flatchrIds } from './ids.js';
import { checkedParse } from '../../core/schema-check.js';

const PROVIDER = descriptor.provider;
const ids = idReader(flatchrIds);

/** The parts of a candidate id (unified, an email address, or an applicant id): `['email', address]` or `['applicant', id]`. */
export function decodeCandidate(id: string, operation: string, field = 'candidate_id'): ['email' | 'applicant', string] {
  const [kind, key] = ids.two(id, 'candidate', { field, operation });
  if (kind !== 'email' && kind !== 'applicant') throw inputError(field, 'not a Flatchr candidate id (its first part must be email or applicant)', { provider: PROVIDER, operation });
  return [kind, key];
}

/**
 * The parts of an application id (unified, `<applicant>:<vacancy_id>`, or an applicant id): the
 * applicant id and the vacancy's integer id, null when the id did not carry it.
 */
export function decodeApplication(id: string, operation: string, field = 'application_id'): { applicant: string; vacancyId: number | null } {
  const [applicant, vacancy] = ids.two(id, 'application', { field, operation });
  if (vacancy !== '' && !/^\d{1,15}$/.test(vacancy)) throw inputError(field, 'the vacancy part of a Flatchr application id must be the integer vacancy_id', { provider: PROVIDER, operation });
  return { applicant, vacancyId: vacancy === '' ? null : Number(vacancy) };
}

/** The integer id of an applicant's vacancy, from the id when it carries it, else from one applicant search. */
export async function vacancyOfApplication(api: FlatchrApi, application: { applicant: string; vacancyId: number | null }, operation: string, signal?: AbortSignal): Promise<number> {
  if (application.vacancyId !== null) return application.vacancyId;
  const { rows } = await searchApplicants(api, {}, signal);
  const row = parsedRows(rows).find((entry) => entry.applicant === application.applicant);
  if (!row) throw new NotFoundError(`Flatchr has no applicant ${application.applicant} (${operation})`, { provider: PROVIDER, operation });
  if (row.vacancy_id === null || row.vacancy_id === undefined) {
    // A row without vacancy_id (the docs' real example): its vacancy by title, when exactly one vacancy carries it.
    const byTitle = buildLookups(await listResource(api, descriptor.resources.vacancies, signal), []).vacancyByTitle(row.vacancy);
    if (byTitle?.vacancyId !== null && byTitle?.vacancyId !== undefined) return byTitle.vacancyId;
    throw new ValidationError(`Flatchr applicant ${application.applicant} has no vacancy_id in the search and its vacancy title names no single vacancy (${operation})`, {
      provider: PROVIDER,
      operation,
      issues: [{ path: ['vacancy_id'], code: 'invalid_type' }],
      remoteId: application.applicant,
    });
  }
  return row.vacancy_id;
}

/** The newest applicant id of a person's rows (rows that failed their schema are never used). */
export function newestApplicant(rows: readonly SearchRow[], operation: string): string {
  const newest = rows[0];
  if (!newest) {
    throw new ValidationError(`Flatchr search rows of this candidate all failed their schema (${operation})`, {
      provider: PROVIDER,
      operation,
      issues: [{ path: ['applicant'], code: 'invalid_type' }],
    });
  }
  return newest.applicant;
}

function parsedRows(rows: readonly unknown[]): SearchRow[] {
  return rows.map((row) => checkedParse(searchRowSchema, row)).filter((r) => r.success).map((r) => r.data);
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
export async function rowsOfCandidate(api: FlatchrApi, candidateId: string, operation: string, signal?: AbortSignal, field = 'candidate_id'): Promise<{ raw: unknown[]; rows: SearchRow[] }> {
  const [kind, key] = decodeCandidate(candidateId, operation, field);
  const { rows } = await searchApplicants(api, kind === 'email' ? { email: key } : {}, signal);
  const mine = rows.filter((row) => {
    const parsed = checkedParse(searchRowSchema, row);
    return parsed.success && candidateKey(parsed.data).join(':') === `${kind}:${key}`;
  });
  if (mine.length === 0) throw new NotFoundError(`Flatchr has no applicant for this candidate (${operation})`, { provider: PROVIDER, operation });
  return { raw: mine, rows: newestFirst(parsedRows(mine)) };
}

/** The search row of one application and the encoded id of its vacancy. */
export async function rowOfApplication(api: FlatchrApi, applicationId: string, operation: string, signal?: AbortSignal) {
  const decoded = decodeApplication(applicationId, operation, 'id');
  const { applicant } = decoded;
  const vacancyId = await vacancyOfApplication(api, decoded, operation, signal);
  const { lookups } = await loadLookups(api, signal);
  const vacancy = lookups.vacancyByInteger.get(vacancyId);
  if (!vacancy) throw new NotFoundError(`Flatchr has no vacancy for this application (${operation})`, { provider: PROVIDER, operation });
  const { rows } = await searchApplicants(api, { vacancy }, signal);
  const raw = rows.find((row) => rawField(row, 'applicant') === applicant);
  if (!raw) throw new NotFoundError(`Flatchr has no such applicant (${operation})`, { provider: PROVIDER, operation });
  return { raw, applicant, vacancy, lookups };
}

/** `getJob`: GET /vacancy/{id}. */
export async function getJob(api: FlatchrApi, jobId: string, options: ActionOptions): Promise<Job> {
  const vacancyId = ids.one(jobId, 'job', { field: 'id', operation: 'getJob' });
  return mapOne(await getVacancy(api, vacancyId, options.signal), flatchrPipelines.jobs, null, 'getJob');
}

/** `getCandidate`: the person's newest search row. */
export async function getCandidate(api: FlatchrApi, candidateId: string, options: ActionOptions): Promise<Candidate> {
  const { raw, rows } = await rowsOfCandidate(api, candidateId, 'getCandidate', options.signal, 'id');
  const newest = rows[0];
  const item = raw.find((row) => rawField(row, 'applicant') === newest?.applicant) ?? raw[0];
  return mapOne(item, flatchrPipelines.candidates, null, 'getCandidate');
}

/** `getApplication`: the applicant's row in its vacancy's search. */
export async function getApplication(api: FlatchrApi, applicationId: string, options: ActionOptions): Promise<Application> {
  const { raw, lookups } = await rowOfApplication(api, applicationId, 'getApplication', options.signal);
  return mapOne(raw, flatchrPipelines.applications, lookups, 'getApplication');
}

