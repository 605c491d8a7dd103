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
import { listStream, mapItems, type RecordPipeline, plainRemoteId } from '../../core/record-pipeline.js';
import { createSyncStream, type Page, type SyncOptions, type SyncStream } from '../../core/stream.js';
import { ValidationError } from '../../core/errors.js';
import {
  ApplicationSchema,
  ApplicationStageSchema,
  CandidateSchema,
  HiringTeamMemberSchema,
  JobPostingSchema,
  JobSchema,
  JobStageSchema,
  RejectionReasonSchema,
  TagSchema,
  UserSchema,
  type Tag,
} from '../../models/index.js';
import type { ModelReader } from '../shared/define-connector.js';
import { teamtailorDescriptor as descriptor, type TeamtailorResource } from './descriptor.js';
import { indexIncluded, type IncludedIndex } from './jsonapi.js';
import { toApplication } from './mappers/to-application.js';
import { uniqueTags } from './mappers/to-candidate.js';
import { toCandidate } from './mappers/to-candidate.js';
import { toHiringTeam, toJob, toJobPosting } from './mappers/to-job.js';
import { toRejectionReason, toTag } from './mappers/to-misc.js';
import { toApplicationStage, toJobStages } from './mappers/to-stage.js';
import { toUser } from './mappers/to-user.js';
import * as wire from './wire.js';

/** Reads `id` from a raw item that may have failed its schema. */
const remoteId = plainRemoteId;

/** The `data` array of a list document; anything else is a typed error, never a crash. */
function listItems(body: unknown): unknown[] {
  const parsed = wire.listDocumentSchema.safeParse(body);
  if (!parsed.success) {
    throw new ValidationError('Teamtailor list response is not a JSON:API document with a data array', {
      provider: descriptor.provider,
      operation: 'list',
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String), code: issue.code })),
    });
  }
  return parsed.data.data;
}

/** `attributes.updated-at` of a raw item in epoch ms, or null when missing or unparseable. */
function updatedAtOf(item: unknown): number | null {
  const value = (item as { attributes?: { 'updated-at'?: unknown } } | null)?.attributes?.['updated-at'];
  try {
    return typeof value === 'string' ? parseIsoToMs(value) : null;
  } catch {
    return null;
  }
}

function pageIncluded(body: unknown): IncludedIndex {
  return indexIncluded((body as { included?: unknown[] } | null)?.included);
}

/** The query of a list resource, with the delta filter when the API supports it. */
function resourceQuery(resource: TeamtailorResource, sinceMs: number | null): Record<string, string> {
  const query: Record<string, string> = { ...resource.query };
  if (resource.include.length > 0) query.include = resource.include.join(',');
  if (resource.sort) query.sort = resource.sort;
  if (resource.serverDelta && sinceMs !== null) query[descriptor.updatedFromFilter] = new Date(sinceMs).toISOString();
  return query;
}

/** A stream over one Teamtailor list resource. */
function resourceStream<Wire, T extends { changed_at: string | null }>(
  client: HttpClient,
  resource: TeamtailorResource,
  pipeline: RecordPipeline<Wire, IncludedIndex, T>,
  sinceMs: number | null,
  options: SyncOptions,
  extraQuery: Record<string, string> = {},
): SyncStream<T> {
  const query = { ...resourceQuery(resource, sinceMs), ...extraQuery };
  const pageSize = options.pageSize ?? descriptor.pageSize;
  return listStream({
    client,
    strategy: jsonApiLinksNext,
    source: resource.keyset
      ? (onWarning) => {
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
              items: listItems,
              itemTime: updatedAtOf,
              itemId: remoteId,
              sinceMs,
              operation: `GET ${resource.path}`,
              signal: options.signal,
            },
            onWarning,
          );
        }
      : undefined,
    path: resource.path,
    query,
    pageSize,
    items: listItems,
    operation: `GET ${resource.path}`,
    signal: options.signal,
    pipeline,
    pageContext: pageIncluded,
    sinceMs,
    ordered: Boolean(resource.serverDelta && resource.sort === 'updated-at'),
  });
}

/**
 * Jobs come from two feeds (public and internal, A6.2); a job in both is delivered once.
 * The set of seen ids is per run and bounded by the number of jobs.
 */
