/**
 * The model readers of the Flatchr connector. Flatchr has no pagination: each reader makes a
 * fixed number of requests (the list, plus the lookups it needs, built once per run) and hands the
 * records out in bounded pages through `wholeListStream`. Only the applicant search filters
 * server-side (`start_update`); everything else is filtered client-side.
 */
import { z } from 'zod';
import { floorTo } from '../../core/dates.js';
import { earliestServerTime } from '../../core/server-time.js';
import { idText, rawField, summarise, type RecordPipeline } from '../../core/record-pipeline.js';
import type { QuarantinedRecord, SyncOptions } from '../../core/stream.js';
import {
  ApplicationSchema,
  ApplicationStageSchema,
  CandidateSchema,
  JobPostingSchema,
  JobSchema,
  JobStageSchema,
  TagSchema,
  UserSchema,
  RoleSchema,
} from '../../models/index.js';
import type { ModelName } from '../../models/registry.js';
import type { ModelReader, ReaderOptions } from '../shared/define-connector.js';
import type { ResolvedFilters } from '../../core/list-filters.js';
import { idReader } from '../shared/ids.js';
import { flatchrIds } from './ids.js';
import { mapOne as sharedMapOne, pipelineFactory } from '../shared/reads.js';
import { flatchrDescriptor as descriptor } from './descriptor.js';
import { newestRowsPerPerson, updatedMs } from './candidate-rows.js';
import { deltaFilters, loadLookups, readListResource, searchApplicants, type FlatchrApi, type SearchFilters } from './endpoints.js';
import type { FlatchrLookups } from './lookups.js';
import { toApplication } from './mappers/to-application.js';
import { toCandidate } from './mappers/to-candidate.js';
import { toJob, toJobPosting } from './mappers/to-job.js';
import { toTag } from './mappers/to-misc.js';
import { sortColumns, toApplicationStage, toJobStages } from './mappers/to-stage.js';
import { toRole, toUser } from './mappers/to-user.js';
import { wholeListStream, type WholeList } from './whole-list.js';
import * as wire from './wire.js';

/** Reads the provider id from a raw item that may have failed its schema: a search row's `applicant`, a member's `user.id`, else `id`. */
const remoteId = (item: unknown) => idText(rawField(item, 'applicant') ?? rawField(rawField(item, 'user'), 'id') ?? rawField(item, 'id'));

const pipeline = pipelineFactory(remoteId);

/** Per-run context of the stage readers: column order, computed once. */
interface ColumnContext {
  indexOf: ReadonlyMap<number, number>;
  columns: wire.Column[];
  /** Columns that failed their schema: missing from every job's pipeline, so quarantined there. */
  failed: QuarantinedRecord[];
}

const pipelines = {
  users: pipeline(wire.memberSchema, UserSchema, (raw) => toUser(raw)),
  /** Roles: the distinct `role_id`s of the members (Flatchr has no role list); one record per id. */
  roles: pipeline(wire.memberSchema, RoleSchema, (raw, seen: Set<number>) => {
    if (typeof raw.role_id !== 'number' || seen.has(raw.role_id)) return null;
    seen.add(raw.role_id);
    return toRole(raw.role_id);
  }),
  jobs: pipeline(wire.vacancySchema, JobSchema, (raw) => toJob(raw)),
  jobPostings: pipeline(wire.vacancySchema, JobPostingSchema, (raw) => toJobPosting(raw)),
  stages: pipeline(wire.columnSchema, ApplicationStageSchema, (raw, context: ColumnContext) => toApplicationStage(raw, context.indexOf.get(raw.id) ?? null)),
  jobStages: pipeline(wire.vacancySchema, JobStageSchema, (raw, context: ColumnContext) => toJobStages(raw, context.columns)),
  tags: pipeline(wire.tagSchema, TagSchema, (raw) => (raw.type && raw.type !== descriptor.candidateTagType ? null : toTag(raw))),
  candidates: pipeline(wire.searchRowSchema, CandidateSchema, (raw) => toCandidate(raw)),
  /** The candidates of a sync: rows already parsed once by `newestRowsPerPerson`, so not parsed again. */
  syncedCandidates: pipeline(z.custom<wire.SearchRow>(), CandidateSchema, (row) => toCandidate(row)),
  applications: pipeline(wire.searchRowSchema, ApplicationSchema, (raw, lookups: FlatchrLookups) => toApplication(raw, lookups)),
};

const ids = idReader(flatchrIds);
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The provider id of one filter value of `kind`, or null when it is not one (then the filter stays client-side). */
function remoteOf(value: string | undefined, read: (value: string) => string | null): string | null {
  if (value === undefined) return null;
  try {
    return read(value);
  } catch {
    return null;
  }
}

