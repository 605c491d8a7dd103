/**
 * The model readers of the Jarvi connector: which list resource feeds which unified model, with
 * which Hasura `where` filter. Every list is `{ data, total }` with `limit`/`offset` (B.3), read
 * with the core `offsetLimit` strategy, which advances by the rows that actually came back: the
 * profiles route caps pages at 100 whatever `limit` says (quirk 3). Filters are verified on every
 * page, because Jarvi ignores an unknown filter silently (quirk 4): rows outside the delta window
 * and non-talents are dropped client-side and reported as page warnings.
 *
 * Tags such as B.3 are defined in docs/connectors/sources/jarvi.md (quirk numbers too).
 */
import { z } from 'zod';
import type { HttpClient } from '../../core/http.js';
import { parseIsoToMs } from '../../core/dates.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { tryDecode } from '../../core/ids.js';
import { offsetLimit } from '../../core/pagination.js';
import { mapItems, rawField, type RecordPipeline } from '../../core/record-pipeline.js';
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
import type { ModelReader, ReaderOptions } from '../shared/define-connector.js';
import type { ResolvedFilters } from '../../core/list-filters.js';
import { remoteRefOf } from '../shared/remote-ref.js';
import { mapRecords, noContext, pipelineFactory, rawPages, resourceStream as sharedResourceStream, type ListReading } from '../shared/reads.js';
import { jarviDescriptor as descriptor, type JarviResource } from './descriptor.js';
import { withKeyHint } from './key-hint.js';
import { toApplications } from './mappers/to-application.js';
import { toCandidate } from './mappers/to-candidate.js';
import { projectUsers, toHiringTeam, toJob, toJobPosting } from './mappers/to-job.js';
import { toUser } from './mappers/to-user.js';
import * as wire from './wire.js';
import { checkedParse } from '../../core/schema-check.js';

/** The transports of one connector: the private key's, and the public key's when one was given. */
export interface JarviClients {
  private: HttpClient;
  public: HttpClient;
}

/** Reads `id` from a raw item that may have failed its schema. */
const remoteId = (item: unknown) => {
  const id = rawField(item, 'id');
  return typeof id === 'string' && id !== '' ? id.toLowerCase() : null;
};

