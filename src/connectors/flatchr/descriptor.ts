/**
 * Flatchr's API mechanics as data: hosts, auth, page size, rate limits, the delta filter, the
 * resources and their paths, from Flatchr's public docs (developers.flatchr.io, its 2022 and 2020
 * sources) and HrFlow's Flatchr connector; values marked INFERRED are hypotheses (listed on
 * docs/connectors/flatchr.md), kept here in one place so they are easy to change when a live
 * tenant disagrees.
 */

import { pathSegment, providerPath } from '../../core/path-segments.js';

/** Flatchr request paths: every id is one checked, encoded segment. */
const path = providerPath('flatchr');

/** A list resource of Flatchr: a path under `/company/{companyId}` (or absolute) and fixed query. */
export interface FlatchrResource {
  /** Path template; `{company}` is replaced by the encoded company id. */
  path: string;
  /** Fixed query parameters. */
  query?: Record<string, string>;
}

const DAY_MS = 86_400_000;

/** The Flatchr descriptor. */
export const flatchrDescriptor = {
  provider: 'flatchr',
  /** Main API host. */
  defaultBaseUrl: 'https://api.flatchr.io',
  /** Career-site API host: candidate creation only. */
  defaultCareersBaseUrl: 'https://careers.flatchr.io',
  /**
   * Flatchr has no pagination: every list arrives whole. The connector still hands records
   * out in pages of this size, so callers and the sync engine checkpoint and hold bounded pages.
   */
  pageSize: 100,
  /** INFERRED: nothing is documented beyond the files route; ~2 req/s per company is the notes' advice. */
  rateLimit: { requests: 2, intervalMs: 1_000 },
  /** CV download route: documented 1 req/s per company, no concurrency. */
  filesRateLimit: { requests: 1, intervalMs: 1_000, maxConcurrent: 1 },
  /**
   * Re-read window of a delta run. The search filter has day granularity in an undocumented time
   * zone (Flatchr is French, so INFERRED Europe/Paris): one day back covers the zone shift.
   */
  lookbackMs: DAY_MS,
  /** Granularity of `start_update`: the lower bound is rounded down to the day. */
  filterGranularityMs: DAY_MS,
  /** The delta filter of the applicant search and its format (`MM/DD/YY`, US order). */
  updatedFromFilter: 'start_update',
  /**
   * INFERRED: archived applicants (status 0) are searchable, but whether a search without
   * `status` returns them is undocumented. The connector runs the search twice (default + this
   * body) and merges by applicant id, so archived applications are never mistaken for deleted.
   */
  archivedSearch: { status: 0 },
  /** The request id header. INFERRED: none documented; common proxies send `x-request-id`. */
  requestIdHeader: 'x-request-id',
  resources: {
    vacancies: { path: '/company/{company}/vacancies', query: { fields: 'address,tags' } },
    columns: { path: '/company/{company}/columns' },
    members: { path: '/company/{company}/members', query: { fields: 'user' } },
    tags: { path: '/company/{company}/tags' },
    search: { path: '/company/{company}/search/applicants' },
  } satisfies Record<string, FlatchrResource>,
  /** Query of the single vacancy GET: the list's extra objects plus the application-form questions. */
  singleVacancyQuery: { fields: 'address,tags,questions' },
  /** `fields` asked on comment lists. */
  commentFields: 'author,attachments',
  /** Tag catalogue type for candidate tags; `vacancies` tags are folders on jobs. */
  candidateTagType: 'candidates',
  /** Comment `type` sent on creation (`note` is the documented example). */
  commentType: 'note',
  /** Cheapest authenticated request for `checkConnection`: the (small) column list. */
  checkPath: '/company/{company}/columns',
  /** How often `createCandidate` searches for the new applicant (the create returns no id). */
  createLookup: { attempts: 3, delayMs: 500 },
  /** Paths with ids (the company key, a vacancy, an applicant), each id one checked segment. */
  paths: {
    /** One applicant in a vacancy's pipeline: PUT moves it, DELETE archives it. */
    vacancyApplicant: (company: string, vacancy: string, applicant: string) => path`/company/${company}/vacancy/${vacancy}/applicant/${applicant}`,
    /** The full applicant object, legacy docs. */
    applicant: (company: string, applicant: string) => path`/company/${company}/applicant/${applicant}`,
    /** Key/value tags of an applicant. */
    trait: (company: string, applicant: string) => path`/company/${company}/applicant/${applicant}/trait`,
    /** POST one comment. */
    comment: (company: string, applicant: string) => path`/company/${company}/applicant/${applicant}/comment`,
    /** GET the comments. */
    comments: (company: string, applicant: string) => path`/company/${company}/applicant/${applicant}/comments`,
    /** CV bytes. */
    files: (company: string) => path`/company/${company}/files/expire`,
    /** One vacancy by its encoded id; not under `/company`. */
    vacancy: (vacancy: string) => path`/vacancy/${vacancy}`,
  },
} as const;

/** A resource path with the company id filled in (one checked, encoded segment). */
export function companyPath(template: string, companyId: string): string {
  return template.replace('{company}', pathSegment(companyId, { provider: 'flatchr', operation: template }));
}
