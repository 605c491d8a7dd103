/**
 * The model readers of the Crelate connector: which api3 list feeds which unified model. One
 * request per page of 100 wherever the API allows it; the one fan-out is applications, which need
 * one pipeline listing per job (A.7.3: no cross-job pipeline list exists), read job by job.
 *
 * Tags such as A.7.3 are defined in docs/connectors/sources/crelate.md.
 */
import { z } from 'zod';
import { NotFoundError } from '../../core/errors.js';
import { earliestServerTime, serverTimeOf } from '../../core/server-time.js';
import type { HttpClient } from '../../core/http.js';
import { offsetLimit, type PaginationStrategy } from '../../core/pagination.js';
import { mapItems, rawField, summarise, type RecordPipeline } from '../../core/record-pipeline.js';
import { createSyncStream, type Page, type QuarantinedRecord, type SyncOptions, type SyncStream } from '../../core/stream.js';
import {
  ApplicationSchema,
  ApplicationStageSchema,
  CandidateSchema,
  HiringTeamMemberSchema,
  JobPostingSchema,
  JobSchema,
  JobStageSchema,
  TagSchema,
  type Application,
  type Tag,
} from '../../models/index.js';
import type { ModelName } from '../../models/registry.js';
import type { ModelReader } from '../shared/define-connector.js';
import type { ResolvedFilters } from '../../core/list-filters.js';
import { remoteRefOf } from '../shared/remote-ref.js';
import { tryDecode } from '../../core/ids.js';
import { mapOne, noContext, pipelineFactory, rawPages as sharedRawPages, resourceStream as sharedResourceStream, type ListReading } from '../shared/reads.js';
import { crelateDescriptor as descriptor, type CrelateResource } from './descriptor.js';
import { envelopeData, listData, listTotal } from './envelope.js';
import { guid, lookupId } from './mappers/common.js';
import { toApplication, type PipelineContext } from './mappers/to-application.js';
import { toCandidate } from './mappers/to-candidate.js';
import { isOpenJob, toHiringTeam, toJob, toJobPosting } from './mappers/to-job.js';
import { toTag } from './mappers/to-misc.js';
import { toApplicationStage, toJobStages } from './mappers/to-stage.js';
import { isRecruitingType, WorkflowCatalog, workflowTypeOf, type WorkflowStatuses } from './workflows.js';
import * as wire from './wire.js';
import { checkedParse } from '../../core/schema-check.js';

const offsetPaging = offsetLimit(descriptor.paging, listTotal);

/**
 * Offset/limit paging (A.4). The list ends on `Metadata.MoreRecords: false`, on `offset >=
 * TotalRecords`, or on a short page (fewer items than asked for) unless `MoreRecords` is
 * explicitly true, so the end of a list costs no extra empty request when both are null. The page
 * size is capped at the maximum every client uses, so a short page is never a server-side cap.
 */
export const crelatePaging: PaginationStrategy = {
  first: offsetPaging.first,
  next(context) {
    const more = rawField(rawField(context.response.body, 'Metadata'), 'MoreRecords');
    const asked = Number(context.request.query[descriptor.paging.limit]);
    if (more !== true && Number.isFinite(asked) && context.itemCount < asked) return null;
    return offsetPaging.next(context);
  },
};

/** Reads `Id` (or a pipeline item's `ContactId.Id`) from a raw item that may have failed its schema. */
const remoteId = (item: unknown) => {
  const id = rawField(item, 'Id') ?? rawField(rawField(item, 'ContactId'), 'Id');
  return typeof id === 'string' && id.trim() !== '' ? guid(id) : null;
};

