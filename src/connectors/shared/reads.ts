/**
 * The read structure every connector shares: pipelines bound to the provider's raw-id reader, one
 * list resource streamed through a pipeline, raw pages of a resource (for joins), and reading one
 * record or failing with a typed error ("map one or throw"). A provider supplies a
 * {@link ListReading}: how its list resources are paged, queried and unwrapped.
 */
import type { z } from 'zod';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import { paginate, type PaginationStrategy, type RawPage } from '../../core/pagination.js';
import { issuePaths } from '../../core/parse.js';
import { listStream, mapItems, type RecordPipeline } from '../../core/record-pipeline.js';
import type { SyncOptions, SyncStream } from '../../core/stream.js';

/** A record with the field every pipeline output has. */
type Changed = { changed_at: string | null };

/** Builds pipelines that read raw ids with `remoteId`, with types inferred from the schemas and the mapper. */
export function pipelineFactory(remoteId: (item: unknown) => string | null) {
  return <Wire, Context, T extends Changed>(
    wire: z.ZodType<Wire>,
    unified: z.ZodType<T>,
    map: (raw: Wire, context: Context) => T | T[] | null,
  ): RecordPipeline<Wire, Context, T> => ({ wire, unified, map, remoteId });
}

/** The page context of a resource read without one. */
export const noContext = (): null => null;

/** How one provider reads its list resources. */
export interface ListReading<Resource> {
  strategy: PaginationStrategy;
  /** The path of a resource. */
  path(resource: Resource): string;
  /** The items of a page body; anything else is a typed error. */
  items(body: unknown, resource: Resource): unknown[];
  /** The query of a resource: its fixed parameters and the delta filter for `sinceMs`. */
  query(resource: Resource, sinceMs: number | null): Record<string, string>;
  /** Records per page: the caller's size, capped by what the provider (and the resource) allow. */
  pageSize(resource: Resource, requested: number | undefined): number;
  /** Whether the provider returns the resource sorted ascending by `changed_at` for this query. */
  ordered(resource: Resource, sinceMs: number | null): boolean;
  /** Page notes from the raw items (rows a provider returned that its filter should have excluded). */
  pageWarnings?(items: readonly unknown[], resource: Resource, sinceMs: number | null): string[];
}

/** What one resource stream may add to the provider's way of reading. */
export interface ResourceStreamExtras<Context> {
  /** The per-page context (an index of sideloaded records, a join built once per run). */
  pageContext: (body: unknown) => Context;
  /** Extra query parameters (a feed filter). */
  query?: Record<string, string>;
  /** Another page source (time-keyset paging) instead of the strategy. */
  source?: (query: Record<string, string>, pageSize: number, onWarning: (message: string) => void) => AsyncIterable<RawPage<unknown>>;
}

/** A `SyncStream` over one list resource of a provider, through `pipeline`. */
export function resourceStream<Resource, Wire, Context, T extends Changed>(
  client: HttpClient,
  reading: ListReading<Resource>,
  resource: Resource,
  pipeline: RecordPipeline<Wire, Context, T>,
  sinceMs: number | null,
  options: SyncOptions,
  extras: ResourceStreamExtras<Context>,
): SyncStream<T> {
  const path = reading.path(resource);
  const query = { ...reading.query(resource, sinceMs), ...extras.query };
  const pageSize = reading.pageSize(resource, options.pageSize);
  const source = extras.source;
  return listStream({
    client,
    strategy: reading.strategy,
    source: source ? (onWarning) => source(query, pageSize, onWarning) : undefined,
    path,
    query,
    pageSize,
    items: (body) => reading.items(body, resource),
    operation: `GET ${path}`,
    signal: options.signal,
    pipeline,
    pageContext: extras.pageContext,
    sinceMs,
    ordered: reading.ordered(resource, sinceMs),
    pageWarnings: reading.pageWarnings ? (items) => reading.pageWarnings?.(items, resource, sinceMs) ?? [] : undefined,
  });
}

/** Every raw page of a resource, with the provider's paging (for joins and derived models). */
export function rawPages<Resource>(
  client: HttpClient,
  reading: ListReading<Resource>,
  resource: Resource,
  query: Record<string, string>,
  options: SyncOptions,
  operation = `GET ${reading.path(resource)}`,
): AsyncGenerator<RawPage<unknown>> {
  return paginate({
    client,
    strategy: reading.strategy,
    path: reading.path(resource),
    query,
    pageSize: reading.pageSize(resource, options.pageSize),
    items: (body) => reading.items(body, resource),
    operation,
    signal: options.signal,
  });
}

/** Where one record was read, for its errors. */
export interface MapOneContext {
  provider: string;
  operation: string;
  /** What the record is, in words (`'Teamtailor candidate'`). */
  what: string;
}

/**
 * Maps one raw item through `pipeline` and returns every record it yields; a record that fails any
 * step is a `ValidationError` with the issue paths.
 */
export function mapRecords<Wire, Context, T extends Changed>(item: unknown, pipeline: RecordPipeline<Wire, Context, T>, context: Context, where: MapOneContext): T[] {
  const { records, quarantined } = mapItems([item], pipeline, context, null);
  if (quarantined.length > 0) {
    const issues = quarantined.flatMap((entry) => entry.issues);
    throw new ValidationError(`${where.what} failed validation (${where.operation}) at: ${issuePaths(issues)}`, {
      provider: where.provider,
      operation: where.operation,
      issues,
      remoteId: quarantined[0]?.remote_id ?? null,
    });
  }
  return records;
}

/**
 * Maps one raw item to its one record ("map one or throw"): a failure is a `ValidationError`; an
 * item the mapper skips (a template job, a contact that is not a candidate) is a `NotFoundError`.
 */
export function mapOne<Wire, Context, T extends Changed>(item: unknown, pipeline: RecordPipeline<Wire, Context, T>, context: Context, where: MapOneContext): T {
  const record = mapRecords(item, pipeline, context, where)[0];
  if (record === undefined) throw new NotFoundError(`The record exists but is not a ${where.what} (${where.operation})`, { provider: where.provider, operation: where.operation });
  return record;
}
