/**
 * The model readers of the Gem connector: which list endpoint feeds which unified model, with
 * which filters. One request per page of 500 wherever the API allows it. Two joins are
 * built once per run, never per record: the live job posts (description and post URL of jobs,
 * which have no description of their own) and the stages' interview items (the stage of a
 * scheduled interview). The only fan-out is one request per job for job stages, whose order only exists within a job.
 */
import pLimit from 'p-limit';
import type { z } from 'zod';
import type { HttpClient } from '../../core/http.js';
import { parseOrThrow } from '../../core/parse.js';
import { earliestServerTime } from '../../core/server-time.js';
import { mapItems, type RecordPipeline, plainRemoteId, rawField, summarise } from '../../core/record-pipeline.js';
import { createSyncStream, type Page, type QuarantinedRecord, type SyncOptions, type SyncStream } from '../../core/stream.js';
import {
  ApplicationSchema,
  ApplicationStageSchema,
  CandidateSchema,
  HiringTeamMemberSchema,
  InterviewerAssignmentSchema,
  InterviewSchema,
  JobPostingSchema,
  JobSchema,
  JobStageSchema,
  RejectionReasonSchema,
  RoleSchema,
  TagSchema,
  type Role,
  UserSchema,
} from '../../models/index.js';
import type { ModelName } from '../../models/registry.js';
import type { ModelReader, ReaderOptions } from '../shared/define-connector.js';
import type { ResolvedFilters } from '../../core/list-filters.js';
import { remoteRefOf } from '../shared/remote-ref.js';
import { mapOne, noContext, pipelineFactory, rawPages, resourceStream as sharedResourceStream, type ListReading } from '../shared/reads.js';
import { gemDescriptor as descriptor, type GemResource } from './descriptor.js';
import { toApplication } from './mappers/to-application.js';
import { toCandidate, uniqueTags } from './mappers/to-candidate.js';
import { toInterview, toInterviewers, type InterviewItemIndex } from './mappers/to-interview.js';
import { isBetterPost, toHiringTeam, toJob, toJobPosting, type PostIndex } from './mappers/to-job.js';
import { toRejectionReason, toTag } from './mappers/to-misc.js';
import { interviewItemsOf, toApplicationStage, toJobStages } from './mappers/to-stage.js';
import { toUser } from './mappers/to-user.js';
import { GEM_ROLES, toRole } from './mappers/to-role.js';
import { gemPagination } from './pagination.js';
import * as wire from './wire.js';
import { checkedParse } from '../../core/schema-check.js';

/** Reads `id` from a raw item that may have failed its schema. */
export const remoteId = plainRemoteId;

/** A list page is a bare JSON array; anything else is a typed error, never a crash. */
export function listItems(body: unknown, operation = 'list'): unknown[] {
  return parseOrThrow(wire.listSchema, body, { provider: descriptor.provider, operation, what: 'a list response that is not a JSON array' });
}

/** How Gem list resources are read: page numbers, `include_deleted`, the delta filter. Gem has no sort parameter. */
const reading: ListReading<GemResource> = {
  strategy: gemPagination,
  path: (resource) => resource.path,
  items: (body, resource) => listItems(body, `GET ${resource.path}`),
  query: (resource, sinceMs) => resourceQuery(resource, sinceMs),
  pageSize: (_resource, requested) => requested ?? descriptor.pageSize,
  ordered: () => false,
};

/** The query of a list resource: `include_deleted` and the delta filter where the endpoint has them. */
export function resourceQuery(resource: GemResource, sinceMs: number | null): Record<string, string> {
  const query: Record<string, string> = { ...resource.query };
  if (resource.includeDeleted) query.include_deleted = 'true';
  if (resource.deltaParam && sinceMs !== null) query[resource.deltaParam] = new Date(sinceMs).toISOString();
  return query;
}

/** Gem ids are opaque base64-looking strings: anything else is never sent in a filter. */
const GEM_ID = /^[A-Za-z0-9+/=_-]{1,200}$/;
/** The shape of an email worth sending in `email=` (the records are checked exactly afterwards). */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * The list filters Gem takes for one model (descriptor `serverFilters`), as query parameters. Each
 * takes one value, so a filter with several values is left to the client-side check; so is a value
 * that cannot be sent safely (an id of another provider or kind).
 */
