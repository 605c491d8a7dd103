/**
 * Crelate's API (api3) mechanics as data: base URLs, auth header, page size, rate limit, cursor
 * filter, the list resources, and every endpoint the actions call. Everything here comes from
 * docs/connectors/sources/crelate.md; values marked INFERRED are hypotheses from those notes
 * (no live account, no OpenAPI spec offline) and are kept here, in one place, so they are easy to
 * change when a live tenant or the spec at `/api3/docs/v3/crelate-openapi.json` disagrees.
 */

import { providerPath } from '../../core/path-segments.js';

/** Crelate request paths: every id is one checked, encoded segment. */
const path = providerPath('crelate');

/** Documented hosts (A.2). */
export const crelateBaseUrls = {
  production: 'https://app.crelate.com/api3',
  // A separate host with separate keys (A.2, A.11 #13; CODE whippytesting config).
  sandbox: 'https://sandbox.crelate.com/api3',
} as const;

/** A list resource and how to read it. */
export interface CrelateResource {
  /** Path under the base URL. */
  path: string;
  /** Fixed query parameters. */
  query?: Record<string, string>;
  /** Whether `modified_after` is sent (CODE for contacts; INFERRED for the others). */
  serverDelta: boolean;
}

/** The Crelate descriptor. */
export const crelateDescriptor = {
  provider: 'crelate',
  defaultBaseUrl: crelateBaseUrls.production,
  /**
   * The API key goes in this header only (A.2: "prefer the header"): responses echo the full
   * request URL in `Metadata.Url`, so a key in the query would come back in every body.
   */
  apiKeyHeader: 'x-api-key',
  /** Every client uses 100 (A.4); the maximum is undocumented. */
  pageSize: 100,
  /**
   * INFERRED: the largest page asked for. Larger values may be capped silently by the server,
   * which would make every page look short, so the connector never asks for more.
   */
  maxPageSize: 100,
  /** INFERRED (A.6): nothing documented; ~2 req/s is the notes' recommendation (and a 3P "~120/min"). */
  rateLimit: { requests: 120, intervalMs: 60_000 },
  /** Overlap of a delta run: the notes recommend ~5 min (A.5). */
  lookbackMs: 5 * 60_000,
  /** The delta filter (A.5, CODE whippytesting `get_modified_contacts`). */
  modifiedAfterParam: 'modified_after',
  /**
   * INFERRED: whether `modified_after` is inclusive is unknown, so the bound is sent floored to the
   * second and 1 s earlier; records older than `since` are then dropped client-side.
   */
  modifiedAfterSlackMs: 1_000,
  /** Paging parameters (A.4). */
  paging: { offset: 'offset', limit: 'limit' },
  /** INFERRED: no request id header was seen; `Metadata.CorrelationId` is in the body instead. */
  requestIdHeader: 'x-correlation-id',
  resources: {
    contacts: { path: '/contacts', serverDelta: true },
    // INFERRED: `modified_after` on /jobs (A.5); records are filtered client-side as well.
    jobs: { path: '/jobs', serverDelta: true },
    workflowStatuses: { path: '/workflowstatuses', serverDelta: false },
  } satisfies Record<string, CrelateResource>,
  /** `RecordType` bit of a candidate (A.7.1); client contacts (2) and leads (4) are not candidates. */
  candidateRecordTypeBit: 1,
  /**
   * The recruiting workflow (A.7.5). Its type id was seen once, in upper case, and may be
   * org-specific (INFERRED), so a status is kept when its `WorkflowTypeId` has this id or this
   * title; a status with no `WorkflowTypeId` at all is kept too.
   */
  recruitingWorkflow: { ids: ['f6ef012f-998d-4132-b38b-a17a00b2b958'], title: 'Recruiting' },
  /** INFERRED: the name of the stage-type field of a workflow status (New, InProgress, Done...). */
  stageTypeFields: ['StageType', 'StatusType', 'Type'] as const,
  /** INFERRED: names of a rejection stage when no status carries a Done-Negative type. */
  rejectStageNames: ['not a fit', 'rejected', 'disqualified'] as const,
  /**
   * A job's pipeline (contacts on the job with their current status). INFERRED for api3: the path
   * is the one `POST` uses to add contacts (CODE), the GET and its item shape come from legacy v1
   * `GET /jobs/{jobId}/contacts` → `[{ Id, Name, StageId, StageName }]` (DOC legacy).
   */
  pipelinePath: (jobId: string) => path`/jobs/${jobId}/contacts`,
  /**
   * Moving a pipeline item: NOT CONFIRMED for api3 (A.7.3). The first candidate of the notes is
   * used: the same call that adds a contact, on a contact already on the job. Change it here.
   */
  stageMove: {
    method: 'POST' as const,
    path: (jobId: string) => path`/jobs/${jobId}/contacts`,
    query: (contactId: string) => ({ contact_ids: contactId }),
    body: (statusId: string) => ({ statusId }),
  },
  /** Single records (A.7.1, A.7.2). */
  jobPath: (jobId: string) => path`/jobs/${jobId}`,
  contactPath: (contactId: string) => path`/contacts/${contactId}`,
  /** Notes (A.7.7, CODE): `Display` is the body, `ParentId` the record, `RegardingId` the job. */
  notesPath: '/notes',
  /** Artifacts (A.7.8). */
  artifacts: {
    listPath: '/artifacts',
    contentPath: (artifactId: string) => path`/artifacts/${artifactId}/content`,
    /** Primary (resume) upload, multipart part `file` (CODE, checked live by a 3P). */
    primaryUploadPath: '/artifacts/primary',
    /** INFERRED: non-primary upload (A.7.8), used for files that are not a CV. */
    uploadPath: '/artifacts',
    filePart: 'file',
  },
  /** Candidate sources (A.7.10, CODE), to send `ContactSourceId` by id, never by name (quirk 4). */
  contactSourcesPath: '/contactsources',
  /** INFERRED: the default tag category id a 3P client writes tags under (A.7.9). */
  defaultTagCategoryId: '00000000-0000-0000-0000-000000000000',
  /** Cheapest authenticated request for `checkConnection`. */
  checkPath: '/jobs',
  /** Record URLs in the Crelate app (INFERRED from the contact URL pattern, A.7.2). */
  appUrl: {
    job: (jobId: string) => `https://app.crelate.com/go#stage/_Jobs/DefaultView/${jobId}/summary`,
    /** Seen in a third-party client (CODE). */
    contact: (contactId: string) => `https://app.crelate.com/go#stage/_Contacts/DefaultView/${contactId}/summary`,
  },
} as const;