/** `modified_after` for `since`: floored to the second, minus the slack (descriptor, INFERRED). */
export function modifiedAfter(sinceMs: number): string {
  const ms = Math.floor(sinceMs / 1000) * 1000 - descriptor.modifiedAfterSlackMs;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** How Crelate list resources are read: offset paging, the `{ Data }` envelope, `modified_after`. */
const reading: ListReading<CrelateResource> = {
  strategy: crelatePaging,
  path: (resource) => resource.path,
  items: (body, resource) => listData(body, `GET ${resource.path}`),
  query(resource, sinceMs) {
    const query: Record<string, string> = { ...resource.query };
    if (resource.serverDelta && sinceMs !== null) query[descriptor.modifiedAfterParam] = modifiedAfter(sinceMs);
    return query;
  },
  pageSize: (_resource, requested) => Math.min(requested ?? descriptor.pageSize, descriptor.maxPageSize),
  // No sort parameter on api3 lists (A.4).
  ordered: () => false,
  pageWarnings: (items, resource) => (resource === descriptor.resources.contacts ? untypedContactWarnings(items) : []),
};

/**
 * A contact with no `RecordType` (one created through the API without it) has no candidate bit, so
 * it is not delivered as a candidate (see docs/decisions/0057-crelate-untyped-contacts.md), but
 * never silently: the page says how many were skipped and which.
 */
export function untypedContactWarnings(items: readonly unknown[]): string[] {
  const ids = items.filter((item) => rawField(item, 'RecordType') === null || rawField(item, 'RecordType') === undefined).map((item) => remoteId(item) ?? '(no id)');
  if (ids.length === 0) return [];
  const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ', ...' : '');
  return [
    `${ids.length} Crelate contact(s) with RecordType null skipped (${shown}): only contacts with the candidate bit (RecordType 1) are candidates, and contacts created through the API without a RecordType have none. Mark them as candidates in Crelate to sync them.`,
  ];
}

/** A pipeline with its types inferred from the wire schema and the mapper. */
const pipeline = pipelineFactory(remoteId);

const pipelines = {
  candidates: pipeline(wire.contactSchema, CandidateSchema, (raw, _context: null) => toCandidate(raw)),
  jobs: pipeline(wire.jobSchema, JobSchema, (raw, _context: null) => toJob(raw)),
  jobPostings: pipeline(wire.jobSchema, JobPostingSchema, (raw, _context: null) => toJobPosting(raw)),
  hiringTeam: pipeline(wire.jobSchema, HiringTeamMemberSchema, (raw, _context: null) => toHiringTeam(raw)),
  applications: pipeline(wire.pipelineItemSchema, ApplicationSchema, (raw, context: PipelineContext) => toApplication(raw, context)),
};

/** A stream over one Crelate list resource. */
function resourceStream<Wire, T extends { changed_at: string | null }>(
  client: HttpClient,
  resource: CrelateResource,
  recordPipeline: RecordPipeline<Wire, null, T>,
  sinceMs: number | null,
  options: SyncOptions,
  query: Record<string, string> = {},
): SyncStream<T> {
  return sharedResourceStream(client, reading, resource, recordPipeline, sinceMs, options, { pageContext: noContext, query });
}

/** A Crelate GUID, in any case. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@,]+@[^\s@,]+$/;

/**
 * The candidate filters sent to Crelate: one address goes as `emails=` (an exact match, A.7.1);
 * several are left to the client-side check (the separator of multi-value parameters is not
 * confirmed).
 */
function candidateQuery(filters: ResolvedFilters | null | undefined): Record<string, string> {
  const email = filters?.emails?.length === 1 ? (filters.emails[0] as string) : null;
  return email && EMAIL.test(email) ? { emails: email.toLowerCase() } : {};
}

/** The job GUIDs of a `job_ids` filter, or null when there is none or one value is not a Crelate job id. */
function jobIdsOf(filters: ResolvedFilters | null | undefined): string[] | null {
  if (filters?.job_ids) {
    const ids = filters.job_ids.map((value) => remoteRefOf(value, descriptor.provider, 'job', GUID));
    return ids.every((id): id is string => id !== null) ? [...new Set(ids.map(guid))] : null;
  }
  // Application ids name their job (`<jobId>:<contactId>`): only those jobs need reading; the
  // client-side check then keeps the exact items.
  const applications = filters?.ids ?? filters?.remote_ids;
  if (!applications) return null;
  const ids = applications.map(applicationJobId);
  return ids.every((id): id is string => id !== null) ? [...new Set(ids)] : null;
}