function jobFeedsStream<T extends { changed_at: string | null; remote_id: string; id: string }>(
  client: HttpClient,
  pipeline: RecordPipeline<z.infer<typeof wire.jobSchema>, IncludedIndex, T>,
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

/** A pipeline with its types inferred from the wire schema and the mapper. */
function pipeline<Wire, T extends { changed_at: string | null }>(
  wireSchema: z.ZodType<Wire>,
  unified: z.ZodType<T>,
  map: (raw: Wire, included: IncludedIndex) => T | T[],
): RecordPipeline<Wire, IncludedIndex, T> {
  return { wire: wireSchema, unified, map, remoteId };
}

const pipelines = {
  users: pipeline(wire.userSchema, UserSchema, (raw) => toUser(raw)),
  jobs: pipeline(wire.jobSchema, JobSchema, toJob),
  jobPostings: pipeline(wire.jobSchema, JobPostingSchema, (raw) => toJobPosting(raw)),
  hiringTeam: pipeline(wire.jobSchema, HiringTeamMemberSchema, toHiringTeam),
  stages: pipeline(wire.stageSchema, ApplicationStageSchema, (raw) => toApplicationStage(raw)),
  candidates: pipeline(wire.candidateSchema, CandidateSchema, toCandidate),
  applications: pipeline(wire.applicationSchema, ApplicationSchema, toApplication),
  rejectReasons: pipeline(wire.rejectReasonSchema, RejectionReasonSchema, (raw) => toRejectionReason(raw)),
};

/** Job stages: one listing of jobs, then each job's stages in `row-order` (bounded fan-out). */
function jobStagesReader(client: HttpClient): ModelReader<'job_stages'> {
  return (sinceMs, options) =>
    createSyncStream(async function* () {
      const limit = pLimit(2);
      const jobs = jobFeedsStream(client, pipelines.jobs, null, options);
      for await (const jobPage of jobs.pages()) {
        const perJob = await Promise.all(
          jobPage.records.map((job) => limit(() => stagesOfJob(client, job.remote_id, options))),
        );
        const records = perJob.flat().filter((stage) => sinceMs === null || !stage.changed_at || Date.parse(stage.changed_at) >= sinceMs);
        yield { records, quarantined: jobPage.quarantined, checkpoint: null, requests: 1 + perJob.length, warnings: [] };
      }
    });
}

async function stagesOfJob(client: HttpClient, jobId: string, options: SyncOptions) {
  const stages: z.infer<typeof wire.stageSchema>[] = [];
  // https://docs.teamtailor.com/ — GET /v1/jobs/{id}/stages?sort=row-order (A6.4)
  for await (const page of paginate({
    client,
    strategy: jsonApiLinksNext,
    path: `/jobs/${encodeURIComponent(jobId)}/stages`,
    query: { sort: 'row-order' },
    pageSize: descriptor.pageSize,
    items: listItems,
    operation: 'GET /jobs/{id}/stages',
    signal: options.signal,
  })) {
    for (const item of page.items) {
      const parsed = wire.stageSchema.safeParse(item);
      if (parsed.success) stages.push(parsed.data);
    }
  }
  const mapped = mapItems(toJobStages(jobId, stages), { wire: JobStageSchema, unified: JobStageSchema, map: (r) => r, remoteId }, null, null);
  return mapped.records;
}

/**
 * Tags: Teamtailor has no tag resource (A6.11), so tags are collected from candidates (only their
 * `tags` attribute is asked for, through a sparse fieldset) and each distinct tag is delivered once.
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
        items: listItems,
        operation: 'GET /candidates (tags)',
        signal: options.signal,
      })) {
        const records: Tag[] = [];
        for (const item of raw.items) {
          const tags = (item as { attributes?: { tags?: unknown } }).attributes?.tags;
          for (const name of uniqueTags(Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [])) {
            const key = name.toLowerCase();
            if (seen.has(key)) continue;
            seen.add(key);
            const tag = TagSchema.safeParse(toTag(name));
            if (tag.success) records.push(tag.data);
          }
        }
        const page: Page<Tag> = { records, quarantined: [], checkpoint: null, requests: 1, warnings: [] };
        yield page;
      }
    });
}

/** Every model reader of the connector. */
export function teamtailorReaders(client: HttpClient) {
  const r = descriptor.resources;
  return {
    users: (sinceMs, options) => resourceStream(client, r.users, pipelines.users, sinceMs, options),
    jobs: (sinceMs, options) => jobFeedsStream(client, pipelines.jobs, sinceMs, options),
    job_postings: (sinceMs, options) => jobFeedsStream(client, pipelines.jobPostings, sinceMs, options),
    hiring_team: (sinceMs, options) => jobFeedsStream(client, pipelines.hiringTeam, sinceMs, options),
    application_stages: (sinceMs, options) => resourceStream(client, r.stages, pipelines.stages, sinceMs, options),
    job_stages: jobStagesReader(client),
    candidates: (sinceMs, options) => resourceStream(client, r.candidates, pipelines.candidates, sinceMs, options),
    applications: (sinceMs, options) => resourceStream(client, r.applications, pipelines.applications, sinceMs, options),
    rejection_reasons: (sinceMs, options) => resourceStream(client, r.rejectReasons, pipelines.rejectReasons, sinceMs, options),
    tags: tagsReader(client),
  } satisfies { [M in import('../../models/registry.js').ModelName]?: ModelReader<M> };
}

/** Reads one resource by id with its includes, mapped through the same pipeline as the lists. */
export async function getOne<Wire, T extends { changed_at: string | null }>(
  client: HttpClient,
  path: string,
  include: readonly string[],
  pipeline: RecordPipeline<Wire, IncludedIndex, T>,
  signal?: AbortSignal,
): Promise<T> {
  const response = await client.request({
    method: 'GET',
    path,
    query: include.length > 0 ? { include: include.join(',') } : {},
    operation: `GET ${path.replace(/\/[^/]+$/, '/{id}')}`,
    signal,
  });
  const document = wire.singleDocumentSchema.parse(response.body);
  const { records, quarantined } = mapItems([document.data], pipeline, indexIncluded(document.included), null);
  const record = records[0];
  if (!record) {
    throw new ValidationError(`Teamtailor record at ${path} failed validation`, {
      provider: descriptor.provider,
      operation: `GET ${path}`,
      issues: quarantined.flatMap((entry) => entry.issues),
      remoteId: quarantined[0]?.remote_id ?? null,
    });
  }
  return record;
}

export { pipelines as teamtailorPipelines };