export function filterQuery(model: keyof typeof descriptor.serverFilters, filters: ResolvedFilters | null | undefined): Record<string, string> {
  const query: Record<string, string> = {};
  if (!filters) return query;
  const params = descriptor.serverFilters[model] as Partial<Record<'emails' | 'job_ids' | 'outcomes' | 'statuses' | 'created_after', string>>;
  const single = (values: readonly string[] | undefined) => (values?.length === 1 ? (values[0] as string) : null);
  const email = single(filters.emails);
  if (params.emails && email && EMAIL.test(email)) query[params.emails] = email;
  const job = single(filters.job_ids);
  const jobId = job ? remoteRefOf(job, descriptor.provider, 'job', GEM_ID) : null;
  if (params.job_ids && jobId) query[params.job_ids] = jobId;
  const outcome = single(filters.outcomes);
  const status = outcome ? descriptor.statusValues.applications[outcome] : undefined;
  if (params.outcomes && status) query[params.outcomes] = status;
  const jobStatus = single(filters.statuses);
  const gemStatus = jobStatus ? descriptor.statusValues.jobs[jobStatus] : undefined;
  if (params.statuses && gemStatus) query[params.statuses] = gemStatus;
  if (params.created_after && filters.created_after !== undefined) query[params.created_after] = new Date(filters.created_after).toISOString();
  return query;
}

type Pipeline<Wire, Context, T extends { changed_at: string | null }> = RecordPipeline<Wire, Context, T>;

/** A pipeline with its types inferred from the wire schema and the mapper. */
const pipeline = pipelineFactory(remoteId);

const notTemplate = <T>(map: (raw: wire.GemJob) => T) => (raw: wire.GemJob) => (raw.is_template ? null : map(raw));

const pipelines = {
  users: pipeline(wire.userSchema, UserSchema, (raw) => toUser(raw)),
  // template jobs are listed with real ones; they are not openings.
  jobs: pipeline(wire.jobSchema, JobSchema, (raw, posts: PostIndex) => (raw.is_template ? null : toJob(raw, posts))),
  jobPostings: pipeline(wire.jobPostSchema, JobPostingSchema, (raw) => toJobPosting(raw)),
  hiringTeam: pipeline(wire.jobSchema, HiringTeamMemberSchema, notTemplate(toHiringTeam)),
  stages: pipeline(wire.jobStageSchema, ApplicationStageSchema, (raw) => toApplicationStage(raw)),
  candidates: pipeline(wire.candidateSchema, CandidateSchema, (raw) => toCandidate(raw)),
  applications: pipeline(wire.applicationSchema, ApplicationSchema, (raw) => toApplication(raw)),
  interviews: pipeline(wire.scheduledInterviewSchema, InterviewSchema, (raw, items: InterviewItemIndex) => toInterview(raw, items)),
  interviewers: pipeline(wire.scheduledInterviewSchema, InterviewerAssignmentSchema, (raw) => toInterviewers(raw)),
};

/** A stream over one Gem list resource. */
function resourceStream<Wire, Context, T extends { changed_at: string | null }>(
  client: HttpClient,
  resource: GemResource,
  recordPipeline: Pipeline<Wire, Context, T>,
  sinceMs: number | null,
  options: SyncOptions,
  pageContext: (body: unknown) => Context,
  query: Record<string, string> = {},
): SyncStream<T> {
  return sharedResourceStream(client, reading, resource, recordPipeline, sinceMs, options, { pageContext, query });
}

/**
 * Every raw page of a list (for the joins), with the number of requests it took and the earliest
 * provider clock among them.
 */
async function readAll(client: HttpClient, resource: GemResource, query: Record<string, string>, options: SyncOptions, each: (item: unknown) => void) {
  let requests = 0;
  let serverTime: string | null = null;
  for await (const page of rawPages(client, reading, resource, query, { signal: options.signal })) {
    requests += 1;
    serverTime = earliestServerTime(serverTime, page.response.serverTime);
    for (const item of page.items) each(item);
  }
  return { requests, serverTime };
}

/** https://api.gem.com/ats/v0/reference — GET /ats/v0/job_posts/?live=true&active=true: the best post per job. */
export async function loadPostIndex(client: HttpClient, options: SyncOptions) {
  const index = new Map<string, wire.GemJobPost>();
  const { requests, serverTime } = await readAll(client, descriptor.resources.jobPosts, { ...descriptor.livePostQuery }, options, (item) => {
    const post = wire.jobPostSchema.safeParse(item);
    if (!post.success || !post.data.job_id) return;
    if (isBetterPost(post.data, index.get(post.data.job_id))) index.set(post.data.job_id, post.data);
  });
  const posts: PostIndex = index;
  return { index: posts, requests, serverTime };
}

/** https://api.gem.com/ats/v0/reference — GET /ats/v0/job_stages/: interview item → stage. */
async function loadInterviewItems(client: HttpClient, options: SyncOptions) {
  const index = new Map<string, string>();
  const { requests, serverTime } = await readAll(client, descriptor.resources.jobStages, { include_deleted: 'true' }, options, (item) => {
    const stage = wire.jobStageSchema.safeParse(item);
    if (stage.success) for (const [itemId, stageId] of interviewItemsOf(stage.data)) index.set(itemId, stageId);
  });
  const items: InterviewItemIndex = index;
  return { index: items, requests, serverTime };
}