/** The job GUID of an application id (unified, or Crelate's `<jobId>:<contactId>`), or null. */
function applicationJobId(value: string): string | null {
  const parts = tryDecode(value);
  const pair = parts ? (parts[0] === descriptor.provider && parts[1] === 'application' && parts.length === 4 ? [parts[2], parts[3]] : null) : value.split(':');
  return pair && pair.length === 2 && GUID.test(String(pair[0])) && GUID.test(String(pair[1])) ? guid(String(pair[0])) : null;
}

/** Every raw item of a list, page by page (for small lists and per-job pipelines). */
export function rawPages(client: HttpClient, path: string, query: Record<string, string>, options: SyncOptions, operation: string) {
  return sharedRawPages(client, reading, { path, serverDelta: false }, query, options, operation);
}

/** A workflow catalog reading through the connector's paging (one per sync or action). */
export function workflowCatalog(client: HttpClient, options: SyncOptions): WorkflowCatalog {
  return new WorkflowCatalog((path, query, pageOptions, operation) => rawPages(client, path, query, pageOptions, operation), options);
}

/** A status with its position in the global stage list. */
const rankedStatusSchema = z.object({ status: wire.workflowStatusSchema, index: z.number().int() });

/**
 * The workflow types the jobs use, in global stage order: the recruiting type first, then by title
 * and id. With no job at all, the default recruiting type, so a new account still has stages.
 */
async function typesInUse(client: HttpClient, options: SyncOptions): Promise<{ types: string[]; requests: number; serverTime: string | null }> {
  const titles = new Map<string, string | null>();
  let requests = 0;
  let serverTime: string | null = null;
  for await (const page of rawPages(client, descriptor.resources.jobs.path, {}, options, 'GET /jobs (workflow types)')) {
    requests += 1;
    serverTime = earliestServerTime(serverTime, page.response.serverTime);
    for (const item of page.items) {
      const typeId = workflowTypeOf(item);
      if (titles.has(typeId)) continue;
      const title = rawField(rawField(item, 'WorkflowTypeId'), 'Title');
      titles.set(typeId, typeof title === 'string' ? title : null);
    }
  }
  if (titles.size === 0) titles.set(workflowTypeOf(null), descriptor.recruitingWorkflow.title);
  const rank = ([id, title]: [string, string | null]) => (isRecruitingType(id, title) ? 0 : 1);
  const types = [...titles].sort((a, b) => rank(a) - rank(b) || String(a[1]).localeCompare(String(b[1])) || a[0].localeCompare(b[0])).map(([id]) => id);
  return { types, requests, serverTime };
}

/**
 * Application stages: the statuses of every workflow type the jobs use, with their global position.
 * One page, built from the jobs and every type's statuses: the earliest clock of them all.
 */
function stagesReader(client: HttpClient): ModelReader<'application_stages'> {
  return (sinceMs, options) =>
    createSyncStream(async function* () {
      const { types, requests, serverTime: typesTime } = await typesInUse(client, options);
      const catalog = workflowCatalog(client, options);
      const ranked: { status: wire.WireWorkflowStatus; index: number }[] = [];
      const failed: QuarantinedRecord[] = [];
      let serverTime = typesTime;
      for (const typeId of types) {
        const workflow = await catalog.ofType(typeId);
        for (const status of workflow.statuses) ranked.push({ status, index: ranked.length });
        failed.push(...workflow.failed);
        serverTime = earliestServerTime(serverTime, workflow.serverTime);
      }
      const { records, quarantined } = mapItems(
        ranked,
        pipeline(rankedStatusSchema, ApplicationStageSchema, ({ status, index }) => toApplicationStage(status, index)),
        null,
        sinceMs,
      );
      yield { records, quarantined: [...failed, ...quarantined], checkpoint: null, requests: requests + catalog.requests, warnings: [], serverTime };
    });
}

/**
 * Job stages: each job gets the statuses of its own workflow type (read once per type). A page is
 * one jobs page with its types' statuses, read now or cached from an earlier page: the earliest
 * clock of the jobs page and of the responses those statuses came from.
 */
