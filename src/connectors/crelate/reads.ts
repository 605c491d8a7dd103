/**
 * The model readers of the Crelate connector: which api3 list feeds which unified model. One
 * request per page of 100 wherever the API allows it; the one fan-out is applications, which need
 * one pipeline listing per job (A.7.3: no cross-job pipeline list exists), read job by job.
 */
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import { offsetLimit, paginate } from '../../core/pagination.js';
import { listStream, mapItems, type RecordPipeline } from '../../core/record-pipeline.js';
import { createSyncStream, type Page, type SyncOptions, type SyncStream } from '../../core/stream.js';
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
import { crelateDescriptor as descriptor, type CrelateResource } from './descriptor.js';
import { envelopeData, listData, listTotal } from './envelope.js';
import { guid, lookupId } from './mappers/common.js';
import { toApplication, type PipelineContext } from './mappers/to-application.js';
import { toCandidate } from './mappers/to-candidate.js';
import { isOpenJob, toHiringTeam, toJob, toJobPosting } from './mappers/to-job.js';
import { toTag } from './mappers/to-misc.js';
import { sortStatuses, toApplicationStage, toJobStages } from './mappers/to-stage.js';
import * as wire from './wire.js';

/** Offset/limit paging (A.4), ended by `MoreRecords: false`, `TotalRecords`, or an empty page. */
export const crelatePaging = offsetLimit(descriptor.paging, listTotal);

/** Reads `Id` from a raw item that may have failed its schema. */
const remoteId = (item: unknown) => {
  const id = (item as { Id?: unknown; ContactId?: { Id?: unknown } } | null)?.Id ?? (item as { ContactId?: { Id?: unknown } } | null)?.ContactId?.Id;
  return typeof id === 'string' ? guid(id) : null;
};