/**
 * The applicant search body of a sync: the delta bound plus the list filters the search takes
 * (`email`, and `vacancy` as the encoded vacancy id). Each takes one value, so a filter with
 * several values (or one the search cannot take) is checked client-side only.
 */
function searchFilters(sinceMs: number | null, filters: ResolvedFilters | null | undefined, model: 'candidates' | 'applications'): SearchFilters {
  const body: SearchFilters = deltaFilters(sinceMs);
  if (!filters) return body;
  const single = (values: readonly string[] | undefined) => (values?.length === 1 ? values[0] : undefined);
  const email = model === 'candidates' ? single(filters.emails) : remoteOf(single(filters.candidate_ids), (value) => {
    const [kind, key] = ids.two(value, 'candidate', { field: 'candidate_ids', operation: 'syncApplications' });
    return kind === 'email' ? key : null;
  });
  if (email && EMAIL.test(email)) body.email = email;
  const vacancy = model === 'applications' ? remoteOf(single(filters.job_ids), (value) => ids.one(value, 'job', { field: 'job_ids', operation: 'syncApplications' })) : null;
  if (vacancy) body.vacancy = vacancy;
  return body;
}

/** The list filters each model sends to the applicant search (the others are checked client-side). */
export const flatchrServerFilters = { candidates: ['emails'], applications: ['job_ids', 'candidate_ids'] } as const;

/** Rows sorted ascending by `updated_at` (stable), so pages can carry checkpoints. */
function sortByUpdated(rows: readonly unknown[]): unknown[] {
  return rows
    .map((row, index) => ({ row, index, ms: updatedMs(row) }))
    .sort((a, b) => a.ms - b.ms || a.index - b.index)
    .map((entry) => entry.row);
}

/**
 * A note when search rows came without `vacancy_id` (the public docs' real row has none): their
 * job was resolved by vacancy title, and those whose title matched no single vacancy have no job.
 */
function vacancyTitleWarnings(rows: readonly unknown[], lookups: FlatchrLookups): string[] {
  let byTitle = 0;
  let unresolved = 0;
  for (const row of rows) {
    const vacancyId = rawField(row, 'vacancy_id');
    if (vacancyId !== null && vacancyId !== undefined) continue;
    const title = rawField(row, 'vacancy');
    if (typeof title === 'string' && lookups.vacancyByTitle(title)) byTitle += 1;
    else unresolved += 1;
  }
  if (byTitle + unresolved === 0) return [];
  const unresolvedNote = unresolved > 0 ? ` ${String(unresolved)} matched no single vacancy title and have job_id null.` : '';
  return [`Flatchr returned ${String(byTitle + unresolved)} search rows without vacancy_id: ${String(byTitle)} were matched to their job by vacancy title.${unresolvedNote}`];
}

function columnContext(columns: readonly unknown[]): ColumnContext {
  const parsed: wire.Column[] = [];
  const failed: QuarantinedRecord[] = [];
  for (const item of columns) {
    const column = wire.columnSchema.safeParse(item);
    if (column.success) parsed.push(column.data);
    else failed.push({ remote_id: remoteId(item), reason: 'wire_schema', issues: summarise(column.error) });
  }
  const sorted = sortColumns(parsed);
  return { columns: sorted, indexOf: new Map(sorted.map((column, index) => [column.id, index])), failed };
}

/** The job stages a failed column takes out of each vacancy's pipeline, quarantined as `<vacancy>:<column>`. */
function missingJobStages(vacancies: readonly unknown[], failed: readonly QuarantinedRecord[]): QuarantinedRecord[] {
  return vacancies.flatMap((vacancy) => {
    const vacancyId = remoteId(vacancy);
    return vacancyId === null ? [] : failed.map((column) => ({ ...column, remote_id: column.remote_id === null ? null : `${vacancyId}:${column.remote_id}` }));
  });
}

/** Raw columns in kanban order; items that do not parse go last (and are quarantined by the pipeline). */
function columnsInOrder(columns: readonly unknown[], context: ColumnContext): unknown[] {
  const rank = (item: unknown) => {
    const text = remoteId(item);
    const id = text === null ? Number.NaN : Number(text);
    return context.indexOf.get(id) ?? Number.MAX_SAFE_INTEGER;
  };
  return [...columns].sort((a, b) => rank(a) - rank(b));
}