function jobStagesReader(client: HttpClient): ModelReader<'job_stages'> {
  return (sinceMs, options) =>
    createSyncStream(async function* () {
      const catalog = workflowCatalog(client, options);
      let counted = 0;
      for await (const page of rawPages(client, descriptor.resources.jobs.path, {}, options, 'GET /jobs (stages)')) {
        const workflows = new Map<string, WorkflowStatuses>();
        let serverTime = page.response.serverTime;
        for (const item of page.items) {
          const typeId = workflowTypeOf(item);
          if (workflows.has(typeId)) continue;
          const workflow = await catalog.ofType(typeId);
          workflows.set(typeId, workflow);
          serverTime = earliestServerTime(serverTime, workflow.serverTime);
        }
        const statusesOf = (job: unknown) => workflows.get(workflowTypeOf(job)) as WorkflowStatuses;
        const stagesOfJob = pipeline(wire.jobSchema, JobStageSchema, (job) => toJobStages(guid(job.Id), statusesOf(job).statuses, job));
        const { records, quarantined } = mapItems(page.items, stagesOfJob, null, sinceMs);
        // A status that failed its schema is missing from the pipeline of every job of its type:
        // quarantined per job under the job stage's remote id, so a full scan never sweeps it.
        const missing = page.items.flatMap((item) => {
          const jobId = remoteId(item);
          return jobId === null ? [] : statusesOf(item).failed.map((status) => ({ ...status, remote_id: status.remote_id === null ? null : `${jobId}:${status.remote_id}` }));
        });
        yield { records, quarantined: [...quarantined, ...missing], checkpoint: null, requests: 1 + catalog.requests - counted, warnings: [], serverTime };
        counted = catalog.requests;
      }
    });
}

/**
 * Applications: the jobs, then each selected job's pipeline, mapped with the statuses of the job's
 * own workflow type. A full run reads every job; a delta run reads every open job plus jobs
 * modified since, because a stage move does not reliably move any modification date (A.5, A.11
 * #8), and keeps items whose own `ModifiedOn` (when the API sends one) is at or after `since`.
 * A page is one page of a job's pipeline: it takes the earliest clock of that response, of the
 * jobs page that listed the job, of the job's workflow statuses (even cached), and of the
 * responses read since the last page (jobs pages whose jobs were all skipped), which the last,
 * empty page carries when nothing came after them.
 */
function applicationsReader(client: HttpClient): ModelReader<'applications'> {
  return (sinceMs, options) => {
    const jobIds = jobIdsOf(options.filters);
    if (jobIds) return jobApplications(client, jobIds, sinceMs, options);
    return createSyncStream(async function* () {
      const catalog = workflowCatalog(client, options);
      let pending = 0;
      let pendingTime: string | null = null;
      let counted = 0;
      for await (const jobPage of rawPages(client, descriptor.resources.jobs.path, {}, options, 'GET /jobs')) {
        pending += 1;
        pendingTime = earliestServerTime(pendingTime, jobPage.response.serverTime);
        for (const item of jobPage.items) {
          // A job that fails its schema (quarantined by the jobs model) still has a pipeline: it is
          // read whenever its id is readable, never skipped, or its applications would be swept.
          const jobId = remoteId(item);
          if (jobId === null) continue;
          const job = wire.jobSchema.safeParse(item);
          const changed = job.success && job.data.ModifiedOn ? Date.parse(job.data.ModifiedOn) : Number.NaN;
          if (sinceMs !== null && job.success && !isOpenJob(job.data) && !(changed >= sinceMs)) continue;
          const workflow = await catalog.ofJob(item);
          pending += catalog.requests - counted;
          counted = catalog.requests;
          const jobTime = earliestServerTime(jobPage.response.serverTime, workflow.serverTime);
          for await (const page of pipelinePages(client, jobId, statusIndex(workflow, catalog), sinceMs, options)) {
            yield { ...page, requests: page.requests + pending, serverTime: earliestServerTime(pendingTime, jobTime, page.serverTime) };
            pending = 0;
            pendingTime = null;
          }
        }
      }
      if (pending > 0) yield { records: [], quarantined: [], checkpoint: null, requests: pending, warnings: [], serverTime: pendingTime };
    });
  };
}

