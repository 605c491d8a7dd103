/**
 * The model readers of the Teamtailor connector: which list resource feeds which unified model,
 * with which includes and filters. One request per page of 30 wherever the API allows it
 * (compound documents via `include=`); the only fan-out is one request per job for job stages,
 * whose order only exists within a job.
 */
import pLimit from 'p-limit';
import type { z } from 'zod';
import type { HttpClient } from '../../core/http.js';
import { jsonApiLinksNext, paginate } from '../../core/pagination.js';
import { timeKeysetPages } from '../../core/keyset.js';
import { parseIsoToMs } from '../../core/dates.js';
import { parseOrThrow } from '../../core/parse.js';
import { earliestServerTime } from '../../core/server-time.js';
import { mapItems, plainRemoteId, rawField, summarise } from '../../core/record-pipeline.js';
import { createSyncStream, type Page, type QuarantinedRecord, type SyncOptions, type SyncStream } from '../../core/stream.js';
import {
  ApplicationSchema,
  ApplicationStageSchema,
  CandidateSchema,
  HiringTeamMemberSchema,
  JobPostingSchema,
  JobSchema,
  JobStageSchema,
  RejectionReasonSchema,
  RoleSchema,
  TagSchema,
  UserSchema,
  type Role,
  type Tag,
} from '../../models/index.js';
import type { ModelReader, ReaderOptions } from '../shared/define-connector.js';
import { mapOne, pipelineFactory, resourceStream as sharedResourceStream, type ListReading } from '../shared/reads.js';
import { remoteRefOf } from '../shared/remote-ref.js';
import type { ResolvedFilters } from '../../core/list-filters.js';
import { teamtailorDescriptor as descriptor, type TeamtailorResource } from './descriptor.js';
import { indexIncluded, type IncludedIndex } from './jsonapi.js';
import { toApplication } from './mappers/to-application.js';
import { uniqueTags } from './mappers/to-candidate.js';
import { toCandidate } from './mappers/to-candidate.js';
import { toHiringTeam, toJob, toJobPosting } from './mappers/to-job.js';
import { toRejectionReason, toTag } from './mappers/to-misc.js';
import { toApplicationStage, toJobStages } from './mappers/to-stage.js';
import { toRole, toUser } from './mappers/to-user.js';
import * as wire from './wire.js';

const PROVIDER = descriptor.provider;

/** Reads `id` from a raw item that may have failed its schema. */
const remoteId = plainRemoteId;

/** The `data` array of a list document; anything else is a typed error, never a crash. */
function listItems(body: unknown, operation = 'list'): unknown[] {
  return parseOrThrow(wire.listDocumentSchema, body, { provider: PROVIDER, operation, what: 'a list response that is not a JSON:API document with a data array' }).data;
}

/** `attributes.updated-at` of a raw item in epoch ms, or null when missing or unparseable. */
function updatedAtOf(item: unknown): number | null {
  const value = rawField(rawField(item, 'attributes'), 'updated-at');
  if (typeof value !== 'string') return null;
  try {
    return parseIsoToMs(value);
  } catch {
    return null;
  }
}

/**
 * Whether a list page says another page follows under the same query: its JSON:API `links.next`
 * (the signal the page-number listings already follow), or null when the body has no `links`.
 */
export function hasNextLink(body: unknown): boolean | null {
  const links = rawField(body, 'links');
  if (links === null || typeof links !== 'object' || Array.isArray(links)) return null;
  const next = rawField(links, 'next');
  return typeof next === 'string' && next !== '';
}

function pageIncluded(body: unknown): IncludedIndex {
  const document = wire.listDocumentSchema.safeParse(body);
  return indexIncluded(document.success ? document.data.included : null);
}

/** How Teamtailor list resources are read: JSON:API pages, includes, the `updated-at` filter. */
const reading: ListReading<TeamtailorResource> = {
  strategy: jsonApiLinksNext,
  path: (resource) => resource.path,
  items: (body, resource) => listItems(body, `GET ${resource.path}`),
  query(resource, sinceMs) {
    const query: Record<string, string> = { ...resource.query };
    if (resource.include.length > 0) query.include = resource.include.join(',');
    if (resource.sort) query.sort = resource.sort;
    if (resource.serverDelta && sinceMs !== null) query[descriptor.updatedFromFilter] = new Date(sinceMs).toISOString();
    return query;
  },
  pageSize: (_resource, requested) => Math.min(requested ?? descriptor.pageSize, descriptor.pageSize),
  ordered: (resource) => Boolean(resource.serverDelta && resource.sort === 'updated-at'),
};