/** Every model reader of the connector. */
export function flatchrReaders(api: FlatchrApi) {
  const r = descriptor.resources;
  const simple = <Wire, T extends { changed_at: string | null }>(
    resource: (typeof r)[keyof typeof r],
    map: RecordPipeline<Wire, null, T>,
  ) => (sinceMs: number | null, options: SyncOptions) =>
    wholeListStream({
      load: async (): Promise<WholeList<null>> => {
        const { items, serverTime } = await readListResource(api, resource, options.signal);
        return { items, context: null, requests: 1, warnings: [], serverTime };
      },
      pipeline: map,
      pageSize: options.pageSize ?? descriptor.pageSize,
      sinceMs,
      ordered: false,
    });

  const withColumns = <Wire, T extends { changed_at: string | null }>(
    map: RecordPipeline<Wire, ColumnContext, T>,
    withVacancies: boolean,
  ) => (sinceMs: number | null, options: SyncOptions) =>
    wholeListStream({
      load: async (): Promise<WholeList<ColumnContext>> => {
        const [columns, vacancies] = await Promise.all([
          readListResource(api, r.columns, options.signal),
          withVacancies ? readListResource(api, r.vacancies, options.signal) : Promise.resolve(null),
        ]);
        const context = columnContext(columns.items);
        // Application stages quarantine failed columns through the pipeline; job stages here.
        const quarantined = vacancies ? missingJobStages(vacancies.items, context.failed) : [];
        return {
          items: vacancies?.items ?? columnsInOrder(columns.items, context),
          context,
          requests: withVacancies ? 2 : 1,
          warnings: [],
          quarantined,
          // Job stages come from both lists (the vacancies and their columns): the earlier clock.
          serverTime: earliestServerTime(columns.serverTime, vacancies?.serverTime),
        };
      },
      pipeline: map,
      pageSize: options.pageSize ?? descriptor.pageSize,
      sinceMs,
      ordered: false,
    });

  return {
    users: simple(r.members, pipelines.users),
    roles: (_sinceMs: number | null, options: SyncOptions) =>
      wholeListStream({
        load: async (): Promise<WholeList<Set<number>>> => {
          const { items, serverTime } = await readListResource(api, r.members, options.signal);
          return { items, context: new Set<number>(), requests: 1, warnings: [], serverTime };
        },
        pipeline: pipelines.roles,
        pageSize: options.pageSize ?? descriptor.pageSize,
        // Roles have no timestamps: every run reads them all.
        sinceMs: null,
        ordered: false,
      }),
    jobs: simple(r.vacancies, pipelines.jobs),
    job_postings: simple(r.vacancies, pipelines.jobPostings),
    tags: simple(r.tags, pipelines.tags),
    application_stages: withColumns(pipelines.stages, false),
    job_stages: withColumns(pipelines.jobStages, true),
    candidates: (sinceMs, options: ReaderOptions) =>
      wholeListStream({
        load: async () => {
          const search = await searchApplicants(api, searchFilters(sinceMs, options.filters, 'candidates'), options.signal);
          // Each row parsed once, one sort: the newest row per person, ascending by updated_at.
          const { rows, quarantined } = newestRowsPerPerson(search.rows, remoteId);
          return { items: rows, context: null, requests: search.requests, warnings: [], quarantined, serverTime: search.serverTime };
        },
        pipeline: pipelines.syncedCandidates,
        pageSize: options.pageSize ?? descriptor.pageSize,
        sinceMs: sinceMs === null ? null : floorTo(sinceMs, descriptor.filterGranularityMs),
        ordered: true,
      }),
    applications: (sinceMs, options: ReaderOptions) =>
      wholeListStream({
        load: async () => {
          const [loaded, search] = await Promise.all([loadLookups(api, options.signal), searchApplicants(api, searchFilters(sinceMs, options.filters, 'applications'), options.signal)]);
          const { lookups } = loaded;
          return {
            items: sortByUpdated(search.rows),
            context: lookups,
            requests: 2 + search.requests,
            warnings: [...lookups.warnings, ...vacancyTitleWarnings(search.rows, lookups)],
            // The records join the search rows with the lookups: the earliest clock of all four responses.
            serverTime: earliestServerTime(loaded.serverTime, search.serverTime),
          };
        },
        pipeline: pipelines.applications,
        pageSize: options.pageSize ?? descriptor.pageSize,
        // `updated_at` has day granularity: a record changed on the day of `since` is kept.
        sinceMs: sinceMs === null ? null : floorTo(sinceMs, descriptor.filterGranularityMs),
        ordered: true,
      }),
  } satisfies { [M in ModelName]?: ModelReader<M> };
}

/** Maps one raw item through a pipeline, or throws a typed error (see the shared `mapOne`). */
export function mapOne<Wire, Context, T extends { changed_at: string | null }>(
  item: unknown,
  map: RecordPipeline<Wire, Context, T>,
  context: Context,
  operation: string,
): T {
  return sharedMapOne(item, map, context, { provider: descriptor.provider, operation, what: 'Flatchr record' });
}

export { pipelines as flatchrPipelines };