/**
 * Applications of the given jobs only (the `job_ids` filter): each job read by id for its workflow
 * type, then its pipeline; no other job is listed. A job that does not exist has no applications.
 * A page takes the earliest clock of its pipeline response, the job's and its workflow statuses'.
 */
function jobApplications(client: HttpClient, jobIds: readonly string[], sinceMs: number | null, options: SyncOptions): SyncStream<Application> {
  return createSyncStream(async function* () {
    const catalog = workflowCatalog(client, options);
    let counted = 0;
    for (const jobId of jobIds) {
      const operation = 'GET /jobs/{id}';
      let job: unknown;
      let jobTime: string | null;
      try {
        const response = await client.request({ method: 'GET', path: descriptor.jobPath(jobId), operation, signal: options.signal });
        job = envelopeData(response.body, operation);
        jobTime = response.serverTime;
      } catch (error) {
        if (error instanceof NotFoundError) {
          // The 404's own clock: the page says "no such job" as of then.
          yield { records: [], quarantined: [], checkpoint: null, requests: 1, warnings: [], serverTime: serverTimeOf(error.headers?.date) };
          continue;
        }
        throw error;
      }
      const workflow = await catalog.ofJob(job);
      let pending = 1 + catalog.requests - counted;
      counted = catalog.requests;
      jobTime = earliestServerTime(jobTime, workflow.serverTime);
      for await (const page of pipelinePages(client, jobId, statusIndex(workflow, catalog), sinceMs, options)) {
        yield { ...page, requests: page.requests + pending, serverTime: earliestServerTime(jobTime, page.serverTime) };
        pending = 0;
      }
      if (pending > 0) yield { records: [], quarantined: [], checkpoint: null, requests: pending, warnings: [], serverTime: jobTime };
    }
  });
}

/** The pipeline of one job, mapped page by page. */
async function* pipelinePages(
  client: HttpClient,
  jobId: string,
  statuses: ReadonlyMap<string, wire.WireWorkflowStatus>,
  sinceMs: number | null,
  options: SyncOptions,
): AsyncGenerator<Page<Application>> {
  // INFERRED for api3: GET /jobs/{jobId}/contacts (descriptor.pipelinePath, A.7.3).
  for await (const page of rawPages(client, descriptor.pipelinePath(jobId), {}, options, 'GET /jobs/{id}/contacts')) {
    const { records, quarantined } = mapItems(page.items, pipelines.applications, { jobId, statuses }, sinceMs);
    yield { records, quarantined, checkpoint: null, requests: 1, warnings: [], serverTime: page.response.serverTime };
  }
}

/**
 * Tags: no tag endpoint is confirmed, so tags come from the contacts' `Tags` maps, once each. A tag
 * entry that fails its schema is quarantined with its id when one is readable, never dropped.
 * Each page is one contacts page's new tags and carries that response's clock.
 */
function tagsReader(client: HttpClient): ModelReader<'tags'> {
  return (_sinceMs, options) =>
    createSyncStream(async function* () {
      const seen = new Set<string>();
      for await (const page of rawPages(client, descriptor.resources.contacts.path, {}, options, 'GET /contacts (tags)')) {
        const records: Tag[] = [];
        const quarantined: QuarantinedRecord[] = [];
        for (const item of page.items) {
          const categories = rawField(item, 'Tags');
          for (const [categoryId, entries] of Object.entries(categories !== null && typeof categories === 'object' ? categories : {})) {
            for (const raw of Array.isArray(entries) ? entries : []) {
              const entry = wire.lookupSchema.safeParse(raw);
              if (!entry.success) {
                quarantined.push({ remote_id: remoteId(raw), reason: 'wire_schema', issues: summarise(entry.error) });
                continue;
              }
              const tag = toTag(entry.data, categoryId);
              if (!tag || seen.has(tag.remote_id)) continue;
              seen.add(tag.remote_id);
              const parsed = checkedParse(TagSchema, tag);
              if (parsed.success) records.push(parsed.data);
              else quarantined.push({ remote_id: tag.remote_id, reason: 'unified_schema', issues: summarise(parsed.error) });
            }
          }
        }
        yield { records, quarantined, checkpoint: null, requests: 1, warnings: [], serverTime: page.response.serverTime };
      }
    });
}

