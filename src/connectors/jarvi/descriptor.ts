/**
 * Jarvi's public REST API v2 mechanics as data: base URL, auth header, page size, rate budget,
 * cursor field, and the list resources with their Hasura `where` filters and `orderBy`. Everything
 * here comes from docs/connectors/sources/jarvi.md; values marked INFERRED are hypotheses
 * from those notes, kept here, in one place, so they are easy to change when a live workspace
 * disagrees.
 */

/** A list resource and how to read it. */
export interface JarviResource {
  /** Path under the base URL. */
  path: string;
  /** Fixed Hasura boolean expression, merged with the delta filter (B.3). */
  where: Record<string, unknown>;
  /** Hasura `orderBy` object sent as JSON (B.3). */
  orderBy: Record<string, string> | null;
  /** Whether the `updatedAt` filter is sent (B.4). */
  serverDelta: boolean;
  /** Which key of the private/public pair the route takes (B.2). */
  key: 'private' | 'public';
  /** The largest `limit` the route honours (B.3). */
  maxLimit: number;
}

/** The Jarvi descriptor. */
export const jarviDescriptor = {
  provider: 'jarvi',
  /** B.2: every documented reference page (api.jarvi.tech does not exist). */
  defaultBaseUrl: 'https://functions.prod.jarvi.tech/v1/public-api/rest/v2',
  /** B.2: the OpenAPI security scheme is an API key in this header (sent lower-cased; HTTP headers are case-insensitive). */
  authHeader: 'x-api-key',
  /**
   * B.3: `/profiles` returns at most 100 rows whatever `limit` says (measured), so 100 is the page
   * size for every resource; pagination advances by what came back, never by what was asked.
   */
  pageSize: 100,
  /**
   * B.5: the limit is server execution time (300 s per hour, Mon–Fri 07:00–18:00 UTC), not a
   * request count, so there is no request-count budget to enforce client-side; a spent budget
   * answers 429 with `Retry-After` (seconds, often until the hour ends), which the transport turns
   * into `RateLimitError` with `retryAfterMs` instead of sleeping for minutes.
   */
  rateLimit: false as const,
  executionBudget: { secondsPerHour: 300, weekdays: [1, 2, 3, 4, 5], hoursUtc: [7, 18] },
  /**
   * Re-read window of a delta run. INFERRED: writes are processed asynchronously (`taskId`, B.7.1),
   * so a record can become visible with an `updatedAt` slightly in the past; one minute covers it.
   */
  lookbackMs: 60_000,
  /** B.4: the `updatedAt` comparison is a strict `_gt`, so the lower bound is stepped back by this. */
  strictBoundStepMs: 1,
  /** B.4: the cursor field of profiles and projects. */
  cursorField: 'updatedAt',
  /** B.9: INFERRED request id header; none is documented. */
  requestIdHeader: 'x-request-id',
  resources: {
    // https://api-docs.jarvi.tech/en/api-reference/profiles/get — B.6.1: candidates are talents; the filter leaks ~1%, so the mapper re-checks `isTalent`.
    // `orderBy createdAt` as the measured connector does: an update during the scan does not move
    // a row between offsets (ordering by updatedAt would, and could skip a row).
    profiles: { path: '/profiles', where: { isTalent: { _eq: true } }, orderBy: { createdAt: 'asc' }, serverDelta: true, key: 'private', maxLimit: 100 },
    // https://api-docs.jarvi.tech/en/api-reference/projects/get — B.6.2: jobs are recruitment projects (sales deals are dropped client-side too).
    projects: { path: '/projects', where: { isMadeForRecruitment: { _eq: true } }, orderBy: { createdAt: 'asc' }, serverDelta: true, key: 'private', maxLimit: 100 },
    // Users and hiring teams come from the users embedded in every project, sales ones included.
    allProjects: { path: '/projects', where: {}, orderBy: { createdAt: 'asc' }, serverDelta: false, key: 'private', maxLimit: 100 },
    // https://api-docs.jarvi.tech/en/api-reference/offers/get — B.6.2: published job ads; documented for the public key, limit up to 2000. INFERRED: no
    // `orderBy` is documented for offers, so none is sent; `where` is listed as a parameter.
    offers: { path: '/offers', where: {}, orderBy: null, serverDelta: true, key: 'public', maxLimit: 2000 },
  } satisfies Record<string, JarviResource>,
  /**
   * B.6.5, INFERRED: the profile↔project rows embedded in a profile. Reading applications is not
   * documented; these are the names to probe first. A profile without any of them has no
   * readable applications.
   */
  applicationKeys: ['projects', 'projectsProfiles'] as const,
  /** Deep links into the Jarvi app (CODE, B.6.1/B.6.2). */
  appUrls: {
    profile: (id: string) => `https://app.jarvi.tech/#/crm/profiles/${id}`,
    project: (id: string) => `https://app.jarvi.tech/#/projects/${id}`,
  },
  /** B.7.2: largest request body, base64 files included. */
  maxRequestBytes: 4.5 * 1024 * 1024,
  /** Cheapest authenticated private-key request for `checkConnection`: a public key answers 403 (B.2). */
  checkRequest: { method: 'GET' as const, path: '/profiles', query: { limit: 1, offset: 0 } },
  /** The models the check request reads (named when a public key is passed as `apiKey`). */
  checkModels: ['candidates', 'applications'] as const,
  /** Keys are scoped (B.2): besides profiles, a sync reads projects with the private key and offers with either. */
  permissionProbes: {
    private: [{ models: ['jobs', 'hiring_team', 'users'], request: { method: 'GET', path: '/projects', query: { limit: 1, offset: 0 } } }],
    public: [{ models: ['job_postings'], request: { method: 'GET', path: '/offers', query: { limit: 1, offset: 0 } } }],
  },
  /** Said when a route refuses the key. */
  permissionHint: 'A sync needs the Jarvi private API key as apiKey (the public key may only create applications and read offers).',
} as const;

/** A resource name of the descriptor. */
export type JarviResourceName = keyof typeof jarviDescriptor.resources;
