/**
 * The model readers of the Jarvi connector: which list resource feeds which unified model, with
 * which Hasura `where` filter. Every list is `{ data, total }` with `limit`/`offset` (B.3), read
 * with the core `offsetLimit` strategy, which advances by the rows that actually came back: the
 * profiles route caps pages at 100 whatever `limit` says (quirk 3). Filters are verified on every
 * page, because Jarvi ignores an unknown filter silently (quirk 4): rows outside the delta window
 * and non-talents are dropped client-side and reported as page warnings.
 */
import type { z } from 'zod';
import type { HttpClient } from '../../core/http.js';
import { parseIsoToMs } from '../../core/dates.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { offsetLimit, paginate } from '../../core/pagination.js';
import { listStream, mapItems, type RecordPipeline } from '../../core/record-pipeline.js';
import { createSyncStream, type Page, type SyncOptions, type SyncStream } from '../../core/stream.js';
import {
  ApplicationSchema,
  CandidateSchema,
  HiringTeamMemberSchema,
  JobPostingSchema,
  JobSchema,
  UserSchema,
  type User,
} from '../../models/index.js';
import type { ModelReader } from '../shared/define-connector.js';
import { jarviDescriptor as descriptor, type JarviResource } from './descriptor.js';
import { withKeyHint } from './key-hint.js';
import { toApplications } from './mappers/to-application.js';
import { toCandidate } from './mappers/to-candidate.js';
import { projectUsers, toHiringTeam, toJob, toJobPosting } from './mappers/to-job.js';
import { toUser } from './mappers/to-user.js';
import * as wire from './wire.js';

/** The transports of one connector: the private key's, and the public key's when one was given. */
export interface JarviClients {
  private: HttpClient;
  public: HttpClient;
}

/** Reads `id` from a raw item that may have failed its schema. */
const remoteId = (item: unknown) => {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id.toLowerCase() : null;
};

/** The rows of a list body: `data`, else the entity-named key of the older schema (quirk 7). */
export function listItems(body: unknown, entity: string): unknown[] {
  const parsed = wire.listEnvelopeSchema.safeParse(body);
  if (parsed.success) {
    if (parsed.data.data) return parsed.data.data;
    const legacy = (body as Record<string, unknown>)[entity];
    if (Array.isArray(legacy)) return legacy;
  }
  throw new ValidationError(`Jarvi list response has neither a data array nor a ${entity} array`, {
    provider: descriptor.provider,
    operation: `GET /${entity}`,
    issues: [{ path: ['data'], code: 'invalid_type' }],
  });
}

/** `total` of a list body, or null. */
const listTotal = (body: unknown) => wire.listEnvelopeSchema.safeParse(body).data?.total ?? null;

/** The strict `_gt` lower bound for `since` (quirk 5): one step back, so `since` stays inclusive. */
export function updatedAfter(sinceMs: number): string {
  return new Date(sinceMs - descriptor.strictBoundStepMs).toISOString();
}

/** The query of a list resource: its fixed `where`, the delta filter, and `orderBy`. */
export function resourceQuery(resource: JarviResource, sinceMs: number | null, extraWhere: Record<string, unknown> = {}) {
  const where: Record<string, unknown> = { ...resource.where, ...extraWhere };
  if (resource.serverDelta && sinceMs !== null) where[descriptor.cursorField] = { _gt: updatedAfter(sinceMs) };
  const query: Record<string, string> = {};
  if (Object.keys(where).length > 0) query.where = JSON.stringify(where);
  if (resource.orderBy) query.orderBy = JSON.stringify(resource.orderBy);
  return query;
}

/** Page warnings for what Jarvi returned that the filters should have excluded (quirk 4). */
function filterWarnings(items: readonly unknown[], resource: JarviResource, sinceMs: number | null): string[] {
  const warnings: string[] = [];
  const rows = items as { isTalent?: unknown; isMadeForRecruitment?: unknown; updatedAt?: unknown }[];
  if ('isTalent' in resource.where) {
    const leaked = rows.filter((row) => row?.isTalent !== true).length;
    if (leaked > 0) warnings.push(`Jarvi returned ${leaked} non-talent profile(s) despite the isTalent filter; dropped client-side.`);
  }
  if ('isMadeForRecruitment' in resource.where) {
    const leaked = rows.filter((row) => row?.isMadeForRecruitment !== true).length;
    if (leaked > 0) warnings.push(`Jarvi returned ${leaked} non-recruitment project(s) despite the filter; dropped client-side.`);
  }
  if (resource.serverDelta && sinceMs !== null) {
    const stale = rows.filter((row) => {
      const ms = typeof row?.updatedAt === 'string' ? safeMs(row.updatedAt) : null;
      return ms !== null && ms < sinceMs;
    }).length;
    if (stale > 0) warnings.push(`Jarvi returned ${stale} row(s) changed before since: the updatedAt filter was ignored upstream; filtered client-side.`);
  }
  return warnings;
}

function safeMs(value: string): number | null {
  try {
    return parseIsoToMs(value);
  } catch {
    return null;
  }
}

/**
 * Streams one Jarvi list resource through a pipeline, page by page. The endpoint of each resource
 * and its documentation link are in `descriptor.resources`.
 */