/** Every model reader of the connector. */
export function crelateReaders(client: HttpClient) {
  const r = descriptor.resources;
  return {
    jobs: (sinceMs, options) => resourceStream(client, r.jobs, pipelines.jobs, sinceMs, options),
    job_postings: (sinceMs, options) => resourceStream(client, r.jobs, pipelines.jobPostings, sinceMs, options),
    hiring_team: (sinceMs, options) => resourceStream(client, r.jobs, pipelines.hiringTeam, sinceMs, options),
    application_stages: stagesReader(client),
    job_stages: jobStagesReader(client),
    candidates: (sinceMs, options) => resourceStream(client, r.contacts, pipelines.candidates, sinceMs, options, candidateQuery(options.filters)),
    applications: applicationsReader(client),
    tags: tagsReader(client),
  } satisfies { [M in ModelName]?: ModelReader<M> };
}

/** Reads one record by id (`Data` is the object) through the same pipeline as the lists. */
export async function getOne<Wire, T extends { changed_at: string | null }>(
  client: HttpClient,
  path: string,
  recordPipeline: RecordPipeline<Wire, null, T>,
  kind: string,
  signal?: AbortSignal,
): Promise<T> {
  const operation = `GET ${path.replace(/\/[^/]+$/, '/{id}')}`;
  const response = await client.request({ method: 'GET', path, operation, signal });
  // A contact the mapper skips (a client contact, a lead) is not found as a candidate.
  return mapOne(envelopeData(response.body, operation), recordPipeline, null, { provider: descriptor.provider, operation, what: `Crelate ${kind}` });
}

/** The workflow statuses of one job (`GET /jobs/{id}`, then its type's statuses), sorted. */
export async function statusesOfJob(client: HttpClient, jobId: string, options: SyncOptions): Promise<{ workflow: WorkflowStatuses; catalog: WorkflowCatalog }> {
  const operation = 'GET /jobs/{id}';
  const response = await client.request({ method: 'GET', path: descriptor.jobPath(jobId), operation, signal: options.signal });
  const catalog = workflowCatalog(client, options);
  return { workflow: await catalog.ofJob(envelopeData(response.body, operation)), catalog };
}

/** The contact's item on a job's pipeline, mapped with `statuses`, or null when it is not on it. */
export async function findOnPipeline(
  client: HttpClient,
  jobId: string,
  contactId: string,
  statuses: ReadonlyMap<string, wire.WireWorkflowStatus>,
  options: SyncOptions,
): Promise<Application | null> {
  for await (const page of rawPages(client, descriptor.pipelinePath(jobId), {}, options, 'GET /jobs/{id}/contacts')) {
    const match = page.items.find((item) => {
      const parsed = wire.pipelineItemSchema.safeParse(item);
      return parsed.success && (lookupId(parsed.data.ContactId) ?? (parsed.data.Id ? guid(parsed.data.Id) : null)) === contactId;
    });
    if (match !== undefined) return mapOne(match, pipelines.applications, { jobId, statuses }, { provider: descriptor.provider, operation: 'getApplication', what: 'Crelate pipeline item' });
  }
  return null;
}

/** One application: the job's type's statuses, then the job's pipeline read until the contact is found. */
export async function getApplication(client: HttpClient, jobId: string, contactId: string, signal?: AbortSignal): Promise<Application> {
  const options = { signal };
  const { workflow, catalog } = await statusesOfJob(client, jobId, options);
  const found = await findOnPipeline(client, jobId, contactId, statusIndex(workflow, catalog), options);
  if (found) return found;
  throw new NotFoundError(`Contact ${contactId} is not on the pipeline of job ${jobId}`, { provider: descriptor.provider, operation: 'getApplication' });
}

/** The statuses an item of a job is mapped with: the job's own type first, then any type read. */
export function statusIndex(workflow: WorkflowStatuses, catalog: WorkflowCatalog): ReadonlyMap<string, wire.WireWorkflowStatus> {
  return new Map([...catalog.byId, ...workflow.statuses.map((status) => [guid(status.Id), status] as const)]);
}

export { pipelines as crelatePipelines };