/**
 * A stream that first builds a per-run join, then reads the list with it as page context. Every
 * page holds data from the join (served from memory after the load) and from its own response: it
 * takes the earlier of the two clocks.
 */
function withJoin<Context, T>(
  load: () => Promise<{ index: Context; requests: number; serverTime: string | null }>,
  stream: (context: Context) => SyncStream<T>,
): SyncStream<T> {
  return createSyncStream<T>(async function* () {
    const { index, requests, serverTime } = await load();
    let extra = requests;
    for await (const page of stream(index).pages()) {
      yield { ...page, requests: page.requests + extra, serverTime: earliestServerTime(serverTime, page.serverTime) };
      extra = 0;
    }
  });
}

/**
 * Job stages: the jobs list, then each job's stages by `priority` (bounded fan-out). A page is one
 * jobs page and its jobs' stages: the earliest clock of all those responses.
 */
function jobStagesReader(client: HttpClient): ModelReader<'job_stages'> {
  return (sinceMs, options) =>
    createSyncStream(async function* () {
      const limit = pLimit(4);
      const noPosts: PostIndex = new Map();
      const jobs = resourceStream(client, { ...descriptor.resources.jobs, includeDeleted: false }, pipelines.jobs, null, options, () => noPosts);
      for await (const jobPage of jobs.pages()) {
        const perJob = await Promise.all(jobPage.records.map((job) => limit(() => stagesOfJob(client, job.remote_id, options))));
        const records = perJob.flatMap((entry) => entry.records);
        yield {
          records: records.filter((stage) => sinceMs === null || !stage.changed_at || Date.parse(stage.changed_at) >= sinceMs),
          quarantined: [...jobPage.quarantined, ...perJob.flatMap((entry) => entry.quarantined)],
          checkpoint: null,
          requests: jobPage.requests + perJob.reduce((sum, entry) => sum + entry.requests, 0),
          warnings: jobPage.warnings,
          serverTime: earliestServerTime(jobPage.serverTime, ...perJob.map((entry) => entry.serverTime)),
        } satisfies Page<z.infer<typeof JobStageSchema>>;
      }
    });
}

/** https://api.gem.com/ats/v0/reference — GET /ats/v0/jobs/{job_id}/stages. */
async function stagesOfJob(client: HttpClient, jobId: string, options: SyncOptions) {
  const stages: wire.GemJobStage[] = [];
  const quarantined: Page<unknown>['quarantined'] = [];
  const perJob: GemResource = { path: descriptor.jobStagesPath(jobId), deltaParam: null, includeDeleted: false };
  const { requests, serverTime } = await readAll(client, perJob, {}, options, (item) => {
    const parsed = wire.jobStageSchema.safeParse(item);
    if (parsed.success) stages.push(parsed.data);
    else {
      // Quarantined under the job stage's own remote id (`<jobId>:<stageId>`), so a sweep skips it.
      const stageId = remoteId(item);
      quarantined.push({ remote_id: stageId === null ? null : `${jobId}:${stageId}`, reason: 'wire_schema', issues: summarise(parsed.error) });
    }
  });
  const identity = {
    wire: JobStageSchema,
    unified: JobStageSchema,
    map: (record: z.infer<typeof JobStageSchema>) => record,
    remoteId: (item: unknown) => checkedParse(JobStageSchema, item).data?.remote_id ?? null,
  };
  const mapped = mapItems(toJobStages(jobId, stages), identity, null, null);
  return { records: mapped.records, quarantined: [...quarantined, ...mapped.quarantined], requests, serverTime };
}

/**
 * A model with no Gem resource, collected from another list: each distinct value is delivered
 * once per run (the set of seen keys is bounded by the number of distinct values). A value that
 * fails the unified schema is quarantined under its key, never dropped. Each page is one response's
 * values and carries its clock.
 */
function collectedReader<T extends { changed_at: string | null }>(
  client: HttpClient,
  resource: GemResource,
  query: Record<string, string>,
  unified: z.ZodType<T>,
  collect: (item: unknown) => { key: string; record: T }[],
) {
  return (_sinceMs: number | null, options: SyncOptions): SyncStream<T> =>
    createSyncStream<T>(async function* () {
      const seen = new Set<string>();
      for await (const raw of rawPages(client, reading, resource, query, options)) {
        const records: T[] = [];
        const quarantined: QuarantinedRecord[] = [];
        for (const item of raw.items) {
          for (const { key, record } of collect(item)) {
            if (seen.has(key)) continue;
            seen.add(key);
            const parsed = checkedParse(unified, record);
            if (parsed.success) records.push(parsed.data);
            else quarantined.push({ remote_id: key, reason: 'unified_schema', issues: summarise(parsed.error) });
          }
        }
        yield { records, quarantined, checkpoint: null, requests: 1, warnings: [], serverTime: raw.response.serverTime } satisfies Page<T>;
      }
    });
}