/** The rows of a list body: `data`, else the entity-named key of the older schema (quirk 7). */
export function listItems(body: unknown, entity: string): unknown[] {
  const parsed = wire.listEnvelopeSchema.safeParse(body);
  if (parsed.success) {
    if (parsed.data.data) return parsed.data.data;
    const legacy = parsed.data[entity];
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
  const rows = items;
  if ('isTalent' in resource.where) {
    const leaked = rows.filter((row) => rawField(row, 'isTalent') !== true).length;
    if (leaked > 0) warnings.push(`Jarvi returned ${leaked} non-talent profile(s) despite the isTalent filter; dropped client-side.`);
  }
  if ('isMadeForRecruitment' in resource.where) {
    const leaked = rows.filter((row) => rawField(row, 'isMadeForRecruitment') !== true).length;
    if (leaked > 0) warnings.push(`Jarvi returned ${leaked} non-recruitment project(s) despite the filter; dropped client-side.`);
  }
  if (resource.serverDelta && sinceMs !== null) {
    const stale = rows.filter((row) => {
      const updatedAt = rawField(row, 'updatedAt');
      const ms = typeof updatedAt === 'string' ? safeMs(updatedAt) : null;
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

/** How Jarvi list resources are read: `{ data, total }` with offset/limit, Hasura `where`, filter checks on every page. */
const reading: ListReading<JarviResource> = {
  strategy: offsetLimit(undefined, listTotal),
  path: (resource) => resource.path,
  items: (body, resource) => listItems(body, resource.path.slice(1)),
  query: (resource, sinceMs) => resourceQuery(resource, sinceMs),
  pageSize: (resource, requested) => Math.min(requested ?? descriptor.pageSize, resource.maxLimit),
  // Sorted by createdAt, not by changed_at: no per-page checkpoint.
  ordered: () => false,
  pageWarnings: (items, resource, sinceMs) => filterWarnings(items, resource, sinceMs),
};

/**
 * Streams one Jarvi list resource through a pipeline, page by page. The endpoint of each resource
 * and its documentation link are in `descriptor.resources`. Records changed before `since` are
 * dropped client-side too: Jarvi silently ignores a filter it does not understand. `extraWhere` holds
 * the caller's list filters Jarvi can take (see {@link filterWhere}).
 */
function resourceStream<Wire, T extends { changed_at: string | null }>(
  client: HttpClient,
  resource: JarviResource,
  pipeline: RecordPipeline<Wire, null, T>,
  sinceMs: number | null,
  options: SyncOptions,
  extraWhere: Record<string, unknown> = {},
): SyncStream<T> {
  const query = resourceQuery(resource, sinceMs, extraWhere);
  return withKeyHint(sharedResourceStream(client, reading, resource, pipeline, sinceMs, options, { pageContext: noContext, query }), resource);
}

/** Jarvi ids are UUIDs; anything else is never sent in a filter (it stays a client-side check). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The shape of an email worth sending (the records are checked exactly afterwards). */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Every value of `values` as a Jarvi id of `kind`, or null when one cannot be sent safely. */
function remoteIds(values: readonly string[] | undefined, kind: string): string[] | null {
  if (!values) return null;
  const out = values.map((value) => remoteRefOf(value, descriptor.provider, kind, UUID)?.toLowerCase() ?? null);
  return out.every((value): value is string => value !== null) ? [...new Set(out)] : null;
}

/** The profile ids of application ids (`<profileId>:<projectId>`, unified or raw), or null. */
function applicationProfileIds(values: readonly string[] | undefined): string[] | null {
  if (!values) return null;
  const out: string[] = [];
  for (const value of values) {
    const parts = tryDecode(value);
    const raw = parts ? (parts[0] === descriptor.provider && parts[1] === 'application' && parts.length === 4 ? parts[2] : null) : value.split(':')[0];
    if (!raw || !UUID.test(raw)) return null;
    out.push(raw.toLowerCase());
  }
  return [...new Set(out)];
}

/**
 * A Hasura `ilike` pattern matching `email` exactly but for case: `%`, `_` and the backslash escaped, so an
 * underscore in an address is not a wildcard.
 */
export function exactIlike(email: string): string {
  return email.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The caller's list filters Jarvi can take, as parts of the Hasura `where` (the server filters of
 * `capabilities`). Every filter is checked on the records afterwards anyway (`defineConnector`):
 * Jarvi ignores a filter it does not know, which then costs requests, never correctness.
 * - candidates: `ids`/`remote_ids` → `id _in`; `emails` → the preferred address or any address
 *   (`emailAddresses.email`, a relationship filter, INFERRED) `_ilike` the exact address.
 * - applications (read from profiles): `candidate_ids`, and the profile part of `ids`/`remote_ids`
 *   → `id _in`; `job_ids` → `projects.projectId _in` (the embedded rows' relationship, INFERRED).
 * - jobs: `ids`/`remote_ids` → `id _in`.
 */
export function filterWhere(model: 'candidates' | 'applications' | 'jobs', filters: ResolvedFilters | null | undefined): Record<string, unknown> {
  if (!filters) return {};
  const parts: Record<string, unknown>[] = [];
  const idIn = (ids: string[] | null) => {
    if (ids) parts.push({ id: { _in: ids } });
  };
  if (model === 'applications') {
    idIn(applicationProfileIds(filters.ids));
    idIn(applicationProfileIds(filters.remote_ids));
    idIn(remoteIds(filters.candidate_ids, 'candidate'));
    const jobs = remoteIds(filters.job_ids, 'job');
    if (jobs) parts.push({ projects: { projectId: { _in: jobs } } });
  } else {
    const kind = model === 'candidates' ? 'candidate' : 'job';
    idIn(remoteIds(filters.ids, kind));
    idIn(remoteIds(filters.remote_ids, kind));
  }
  if (model === 'candidates' && filters.emails && filters.emails.every((email) => EMAIL.test(email))) {
    parts.push({
      _or: filters.emails.flatMap((email) => [
        { preferredEmailAddress: { _ilike: exactIlike(email) } },
        { emailAddresses: { email: { _ilike: exactIlike(email) } } },
      ]),
    });
  }
  if (parts.length === 0) return {};
  return parts.length === 1 ? (parts[0] as Record<string, unknown>) : { _and: parts };
}

/** A pipeline with its types inferred from the wire schema and the mapper. */
const pipeline = pipelineFactory(remoteId);

const pipelines = {
  candidates: pipeline(wire.profileSchema, CandidateSchema, (raw, _context: null) => toCandidate(raw)),
  applications: pipeline(wire.profileSchema, ApplicationSchema, (raw, _context: null) => toApplications(raw)),
  jobs: pipeline(wire.projectSchema, JobSchema, (raw, _context: null) => toJob(raw)),
  hiringTeam: pipeline(wire.projectSchema, HiringTeamMemberSchema, (raw, _context: null) => toHiringTeam(raw)),
  jobPostings: pipeline(wire.projectSchema, JobPostingSchema, (raw, _context: null) => toJobPosting(raw)),
};

/** The users embedded in a project, read leniently: the users of a project that fails its schema are still read (and quarantined one by one). */
const embeddedUsersSchema = z.looseObject({
  user: z.unknown(),
  assignees: z.array(z.looseObject({ user: z.unknown() })).catch([]),
});

function embeddedUsers(item: unknown): unknown[] {
  const project = wire.projectSchema.safeParse(item);
  if (project.success) return projectUsers(project.data);
  const loose = checkedParse(embeddedUsersSchema, item);
  if (!loose.success) return [];
  return [loose.data.user, ...loose.data.assignees.map((assignee) => assignee.user)].filter((user) => user !== null && user !== undefined);
}

/**
 * Users: no users route is documented (B.6.4), so users are collected from the users embedded in
 * every project (owner and assignees), each delivered once. No timestamps: every run reads all.
 * Each page is one projects page's users and carries that response's clock.
 */
function usersReader(client: HttpClient): ModelReader<'users'> {
  return (_sinceMs, options) => {
    const resource = descriptor.resources.allProjects;
    return withKeyHint(
      createSyncStream(async function* () {
        const seen = new Set<string>();
        for await (const raw of rawPages(client, reading, resource, resourceQuery(resource, null), options, 'GET /projects (users)')) {
          const users = raw.items.flatMap(embeddedUsers);
          const fresh = users.filter((user) => {
            const id = remoteId(user);
            return id === null || (!seen.has(id) && Boolean(seen.add(id)));
          });
          const { records, quarantined } = mapItems(fresh, { wire: wire.userSchema, unified: UserSchema, map: toUser, remoteId }, null, null);
          const page: Page<User> = { records, quarantined, checkpoint: null, requests: 1, warnings: [], serverTime: raw.response.serverTime };
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
    jobs: (sinceMs, options: ReaderOptions) => resourceStream(clients.private, r.projects, pipelines.jobs, sinceMs, options, filterWhere('jobs', options.filters)),
    hiring_team: (sinceMs, options) => resourceStream(clients.private, r.projects, pipelines.hiringTeam, sinceMs, options),
    job_postings: (sinceMs, options) => resourceStream(clients.public, r.offers, pipelines.jobPostings, sinceMs, options),
    candidates: (sinceMs, options: ReaderOptions) => resourceStream(clients.private, r.profiles, pipelines.candidates, sinceMs, options, filterWhere('candidates', options.filters)),
    applications: (sinceMs, options: ReaderOptions) =>
      resourceStream(clients.private, r.profiles, pipelines.applications, sinceMs, options, filterWhere('applications', options.filters)),
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

/** Maps one raw record through a pipeline; a record that fails is a `ValidationError` (it may map to none). */
export function mapOne<Wire, T extends { changed_at: string | null }>(
  item: unknown,
  pipe: RecordPipeline<Wire, null, T>,
  operation: string,
  what: string,
): T[] {
  return mapRecords(item, pipe, null, { provider: descriptor.provider, operation, what: `Jarvi ${what}` });
}

export { pipelines as jarviPipelines };