/** Teamtailor ids are digits; anything else is never sent in a filter. */
const TEAMTAILOR_ID = /^\d{1,20}$/;
/** The shape of an email worth sending in `filter[email]` (the records are checked exactly afterwards). */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * The list filters Teamtailor takes for one model (descriptor `serverFilters`), as query
 * parameters. Each takes one value, so a filter with several values is left to the client-side
 * check; so is a value that cannot be sent safely.
 */
function filterQuery(model: keyof typeof descriptor.serverFilters, filters: ResolvedFilters | null | undefined): Record<string, string> {
  const query: Record<string, string> = {};
  if (!filters) return query;
  const params = descriptor.serverFilters[model] as Partial<Record<'emails' | 'job_ids' | 'candidate_ids', string>>;
  const single = (values: readonly string[] | undefined) => (values?.length === 1 ? (values[0] as string) : null);
  const email = single(filters.emails);
  if (params.emails && email && EMAIL.test(email)) query[params.emails] = email;
  const job = single(filters.job_ids);
  const jobId = job ? remoteRefOf(job, descriptor.provider, 'job', TEAMTAILOR_ID) : null;
  if (params.job_ids && jobId) query[params.job_ids] = jobId;
  const candidate = single(filters.candidate_ids);
  const candidateId = candidate ? remoteRefOf(candidate, descriptor.provider, 'candidate', TEAMTAILOR_ID) : null;
  if (params.candidate_ids && candidateId) query[params.candidate_ids] = candidateId;
  return query;
}

/** A stream over one Teamtailor list resource (by time keyset where the descriptor says so). */
function resourceStream<Wire, T extends { changed_at: string | null }>(
  client: HttpClient,
  resource: TeamtailorResource,
  pipeline: Pipeline<Wire, T>,
  sinceMs: number | null,
  options: ReaderOptions,
  extraQuery: Record<string, string> = {},
): SyncStream<T> {
  const keyset = (query: Record<string, string>, pageSize: number, onWarning: (message: string) => void) => {
    const { [descriptor.updatedFromFilter]: _bound, ...rest } = query;
    return timeKeysetPages(
      {
        client,
        path: resource.path,
        query: rest,
        pageSize,
        pageParams: { number: 'page[number]', size: 'page[size]' },
        filterParam: descriptor.updatedFromFilter,
        granularityMs: descriptor.updatedFromGranularityMs,
        items: (body) => listItems(body, `GET ${resource.path}`),
        itemTime: updatedAtOf,
        itemId: remoteId,
        hasMore: hasNextLink,
        sinceMs,
        operation: `GET ${resource.path}`,
        signal: options.signal,
      },
      onWarning,
    );
  };
  return sharedResourceStream(client, reading, resource, pipeline, sinceMs, options, {
    pageContext: pageIncluded,
    query: extraQuery,
    source: resource.keyset ? keyset : undefined,
  });
}

/** A Teamtailor pipeline: its context is the page's index of sideloaded resources. */
type Pipeline<Wire, T extends { changed_at: string | null }> = import('../../core/record-pipeline.js').RecordPipeline<Wire, IncludedIndex, T>;

/**
 * Jobs come from two feeds (public and internal); a job in both is delivered once.
 * The set of seen ids is per run and bounded by the number of jobs. Pages pass through with their
 * own response's clock.
 */
function jobFeedsStream<T extends { changed_at: string | null; remote_id: string; id: string }>(
  client: HttpClient,
  pipeline: Pipeline<z.infer<typeof wire.jobSchema>, T>,
  sinceMs: number | null,
  options: SyncOptions,
): SyncStream<T> {
  return createSyncStream<T>(async function* () {
    const seen = new Set<string>();
    for (const feed of descriptor.jobFeeds) {
      const stream = resourceStream(client, descriptor.resources.jobs, pipeline, sinceMs, options, { 'filter[feed]': feed });
      for await (const page of stream.pages()) {
        const records = page.records.filter((record) => !seen.has(record.id));
        for (const record of records) seen.add(record.id);
        yield { ...page, records, checkpoint: null };
      }
    }
  });
}

const pipeline = pipelineFactory(remoteId);