function resourceStream<Wire, T extends { changed_at: string | null }>(
  client: HttpClient,
  resource: JarviResource,
  pipeline: RecordPipeline<Wire, null, T>,
  sinceMs: number | null,
  options: SyncOptions,
): SyncStream<T> {
  const entity = resource.path.slice(1);
  return withKeyHint(
    listStream({
      client,
      strategy: offsetLimit(undefined, listTotal),
      path: resource.path,
      query: resourceQuery(resource, sinceMs),
      pageSize: Math.min(options.pageSize ?? descriptor.pageSize, resource.maxLimit),
      items: (body) => listItems(body, entity),
      operation: `GET ${resource.path}`,
      signal: options.signal,
      pipeline,
      pageContext: () => null,
      // Per-record `since` check in mapItems: the server filter may have been ignored (quirk 4).
      sinceMs,
      // Sorted by createdAt, not by changed_at: no per-page checkpoint.
      ordered: false,
      pageWarnings: (items) => filterWarnings(items, resource, sinceMs),
    }),
    resource,
  );
}

/** A pipeline with its types inferred from the wire schema and the mapper. */
function pipeline<Wire, T extends { changed_at: string | null }>(
  wireSchema: z.ZodType<Wire>,
  unified: z.ZodType<T>,
  map: (raw: Wire) => T | T[] | null,
): RecordPipeline<Wire, null, T> {
  return { wire: wireSchema, unified, map: (raw) => map(raw), remoteId };
}

const pipelines = {
  candidates: pipeline(wire.profileSchema, CandidateSchema, toCandidate),
  applications: pipeline(wire.profileSchema, ApplicationSchema, toApplications),
  jobs: pipeline(wire.projectSchema, JobSchema, toJob),
  hiringTeam: pipeline(wire.projectSchema, HiringTeamMemberSchema, toHiringTeam),
  jobPostings: pipeline(wire.projectSchema, JobPostingSchema, toJobPosting),
};

/**
 * Users: no users route is documented (B.6.4), so users are collected from the users embedded in
 * every project (owner and assignees), each delivered once. No timestamps: every run reads all.
 */
function usersReader(client: HttpClient): ModelReader<'users'> {
  return (_sinceMs, options) => {
    const resource = descriptor.resources.allProjects;
    return withKeyHint(
      createSyncStream(async function* () {
        const seen = new Set<string>();
        for await (const raw of paginate({
          client,
          strategy: offsetLimit(undefined, listTotal),
          path: resource.path,
          query: resourceQuery(resource, null),
          pageSize: options.pageSize ?? descriptor.pageSize,
          items: (body) => listItems(body, 'projects'),
          operation: 'GET /projects (users)',
          signal: options.signal,
        })) {
          const users = raw.items.flatMap((item) => {
            const project = wire.projectSchema.safeParse(item);
            return project.success ? projectUsers(project.data) : [];
          });
          const fresh = users.filter((user) => !seen.has(user.id) && seen.add(user.id));
          const { records, quarantined } = mapItems(fresh, { wire: wire.userSchema, unified: UserSchema, map: toUser, remoteId }, null, null);
          const page: Page<User> = { records, quarantined, checkpoint: null, requests: 1, warnings: [] };
          yield page;
        }
      }),
      resource,
    );
  };
}

/** Every model reader of the connector. */
export function jarviReaders(clients: JarviClients) {
  const r = descriptor.resources;
  return {
    users: usersReader(clients.private),
    jobs: (sinceMs, options) => resourceStream(clients.private, r.projects, pipelines.jobs, sinceMs, options),
    hiring_team: (sinceMs, options) => resourceStream(clients.private, r.projects, pipelines.hiringTeam, sinceMs, options),
    job_postings: (sinceMs, options) => resourceStream(clients.public, r.offers, pipelines.jobPostings, sinceMs, options),
    candidates: (sinceMs, options) => resourceStream(clients.private, r.profiles, pipelines.candidates, sinceMs, options),
    applications: (sinceMs, options) => resourceStream(clients.private, r.profiles, pipelines.applications, sinceMs, options),
  } satisfies { [M in import('../../models/registry.js').ModelName]?: ModelReader<M> };
}

/**
 * Reads one raw record by id through the list route: `GET /profiles/{id}` is not documented
 * (B.6.1), a `where={"id":{"_eq":…}}` filter is. The id is checked on the answer too, since an
 * ignored filter would return some other row (quirk 4).
 */
export async function getRaw(client: HttpClient, resource: JarviResource, id: string, operation: string, signal?: AbortSignal): Promise<unknown> {
  const entity = resource.path.slice(1);
  try {
    // https://api-docs.jarvi.tech/en/api-reference/profiles/get (and projects/get): list with `where`.
    const response = await client.request({
      method: 'GET',
      path: resource.path,
      query: { where: JSON.stringify({ id: { _eq: id } }), limit: 1, offset: 0 },
      operation,
      signal,
    });
    const found = listItems(response.body, entity).find((item) => remoteId(item) === id.toLowerCase());
    if (found === undefined) {
      throw new NotFoundError(`Jarvi has no ${entity.slice(0, -1)} ${id}`, { provider: descriptor.provider, operation });
    }
    return found;
  } catch (error) {
    throw withKeyHint.error(error, resource);
  }
}

/** Maps one raw record through a pipeline; a record that fails or maps to nothing is an error. */
export function mapOne<Wire, T extends { changed_at: string | null }>(
  item: unknown,
  pipe: RecordPipeline<Wire, null, T>,
  operation: string,
  what: string,
): T[] {
  const { records, quarantined } = mapItems([item], pipe, null, null);
  if (quarantined.length > 0) {
    throw new ValidationError(`Jarvi ${what} failed validation`, {
      provider: descriptor.provider,
      operation,
      issues: quarantined.flatMap((entry) => entry.issues),
      remoteId: quarantined[0]?.remote_id ?? null,
    });
  }
  return records;
}

export { pipelines as jarviPipelines };
