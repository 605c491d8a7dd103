/**
 * Teamtailor's API mechanics as data: base URLs, auth and version headers, page size, rate limit,
 * cursor fields, and the list resources with their includes. Everything here comes from
 * Teamtailor's documentation, its official client and observed answers (docs/connectors/teamtailor.md);
 * values marked INFERRED are hypotheses from those
 * notes and are kept here, in one place, so they are easy to change when a live tenant disagrees.
 */

import { providerPath } from '../../core/path-segments.js';
import type { PermissionProbe } from '../shared/check-connection.js';

/** Teamtailor request paths: every id is one checked, encoded segment. */
const path = providerPath('teamtailor');

/** Regions and their documented base URLs. */
export const teamtailorBaseUrls = {
  eu: 'https://api.teamtailor.com/v1',
  na: 'https://api.na.teamtailor.com/v1',
  // INFERRED: the AU host is documented for the Partner API only; a 3P SDK uses it for the public API.
  au: 'https://api.au.teamtailor.com/v1',
} as const;

/** A list resource and how to read it. */
export interface TeamtailorResource {
  /** Path under the base URL. */
  path: string;
  /** Relationships to sideload (JSON:API `include`), so a page is one request. */
  include: readonly string[];
  /** Fixed query parameters. */
  query?: Record<string, string>;
  /** Whether `filter[updated-at][from]` is sent (documented for candidates and job-applications). */
  serverDelta: boolean;
  /** `sort` value; INFERRED for `updated-at` (recommended by integrators, not documented). */
  sort?: string;
  /**
   * Page by time keyset (a fresh `filter[updated-at][from]` query from the last timestamp seen)
   * instead of `links.next`, so rows updated during the scan cannot shift others past the reader
   * (docs/decisions/0004-time-keyset-paging.md). Needs `serverDelta` and `sort: 'updated-at'`.
   */
  keyset?: boolean;
}

/** The Teamtailor descriptor. */
export const teamtailorDescriptor = {
  provider: 'teamtailor',
  defaultBaseUrl: teamtailorBaseUrls.eu,
  /** The newest version seen live (observed 2026-04 through the 406 body). */
  apiVersion: '20240904',
  contentType: 'application/vnd.api+json',
  /** `page[size]` maximum; larger values are rejected with 400. */
  pageSize: 30,
  /** ~50 requests per 10 s per key (3P + observed). */
  rateLimit: { requests: 50, intervalMs: 10_000 },
  /** Re-read window of a delta run: stage moves become visible 15–50 s late, so 5 min. */
  lookbackMs: 5 * 60_000,
  /** The delta filter. */
  updatedFromFilter: 'filter[updated-at][from]',
  /**
   * Precision of the filter value: ISO 8601 with milliseconds. INFERRED: inclusivity and whether the
   * server truncates are unknown; keyset bounds are 1 ms before the last timestamp, which is
   * complete either way (src/core/keyset.ts).
   */
  updatedFromGranularityMs: 1,
  /** The request id header. INFERRED: Rails apps send `x-request-id`. */
  requestIdHeader: 'x-request-id',
  resources: {
    users: { path: '/users', include: [], serverDelta: false },
    // `filter[status]=all`: the default hides drafts and archived jobs. Both feeds are
    // read, since `filter[feed]` defaults to `public`.
    // `team-memberships.user`: a membership's user linkage only exists when it is included.
    // `picked-questions.question`: the application-form questions with `mandatory` (INFERRED include path).
    jobs: {
      path: '/jobs',
      include: ['department', 'locations', 'user', 'team-memberships', 'team-memberships.user', 'picked-questions', 'picked-questions.question'],
      query: { 'filter[status]': 'all' },
      serverDelta: false,
    },
    stages: { path: '/stages', include: ['job'], serverDelta: false },
    candidates: { path: '/candidates', include: ['custom-field-values', 'custom-field-values.custom-field'], serverDelta: true, sort: 'updated-at', keyset: true },
    // `candidate.answers.question`: the candidate's application-form answers (INFERRED include path).
    applications: {
      path: '/job-applications',
      include: ['candidate', 'job', 'stage', 'reject-reason', 'candidate.answers', 'candidate.answers.question'],
      serverDelta: true,
      sort: 'updated-at',
      keyset: true,
    },
    rejectReasons: { path: '/reject-reasons', include: [], serverDelta: false },
  } satisfies Record<string, TeamtailorResource>,
  /**
   * List filters sent to the API, by model and filter, when the caller gives exactly one value
   * (each filter takes one). `filter[email]` on candidates and users is documented;
   * `filter[job]` and `filter[candidate]` on job-applications are INFERRED (reported by third
   * parties only). Every filter is also checked on the records, so a filter the API ignores costs
   * requests, never correctness.
   */
  serverFilters: {
    candidates: { emails: 'filter[email]' },
    users: { emails: 'filter[email]' },
    applications: { job_ids: 'filter[job]', candidate_ids: 'filter[candidate]' },
  },
  /** Job feeds to read. */
  jobFeeds: ['public', 'internal'] as const,
  /** Cheapest authenticated request for `checkConnection` (`GET /v1/company`): every key scope reads it. */
  checkPath: '/company',
  /**
   * One request per resource a sync reads. Keys have scopes (Public, Internal, Admin): a non-Admin
   * key answers 403 on candidates, applications, users and stages (3P), and a Public key sees
   * published jobs only (INFERRED: 403 on the internal feed with every status).
   */
  permissionProbes: [
    { models: ['candidates', 'tags'], request: { method: 'GET', path: '/candidates', query: { 'page[size]': 1 } } },
    { models: ['applications'], request: { method: 'GET', path: '/job-applications', query: { 'page[size]': 1 } } },
    { models: ['users'], request: { method: 'GET', path: '/users', query: { 'page[size]': 1 } } },
    { models: ['application_stages', 'job_stages'], request: { method: 'GET', path: '/stages', query: { 'page[size]': 1 } } },
    { models: ['rejection_reasons'], request: { method: 'GET', path: '/reject-reasons', query: { 'page[size]': 1 } } },
    {
      models: ['jobs', 'job_postings', 'hiring_team'],
      request: { method: 'GET', path: '/jobs', query: { 'filter[status]': 'all', 'filter[feed]': 'internal', 'page[size]': 1 } },
    },
  ] satisfies readonly PermissionProbe[],
  /** Said when a probe is refused. */
  permissionHint: 'A sync needs an Admin-scope Teamtailor API key (read; read/write for actions).',
  /** A wrong region answers 401 like a wrong key. */
  invalidCredentialsHint: 'or a key of another region: eu, na or au (say which in the options, or pass its baseUrl)',
  /** Single-record and sub-resource paths. */
  paths: {
    job: (id: string) => path`/jobs/${id}`,
    jobStages: (jobId: string) => path`/jobs/${jobId}/stages`,
    candidate: (id: string) => path`/candidates/${id}`,
    application: (id: string) => path`/job-applications/${id}`,
  },
} as const;