const pipelines = {
  users: pipeline(wire.userSchema, UserSchema, (raw, _included: IncludedIndex) => toUser(raw)),
  jobs: pipeline(wire.jobSchema, JobSchema, toJob),
  jobPostings: pipeline(wire.jobSchema, JobPostingSchema, (raw) => toJobPosting(raw)),
  hiringTeam: pipeline(wire.jobSchema, HiringTeamMemberSchema, toHiringTeam),
  stages: pipeline(wire.stageSchema, ApplicationStageSchema, (raw) => toApplicationStage(raw)),
  candidates: pipeline(wire.candidateSchema, CandidateSchema, toCandidate),
  applications: pipeline(wire.applicationSchema, ApplicationSchema, toApplication),
  rejectReasons: pipeline(wire.rejectReasonSchema, RejectionReasonSchema, (raw) => toRejectionReason(raw)),
};

/**
 * Job stages: one listing of jobs, then each job's stages in `row-order` (bounded fan-out). A page
 * is one jobs page and its jobs' stages: the earliest clock of all those responses.
 */
function jobStagesReader(client: HttpClient): ModelReader<'job_stages'> {
  return (sinceMs, options) =>
    createSyncStream(async function* () {
      const limit = pLimit(2);
      const jobs = jobFeedsStream(client, pipelines.jobs, null, options);
      for await (const jobPage of jobs.pages()) {
        const perJob = await Promise.all(jobPage.records.map((job) => limit(() => stagesOfJob(client, job.remote_id, options))));
        const records = perJob.flatMap((entry) => entry.records).filter((stage) => sinceMs === null || !stage.changed_at || Date.parse(stage.changed_at) >= sinceMs);
        yield {
          records,
          quarantined: [...jobPage.quarantined, ...perJob.flatMap((entry) => entry.quarantined)],
          checkpoint: null,
          requests: jobPage.requests + perJob.reduce((sum, entry) => sum + entry.requests, 0),
          warnings: jobPage.warnings,
          serverTime: earliestServerTime(jobPage.serverTime, ...perJob.map((entry) => entry.serverTime)),
        };
      }
    });
}

/** A job stage record read back by its own `remote_id` (`<jobId>:<stageId>`). */
const jobStagePipeline = {
  wire: JobStageSchema,
  unified: JobStageSchema,
  map: (record: z.infer<typeof JobStageSchema>) => record,
  remoteId: (item: unknown) => (JobStageSchema.safeParse(item).data?.remote_id ?? null),
};

/**
 * The stages of one job. A stage that fails its schema is quarantined with its job stage remote id
 * (`<jobId>:<stageId>`), never dropped: a full scan that silently missed it would sweep it as deleted.
 */
async function stagesOfJob(client: HttpClient, jobId: string, options: SyncOptions) {
  const stages: z.infer<typeof wire.stageSchema>[] = [];
  const quarantined: QuarantinedRecord[] = [];
  let requests = 0;
  let serverTime: string | null = null;
  // https://docs.teamtailor.com/ — GET /v1/jobs/{id}/stages?sort=row-order
  for await (const page of paginate({
    client,
    strategy: jsonApiLinksNext,
    path: descriptor.paths.jobStages(jobId),
    query: { sort: 'row-order' },
    pageSize: descriptor.pageSize,
    items: (body) => listItems(body, 'GET /jobs/{id}/stages'),
    operation: 'GET /jobs/{id}/stages',
    signal: options.signal,
  })) {
    requests += 1;
    serverTime = earliestServerTime(serverTime, page.response.serverTime);
    for (const item of page.items) {
      const parsed = wire.stageSchema.safeParse(item);
      if (parsed.success) stages.push(parsed.data);
      else {
        const stageId = remoteId(item);
        quarantined.push({ remote_id: stageId === null ? null : `${jobId}:${stageId}`, reason: 'wire_schema', issues: summarise(parsed.error) });
      }
    }
  }
  const mapped = mapItems(toJobStages(jobId, stages), jobStagePipeline, null, null);
  return { records: mapped.records, quarantined: [...quarantined, ...mapped.quarantined], requests, serverTime };
}

/**
 * Tags: Teamtailor has no tag resource, so tags are collected from candidates (only their
 * `tags` attribute is asked for, through a sparse fieldset) and each distinct tag is delivered once.
 * A tag that fails its schema is quarantined under its name (its remote id), never dropped.
 * Each page is one candidates page's new tags and carries that response's clock.
 */