/** `modified_after` for `since`: floored to the second, minus the slack (descriptor, INFERRED). */
export function modifiedAfter(sinceMs: number): string {
  const ms = Math.floor(sinceMs / 1000) * 1000 - descriptor.modifiedAfterSlackMs;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function resourceQuery(resource: CrelateResource, sinceMs: number | null): Record<string, string> {
  const query: Record<string, string> = { ...resource.query };
  if (resource.serverDelta && sinceMs !== null) query[descriptor.modifiedAfterParam] = modifiedAfter(sinceMs);
  return query;
}

/** A pipeline with its types inferred from the wire schema and the mapper. */
function pipeline<Wire, Context, T extends { changed_at: string | null }>(
  wireSchema: z.ZodType<Wire>,
  unified: z.ZodType<T>,
  map: (raw: Wire, context: Context) => T | T[] | null,
): RecordPipeline<Wire, Context, T> {
  return { wire: wireSchema, unified, map, remoteId };
}

const pipelines = {
  candidates: pipeline(wire.contactSchema, CandidateSchema, (raw) => toCandidate(raw)),
  jobs: pipeline(wire.jobSchema, JobSchema, (raw) => toJob(raw)),
  jobPostings: pipeline(wire.jobSchema, JobPostingSchema, (raw) => toJobPosting(raw)),
  hiringTeam: pipeline(wire.jobSchema, HiringTeamMemberSchema, (raw) => toHiringTeam(raw)),
  applications: pipeline(wire.pipelineItemSchema, ApplicationSchema, (raw, context: PipelineContext) => toApplication(raw, context)),
};

/** A stream over one Crelate list resource. */
function resourceStream<Wire, T extends { changed_at: string | null }>(
  client: HttpClient,
  resource: CrelateResource,
  recordPipeline: RecordPipeline<Wire, null, T>,
  sinceMs: number | null,
  options: SyncOptions,
): SyncStream<T> {
  return listStream({
    client,
    strategy: crelatePaging,
    path: resource.path,
    query: resourceQuery(resource, sinceMs),
    pageSize: options.pageSize ?? descriptor.pageSize,
    items: (body) => listData(body, `GET ${resource.path}`),
    operation: `GET ${resource.path}`,
    signal: options.signal,
    pipeline: recordPipeline,
    pageContext: () => null,
    sinceMs,
    // No sort parameter on api3 lists (A.4).
    ordered: false,
  });
}

/** Every raw item of a list, page by page (for small lists and per-job pipelines). */
function rawPages(client: HttpClient, path: string, query: Record<string, string>, options: SyncOptions, operation: string) {
  return paginate({
    client,
    strategy: crelatePaging,
    path,
    query,
    pageSize: options.pageSize ?? descriptor.pageSize,
    items: (body) => listData(body, operation),
    operation,
    signal: options.signal,
  });
}

/** The recruiting workflow statuses, sorted (A.7.5). Items that fail the schema are skipped. */
export async function recruitingStatuses(client: HttpClient, options: SyncOptions): Promise<wire.WireWorkflowStatus[]> {
  const statuses: wire.WireWorkflowStatus[] = [];
  // https://app.crelate.com/api3/docs — GET /workflowstatuses (A.7.5, CODE Simple-Site)
  for await (const page of rawPages(client, descriptor.resources.workflowStatuses.path, {}, options, 'GET /workflowstatuses')) {
    for (const item of page.items) {
      const parsed = wire.workflowStatusSchema.safeParse(item);
      if (parsed.success) statuses.push(parsed.data);
    }
  }
  return sortStatuses(statuses);
}

/** A status with its position in the sorted recruiting list. */
const rankedStatusSchema = z.object({ status: wire.workflowStatusSchema, index: z.number().int() });

/** Application stages: one listing of statuses, mapped with their global position. */
function stagesReader(client: HttpClient): ModelReader<'application_stages'> {
  return (sinceMs, options) =>
    createSyncStream(async function* () {
      const statuses = await recruitingStatuses(client, options);
      const ranked = statuses.map((status, index) => ({ status, index }));
      const { records, quarantined } = mapItems(
        ranked,
        pipeline(rankedStatusSchema, ApplicationStageSchema, ({ status, index }) => toApplicationStage(status, index)),
        null,
        sinceMs,
      );
      yield { records, quarantined, checkpoint: null, requests: 1, warnings: [] };
    });
}

/** Job stages: the recruiting statuses once, then every job's copy of that list (no per-job request). */
function jobStagesReader(client: HttpClient): ModelReader<'job_stages'> {
  return (sinceMs, options) =>
    createSyncStream(async function* () {
      const statuses = await recruitingStatuses(client, options);
      const stagesOfJob = pipeline(wire.jobSchema, JobStageSchema, (job) => toJobStages(guid(job.Id), statuses, job));
      let requests = 1;
      for await (const page of rawPages(client, descriptor.resources.jobs.path, {}, options, 'GET /jobs (stages)')) {
        const { records, quarantined } = mapItems(page.items, stagesOfJob, null, sinceMs);
        yield { records, quarantined, checkpoint: null, requests: requests + 1, warnings: [] };
        requests = 0;
      }
    });
}

/**
 * Applications: the statuses once, the jobs, then each selected job's pipeline. A full run reads
 * every job; a delta run reads every open job plus jobs modified since, because a stage move does
 * not reliably move any modification date (A.5, A.11 #8), and keeps items whose own `ModifiedOn`
 * (when the API sends one) is at or after `since`.
 */
function applicationsReader(client: HttpClient): ModelReader<'applications'> {
  return (sinceMs, options) =>
    createSyncStream(async function* () {
      const statuses = await recruitingStatuses(client, options);
      const byId = new Map(statuses.map((status) => [guid(status.Id), status]));
      let pending = 1;
      for await (const jobPage of rawPages(client, descriptor.resources.jobs.path, {}, options, 'GET /jobs')) {
        pending += 1;
        for (const item of jobPage.items) {
          const job = wire.jobSchema.safeParse(item);
          if (!job.success) continue;
          const changed = job.data.ModifiedOn ? Date.parse(job.data.ModifiedOn) : Number.NaN;
          if (sinceMs !== null && !isOpenJob(job.data) && !(changed >= sinceMs)) continue;
          for await (const page of pipelinePages(client, guid(job.data.Id), byId, sinceMs, options)) {
            yield { ...page, requests: page.requests + pending };
            pending = 0;
          }
        }
      }
      if (pending > 0) yield { records: [], quarantined: [], checkpoint: null, requests: pending, warnings: [] };
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
    yield { records, quarantined, checkpoint: null, requests: 1, warnings: [] };
  }
}

/** Tags: no tag endpoint is confirmed, so tags come from the contacts' `Tags` maps, once each. */
function tagsReader(client: HttpClient): ModelReader<'tags'> {
  return (_sinceMs, options) =>
    createSyncStream(async function* () {
      const seen = new Set<string>();
      for await (const page of rawPages(client, descriptor.resources.contacts.path, {}, options, 'GET /contacts (tags)')) {
        const records: Tag[] = [];
        for (const item of page.items) {
          const tags = wire.tagsSchema.safeParse((item as { Tags?: unknown } | null)?.Tags);
          if (!tags.success) continue;
          for (const [categoryId, entries] of Object.entries(tags.data ?? {})) {
            for (const entry of entries ?? []) {
              const tag = toTag(entry, categoryId);
              if (!tag || seen.has(tag.remote_id)) continue;
              seen.add(tag.remote_id);
              const parsed = TagSchema.safeParse(tag);
              if (parsed.success) records.push(parsed.data);
            }
          }
        }
        yield { records, quarantined: [], checkpoint: null, requests: 1, warnings: [] };
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
    candidates: (sinceMs, options) => resourceStream(client, r.contacts, pipelines.candidates, sinceMs, options),
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
  const { records, quarantined } = mapItems([envelopeData(response.body, operation)], recordPipeline, null, null);
  const record = records[0];
  if (record) return record;
  if (quarantined.length === 0) {
    // The mapper skipped it: a contact that is not a candidate (a client contact, a lead).
    throw new NotFoundError(`Crelate record at ${path} is not a ${kind}`, { provider: descriptor.provider, operation });
  }
  throw new ValidationError(`Crelate record at ${path} failed validation`, {
    provider: descriptor.provider,
    operation,
    issues: quarantined.flatMap((entry) => entry.issues),
    remoteId: quarantined[0]?.remote_id ?? null,
  });
}

/** One application: the job's pipeline is read until the contact is found. */
export async function getApplication(client: HttpClient, jobId: string, contactId: string, signal?: AbortSignal): Promise<Application> {
  const options = { signal };
  const statuses = new Map((await recruitingStatuses(client, options)).map((status) => [guid(status.Id), status]));
  for await (const page of rawPages(client, descriptor.pipelinePath(jobId), {}, options, 'GET /jobs/{id}/contacts')) {
    const match = page.items.filter((item) => {
      const parsed = wire.pipelineItemSchema.safeParse(item);
      return parsed.success && (lookupId(parsed.data.ContactId) ?? (parsed.data.Id ? guid(parsed.data.Id) : null)) === contactId;
    });
    if (match.length === 0) continue;
    const { records, quarantined } = mapItems(match, pipelines.applications, { jobId, statuses }, null);
    if (records[0]) return records[0];
    throw new ValidationError(`Crelate pipeline item ${jobId}:${contactId} failed validation`, {
      provider: descriptor.provider,
      operation: 'getApplication',
      issues: quarantined.flatMap((entry) => entry.issues),
      remoteId: `${jobId}:${contactId}`,
    });
  }
  throw new NotFoundError(`Contact ${contactId} is not on the pipeline of job ${jobId}`, { provider: descriptor.provider, operation: 'getApplication' });
}

export { pipelines as crelatePipelines };
