/**
 * Gem ATS API mechanics as data: base URL, auth headers, page size, rate limit, delta filters,
 * list resources and the write endpoints. Everything here comes from research notes on Gem's API
 * (public code written against it, unified-API vendors' notes, Gem's sibling APIs); values marked
 * INFERRED are hypotheses from those notes (docs/connectors/gem.md lists what is unverified) and
 * are kept here, in one place, so they are easy to change when a live tenant disagrees.
 */

import { providerPath } from '../../core/path-segments.js';

/** Gem request paths: every id is one checked, encoded segment. */
const path = providerPath('gem');

/** A list resource and how to read it. */
export interface GemResource {
  /** Path under the base URL; collection paths end with `/` as in the reference anchors. */
  path: string;
  /** The server-side delta filter this endpoint accepts, or null. */
  deltaParam: 'updated_after' | 'last_activity_after' | null;
  /** Whether `include_deleted=true` is accepted, so soft-deleted rows come back with `deleted_at`. */
  includeDeleted: boolean;
  /** Fixed query parameters. */
  query?: Record<string, string>;
}

/** The Gem descriptor. */
export const gemDescriptor = {
  provider: 'gem',
  /** the ATS API (not the sourcing `v0` API, which has other conventions). */
  defaultBaseUrl: 'https://api.gem.com/ats/v0',
  /** the customer key (or the partner's "shareable access key"). */
  apiKeyHeader: 'x-api-key',
  /** the partner application secret, sent next to the key. */
  applicationSecretHeader: 'x-application-secret',
  /** `per_page` accepts 1..500 (default 100); we always ask for the maximum. */
  pageSize: 500,
  /** page numbers are 1-based. */
  pageParams: { page: 'page', size: 'per_page' },
  /**
   * the end-of-list signal is UNKNOWN. INFERRED order: a `Link` header (Harvest style), else
   * an `X-Pagination` JSON header (Gem's sourcing API style), else a short page ends the list.
   */
  paginationHeader: 'x-pagination',
  /**
   * 20 requests/s per key with a burst of 500. The core limiter spaces requests evenly
   * (no burst), so only the sustained rate is configured; the burst is recorded for reference.
   */
  rateLimit: { requests: 20, intervalMs: 1_000 },
  burst: 500,
  /** bound inclusiveness is UNKNOWN, so a delta run re-reads 5 minutes. */
  lookbackMs: 5 * 60_000,
  /** INFERRED: AWS API Gateway request id header. */
  requestIdHeader: 'x-amzn-requestid',
  resources: {
    users: { path: '/users/', deltaParam: 'updated_after', includeDeleted: true },
    jobs: { path: '/jobs/', deltaParam: 'updated_after', includeDeleted: true },
    // no `include_deleted` documented for job posts.
    jobPosts: { path: '/job_posts/', deltaParam: 'updated_after', includeDeleted: false },
    jobStages: { path: '/job_stages/', deltaParam: 'updated_after', includeDeleted: true },
    candidates: { path: '/candidates/', deltaParam: 'updated_after', includeDeleted: true },
    // applications have no `updated_after`, only `last_activity_after`.
    applications: { path: '/applications/', deltaParam: 'last_activity_after', includeDeleted: true },
    scheduledInterviews: { path: '/scheduled_interviews/', deltaParam: 'updated_after', includeDeleted: true },
  } satisfies Record<string, GemResource>,
  /** the job description and post URL come from the most recent live, active post. */
  livePostQuery: { live: 'true', active: 'true' },
  /**
   * INFERRED: the ATS job post type has no public URL field; these keys are read when
   * present (`absolute_url` is the Job Board API's name for it).
   */
  postUrlFields: ['absolute_url', 'url', 'public_url'] as const,
  /** a job's stages, ordered by `priority`. */
  jobStagesPath: (jobId: string) => path`/jobs/${jobId}/stages`,
  /** Single records. */
  candidatePath: (id: string) => path`/candidates/${id}`,
  applicationPath: (id: string) => path`/applications/${id}`,
  jobPath: (id: string) => path`/jobs/${id}`,
  /** Confirmed: candidate notes, with the author as `user_id` in the body. */
  notePath: (candidateId: string) => path`/candidates/${candidateId}/activity_feed/notes`,
  noteVisibility: 'public',
  /** a note body holds at most 10,000 characters. */
  noteMaxLength: 10_000,
  /**
   * INFERRED (low confidence): no reachable source names the move endpoint. This is the
   * Harvest-style guess; the alternative is `PATCH /applications/{id}` with `current_stage_id`.
   * Change it here when Gem's partner documentation says otherwise.
   */
  moveStage: {
    method: 'POST' as 'POST' | 'PATCH',
    path: (applicationId: string) => path`/applications/${applicationId}/move`,
    body: (fromStageId: string | null, toStageId: string, userId: string | null) => ({
      from_stage_id: fromStageId,
      to_stage_id: toStageId,
      ...(userId ? { user_id: userId } : {}),
    }),
  },
  /** deprecated but working; also creates an application on `job_id`. */
  createCandidatePath: '/candidates/',
  /**
   * Attachment types `POST /candidates/` takes (`type` next to base64 `content`; the values
   * are INFERRED from Harvest, whose create takes `resume`, `cover_letter` and `admin_only`).
   */
  attachmentTypes: { CV: 'resume', COVER_LETTER: 'cover_letter', OTHER: 'admin_only' } as const,
  /**
   * INFERRED (no reachable source names it): an existing candidate applied to a job, Harvest style
   * (`POST /candidates/{id}/applications` with `job_id` and `initial_stage_id`). The documented
   * create (`POST /candidates/`) answers "Duplicate candidate" for a known email, so it cannot add
   * a job to an existing person. Change it here when Gem's partner documentation says otherwise.
   */
  createApplication: {
    path: (candidateId: string) => path`/candidates/${candidateId}/applications`,
    body: (jobId: string, stageId: string | null, sourceId: string | null) => ({
      job_id: jobId,
      ...(stageId ? { initial_stage_id: stageId } : {}),
      ...(sourceId ? { source_id: sourceId } : {}),
    }),
  },
  /**
   * The list filters sent to Gem, one value each: `email` on candidates and users,
   * `job_id` on applications. Applications have no candidate filter: `candidate_ids` is checked on
   * the records. Whether `email` matches exactly is not documented; the records are checked exactly.
   */
  serverFilters: {
    candidates: { emails: 'email' },
    users: { emails: 'email' },
    applications: { job_ids: 'job_id', outcomes: 'status', created_after: 'created_after' },
    jobs: { statuses: 'status' },
  },
  /**
   * Unified values a `status` filter can be sent for: only those that are exactly one Gem status
   * (DRAFT is three: draft, pending_approval, approved, so it is checked client-side).
   */
  statusValues: {
    applications: { PENDING: 'active', HIRED: 'hired', DECLINED: 'rejected' } as Record<string, string>,
    jobs: { OPEN: 'open', CLOSED: 'closed' } as Record<string, string>,
  },
  /** Cheapest authenticated request for `checkConnection`. */
  checkPath: '/users/',
  /** INFERRED: the AWS API Gateway answers a wrong key with 403, so 403 means bad credentials here. */
  forbiddenMeans: 'invalid_credentials',
} as const;