function tagsReader(client: HttpClient): ModelReader<'tags'> {
  return (_sinceMs, options) =>
    createSyncStream(async function* () {
      const seen = new Set<string>();
      for await (const raw of paginate({
        client,
        strategy: jsonApiLinksNext,
        path: descriptor.resources.candidates.path,
        // INFERRED: sparse fieldsets are a JSON:API framework feature, not documented by Teamtailor.
        query: { 'fields[candidates]': 'tags' },
        pageSize: options.pageSize ?? descriptor.pageSize,
        items: (body) => listItems(body, 'GET /candidates (tags)'),
        operation: 'GET /candidates (tags)',
        signal: options.signal,
      })) {
        const records: Tag[] = [];
        const quarantined: QuarantinedRecord[] = [];
        for (const item of raw.items) {
          const tags = rawField(rawField(item, 'attributes'), 'tags');
          for (const name of uniqueTags(Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [])) {
            const key = name.toLowerCase();
            if (seen.has(key)) continue;
            seen.add(key);
            const tag = TagSchema.safeParse(toTag(name));
            if (tag.success) records.push(tag.data);
            else quarantined.push({ remote_id: name, reason: 'unified_schema', issues: summarise(tag.error) });
          }
        }
        const page: Page<Tag> = { records, quarantined, checkpoint: null, requests: 1, warnings: [], serverTime: raw.response.serverTime };
        yield page;
      }
    });
}

/**
 * Roles: Teamtailor has no role list, so the distinct `role` values of the users are the
 * roles (read from the user list, one pass). Each page carries its users page's clock.
 */
function rolesReader(client: HttpClient): ModelReader<'roles'> {
  return (_sinceMs, options) =>
    createSyncStream(async function* () {
      const seen = new Set<string>();
      for await (const page of resourceStream(client, descriptor.resources.users, pipelines.users, null, options).pages()) {
        const records: Role[] = [];
        for (const user of page.records) {
          for (const role of user.system_roles) {
            const name = role.remote_id;
            if (name === null || seen.has(name)) continue;
            seen.add(name);
            const parsed = RoleSchema.safeParse(toRole(name));
            if (parsed.success) records.push(parsed.data);
          }
        }
        yield { records, quarantined: page.quarantined, checkpoint: null, requests: page.requests, warnings: page.warnings, serverTime: page.serverTime };
      }
    });
}

/** Every model reader of the connector. */
export function teamtailorReaders(client: HttpClient) {
  const r = descriptor.resources;
  return {
    roles: rolesReader(client),
    users: (sinceMs, options) => resourceStream(client, r.users, pipelines.users, sinceMs, options, filterQuery('users', options.filters)),
    jobs: (sinceMs, options) => jobFeedsStream(client, pipelines.jobs, sinceMs, options),
    job_postings: (sinceMs, options) => jobFeedsStream(client, pipelines.jobPostings, sinceMs, options),
    hiring_team: (sinceMs, options) => jobFeedsStream(client, pipelines.hiringTeam, sinceMs, options),
    application_stages: (sinceMs, options) => resourceStream(client, r.stages, pipelines.stages, sinceMs, options),
    job_stages: jobStagesReader(client),
    candidates: (sinceMs, options) => resourceStream(client, r.candidates, pipelines.candidates, sinceMs, options, filterQuery('candidates', options.filters)),
    applications: (sinceMs, options) => resourceStream(client, r.applications, pipelines.applications, sinceMs, options, filterQuery('applications', options.filters)),
    rejection_reasons: (sinceMs, options) => resourceStream(client, r.rejectReasons, pipelines.rejectReasons, sinceMs, options),
    tags: tagsReader(client),
  } satisfies { [M in import('../../models/registry.js').ModelName]?: ModelReader<M> };
}

/** Reads one resource by id with its includes, mapped through the same pipeline as the lists. */
export async function getOne<Wire, T extends { changed_at: string | null }>(
  client: HttpClient,
  path: string,
  include: readonly string[],
  pipeline: Pipeline<Wire, T>,
  signal?: AbortSignal,
): Promise<T> {
  const operation = `GET ${path.replace(/\/[^/]+$/, '/{id}')}`;
  const response = await client.request({ method: 'GET', path, query: include.length > 0 ? { include: include.join(',') } : {}, operation, signal });
  const document = parseOrThrow(wire.singleDocumentSchema, response.body, { provider: PROVIDER, operation, what: 'a single-record document' });
  return mapOne(document.data, pipeline, indexIncluded(document.included), { provider: PROVIDER, operation, what: 'Teamtailor record' });
}

export { pipelines as teamtailorPipelines };
