/**
 * The Flatchr read endpoints the connector calls, one function each, shared by the readers and the
 * actions. Lists are bare JSON arrays; anything else is a typed `ValidationError`.
 */
import { floorTo } from '../../core/dates.js';
import { earliestServerTime } from '../../core/server-time.js';
import { parseOrThrow } from '../../core/parse.js';
import type { HttpClient } from '../../core/http.js';
import { buildLookups, type FlatchrLookups } from './lookups.js';
import { companyPath, flatchrDescriptor as descriptor, type FlatchrResource } from './descriptor.js';
import { toFilterDate } from './dates.js';
import { listBodySchema } from './wire.js';
import { rawField } from '../../core/record-pipeline.js';

/** The connection's transport and company. */
export interface FlatchrApi {
  client: HttpClient;
  /** The encoded company id ("company key"). */
  companyId: string;
}

/** A bare array body, or a `ValidationError` naming the operation. */
export function arrayBody(body: unknown, operation: string): unknown[] {
  return parseOrThrow(listBodySchema, body, { provider: descriptor.provider, operation, what: 'a list that is not a JSON array' });
}

/**
 * GET one whole list resource (vacancies, columns, members, tags).
 * https://developers.flatchr.io/en/docs/QuickStart/Annonces/Recuperer_l_ensemble_de_vos_annonces
 * and the referential pages for columns / members, tags.
 */
export async function listResource(api: FlatchrApi, resource: FlatchrResource, signal?: AbortSignal): Promise<unknown[]> {
  return (await readListResource(api, resource, signal)).items;
}

/** {@link listResource}, with the provider's clock of its response (for the pages of a sync). */
export async function readListResource(api: FlatchrApi, resource: FlatchrResource, signal?: AbortSignal): Promise<{ items: unknown[]; serverTime: string | null }> {
  const operation = `GET ${resource.path}`;
  const response = await api.client.request({
    method: 'GET',
    path: companyPath(resource.path, api.companyId),
    query: resource.query,
    operation,
    signal,
  });
  return { items: arrayBody(response.body, operation), serverTime: response.serverTime };
}

/** Search filters. Dates are `MM/DD/YY`. */
export type SearchFilters = Record<string, string | number | boolean>;

/** The search filter of a delta run: `start_update`, rounded down to the day. */
export function deltaFilters(sinceMs: number | null): SearchFilters {
  return sinceMs === null ? {} : { [descriptor.updatedFromFilter]: toFilterDate(floorTo(sinceMs, descriptor.filterGranularityMs)) };
}

/**
 * POST the applicant search, once with the filters and once more for archived applicants
 * (INFERRED, see `descriptor.archivedSearch`), merged by applicant id, with the earliest provider
 * clock of the two responses.
 * https://developers.flatchr.io/en/docs/QuickStart/Candidats/Recuperer_un_candidat
 */
export async function searchApplicants(
  api: FlatchrApi,
  filters: SearchFilters,
  signal?: AbortSignal,
): Promise<{ rows: unknown[]; requests: number; serverTime: string | null }> {
  const operation = 'POST /company/{company}/search/applicants';
  const path = companyPath(descriptor.resources.search.path, api.companyId);
  const bodies = [filters, { ...filters, ...descriptor.archivedSearch }];
  const byApplicant = new Map<string, unknown>();
  const rows: unknown[] = [];
  let serverTime: string | null = null;
  for (const json of bodies) {
    // A search is a read: safe to retry although it is a POST.
    const response = await api.client.request({ method: 'POST', path, json, operation, idempotent: true, signal });
    serverTime = earliestServerTime(serverTime, response.serverTime);
    for (const row of arrayBody(response.body, operation)) {
      const applicant = rawField(row, 'applicant');
      if (typeof applicant !== 'string') rows.push(row);
      else if (!byApplicant.has(applicant)) byApplicant.set(applicant, row);
    }
  }
  return { rows: [...rows, ...byApplicant.values()], requests: bodies.length, serverTime };
}

/**
 * Loads the vacancy and column lookups for one run (two requests, in parallel), with the earliest
 * provider clock of the two responses.
 */
export async function loadLookups(
  api: FlatchrApi,
  signal?: AbortSignal,
): Promise<{ lookups: FlatchrLookups; vacancies: unknown[]; columns: unknown[]; serverTime: string | null }> {
  const [vacancies, columns] = await Promise.all([
    readListResource(api, descriptor.resources.vacancies, signal),
    readListResource(api, descriptor.resources.columns, signal),
  ]);
  return {
    lookups: buildLookups(vacancies.items, columns.items),
    vacancies: vacancies.items,
    columns: columns.items,
    serverTime: earliestServerTime(vacancies.serverTime, columns.serverTime),
  };
}

/**
 * GET one vacancy by its encoded id (note: not under `/company`).
 * https://developers.flatchr.io/en/docs/QuickStart/Annonces/Recuperer_une_annonce
 */
export async function getVacancy(api: FlatchrApi, vacancyId: string, signal?: AbortSignal): Promise<unknown> {
  const response = await api.client.request({
    method: 'GET',
    path: descriptor.paths.vacancy(vacancyId),
    query: descriptor.singleVacancyQuery,
    operation: 'GET /vacancy/{id}',
    signal,
  });
  // INFERRED: the single GET answers the bare object; an array of one is accepted too.
  return Array.isArray(response.body) ? response.body[0] : response.body;
}