function tagsOf(item: unknown) {
  const tags = rawField(item, 'tags');
  const names = uniqueTags(Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : []);
  return names.map((name) => ({ key: name.toLowerCase(), record: toTag(name) }));
}

function rejectionReasonOf(item: unknown) {
  const reason = checkedParse(wire.applicationSchema, item);
  const raw = reason.success ? reason.data.rejection_reason : null;
  return raw?.id && raw.name?.trim() ? [{ key: raw.id, record: toRejectionReason({ id: raw.id, name: raw.name }) }] : [];
}

/**
 * Roles: Gem has no role list; the roles its API shape defines are listed. One one-user page of
 * `/users/` is read with them: it checks the key may read users (whose `site_admin` the system role
 * comes from) and carries the provider's clock, which every page of a sync has.
 */
const rolesReader = (client: HttpClient): ModelReader<'roles'> => (_sinceMs, options) =>
  createSyncStream(async function* () {
    const response = await client.request({ method: 'GET', path: descriptor.resources.users.path, query: { per_page: 1 }, operation: 'GET /users/ (roles)', signal: options.signal });
    const records: Role[] = [];
    const quarantined: QuarantinedRecord[] = [];
    for (const role of GEM_ROLES) {
      const parsed = checkedParse(RoleSchema, toRole(role));
      if (parsed.success) records.push(parsed.data);
      else quarantined.push({ remote_id: role.key, reason: 'unified_schema', issues: summarise(parsed.error) });
    }
    yield { records, quarantined, checkpoint: null, requests: 1, warnings: [], serverTime: response.serverTime } satisfies Page<Role>;
  });

/** Every model reader of the connector. */
export function gemReaders(client: HttpClient) {
  const r = descriptor.resources;
  return {
    roles: rolesReader(client),
    users: (sinceMs, options: ReaderOptions) => resourceStream(client, r.users, pipelines.users, sinceMs, options, noContext, filterQuery('users', options.filters)),
    jobs: (sinceMs, options: ReaderOptions) =>
      withJoin(() => loadPostIndex(client, options), (posts) => resourceStream(client, r.jobs, pipelines.jobs, sinceMs, options, () => posts, filterQuery('jobs', options.filters))),
    job_postings: (sinceMs, options) => resourceStream(client, r.jobPosts, pipelines.jobPostings, sinceMs, options, noContext),
    hiring_team: (sinceMs, options) => resourceStream(client, r.jobs, pipelines.hiringTeam, sinceMs, options, noContext),
    application_stages: (sinceMs, options) => resourceStream(client, r.jobStages, pipelines.stages, sinceMs, options, noContext),
    job_stages: jobStagesReader(client),
    candidates: (sinceMs, options: ReaderOptions) => resourceStream(client, r.candidates, pipelines.candidates, sinceMs, options, noContext, filterQuery('candidates', options.filters)),
    applications: (sinceMs, options: ReaderOptions) => resourceStream(client, r.applications, pipelines.applications, sinceMs, options, noContext, filterQuery('applications', options.filters)),
    interviews: (sinceMs, options) =>
      withJoin(() => loadInterviewItems(client, options), (items) => resourceStream(client, r.scheduledInterviews, pipelines.interviews, sinceMs, options, () => items)),
    interviewers: (sinceMs, options) => resourceStream(client, r.scheduledInterviews, pipelines.interviewers, sinceMs, options, noContext),
    // no tag resource; tags are collected from every candidate.
    tags: collectedReader(client, r.candidates, {}, TagSchema, tagsOf),
    // no rejection-reason resource; reasons are collected from rejected applications.
    rejection_reasons: collectedReader(client, r.applications, { status: 'rejected' }, RejectionReasonSchema, rejectionReasonOf),
  } satisfies { [M in ModelName]?: ModelReader<M> };
}

/** Reads one record by id, mapped through the same pipeline as the lists (a template job is not found). */
export async function getOne<Wire, Context, T extends { changed_at: string | null }>(
  client: HttpClient,
  path: string,
  operation: string,
  recordPipeline: Pipeline<Wire, Context, T>,
  context: Context,
  signal?: AbortSignal,
): Promise<T> {
  const response = await client.request({ method: 'GET', path, operation, signal });
  return mapOne(response.body, recordPipeline, context, { provider: descriptor.provider, operation, what: 'Gem record' });
}

export { pipelines as gemPipelines };
