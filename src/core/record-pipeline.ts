/**
 * From raw provider items to unified records, page by page: lenient wire schema, pure mapper,
 * strict unified schema. A record that fails any step is quarantined with the failing paths
 * (never values) and the rest of the page goes on (B3). Work that is per page (indexing a JSON:API
 * `included` array, a lookup table) is done once per page in `pageContext`, not per record.
 */
import type { z } from 'zod';
import { parseIsoToMs } from './dates.js';
import { summariseIssues } from './parse.js';
import { idText, rawField } from './raw-fields.js';
import { paginate, type PaginateOptions, type RawPage } from './pagination.js';
import { createSyncStream, type Page, type QuarantinedRecord, type SyncStream } from './stream.js';

/** How one model is read from one list resource. */
export interface RecordPipeline<Wire, Context, T extends { changed_at: string | null }> {
  /** Lenient schema of one raw item: only what the mapper reads. */
  wire: z.ZodType<Wire>;
  /** Strict unified schema of the output. */
  unified: z.ZodType<T>;
  /** Pure mapping of one raw item (some items yield several records, or none). */
  map: (item: Wire, context: Context) => T | T[] | null;
  /** Reads the provider id from a raw item that may have failed its schema. */
  remoteId: (item: unknown) => string | null;
}

/**
 * Maps a page of raw items, quarantining what fails. Nothing one item does may throw out of here
 * (a schema that throws instead of failing, a date the unified schema let through but no parser
 * reads, an id getter that throws): that item is quarantined and the page goes on.
 */
export function mapItems<Wire, Context, T extends { changed_at: string | null }>(
  items: readonly unknown[],
  pipeline: RecordPipeline<Wire, Context, T>,
  context: Context,
  sinceMs: number | null,
): { records: T[]; quarantined: QuarantinedRecord[] } {
  const records: T[] = [];
  const quarantined: QuarantinedRecord[] = [];
  for (const item of items) {
    try {
      mapItem(item, pipeline, context, sinceMs, records, quarantined);
    } catch (error) {
      quarantined.push({ remote_id: safeRemoteId(pipeline, item), reason: 'mapping', issues: [{ path: [], code: error instanceof RangeError ? 'invalid_date' : 'mapping_failed' }] });
    }
  }
  return { records, quarantined };
}

/** One item: appends its records (all of them, or none when it throws) or its quarantine entry. */
function mapItem<Wire, Context, T extends { changed_at: string | null }>(
  item: unknown,
  pipeline: RecordPipeline<Wire, Context, T>,
  context: Context,
  sinceMs: number | null,
  records: T[],
  quarantined: QuarantinedRecord[],
): void {
  const wire = pipeline.wire.safeParse(item);
  if (!wire.success) {
    quarantined.push({ remote_id: safeRemoteId(pipeline, item), reason: 'wire_schema', issues: summarise(wire.error) });
    return;
  }
  let mapped: T | T[] | null;
  try {
    mapped = pipeline.map(wire.data, context);
  } catch (error) {
    quarantined.push({
      remote_id: safeRemoteId(pipeline, item),
      reason: 'mapping',
      issues: [{ path: [], code: error instanceof RangeError ? 'invalid_date' : 'mapping_failed' }],
    });
    return;
  }
  const kept: T[] = [];
  const set: QuarantinedRecord[] = [];
  for (const record of mapped === null ? [] : Array.isArray(mapped) ? mapped : [mapped]) {
    const unified = pipeline.unified.safeParse(record);
    if (!unified.success) {
      set.push({ remote_id: safeRemoteId(pipeline, item), reason: 'unified_schema', issues: summarise(unified.error) });
      continue;
    }
    // `since` is inclusive (E1): a record changed exactly at `since` is delivered.
    const changed = parseIsoToMs(unified.data.changed_at);
    if (sinceMs !== null && changed !== null && changed < sinceMs) continue;
    kept.push(unified.data);
  }
  records.push(...kept);
  quarantined.push(...set);
}

/** The item's remote id, or null when even reading it fails. */
function safeRemoteId(pipeline: Pick<RecordPipeline<unknown, unknown, never>, 'remoteId'>, item: unknown): string | null {
  try {
    return pipeline.remoteId(item);
  } catch {
    return null;
  }
}

/** Zod issues reduced to paths and codes: no values, so no personal data in reports. */
export const summarise = summariseIssues;

/** Everything needed to stream one model from one paginated list resource. */
export interface ListStreamOptions<Item, Wire, Context, T extends { changed_at: string | null }>
  extends Omit<PaginateOptions<Item>, 'onWarning'> {
  pipeline: RecordPipeline<Wire, Context, T>;
  /** Builds the per-page context (an index of sideloaded records, lookups). */
  pageContext: (body: unknown) => Context;
  /** `since` in epoch ms; records changed before it are dropped client-side too. */
  sinceMs: number | null;
  /** Whether the provider returns this list sorted ascending by `changed_at`. */
  ordered: boolean;
  /** Another page source (time-keyset paging, say) instead of `paginate` with the strategy. */
  source?: (onWarning: (message: string) => void) => AsyncIterable<RawPage<unknown>>;
  /** Page-level notes from the raw items (rows a provider returned that its filter should have excluded). */
  pageWarnings?: (items: readonly unknown[], body: unknown) => string[];
}

/** A `SyncStream` over one paginated list resource. */
export function listStream<Item, Wire, Context, T extends { changed_at: string | null }>(
  options: ListStreamOptions<Item, Wire, Context, T>,
): SyncStream<T> {
  return createSyncStream<T>(async function* () {
    let highWater: number | null = null;
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);
    const pages = options.source ? options.source(onWarning) : paginate({ itemId: (item) => options.pipeline.remoteId(item), ...options, onWarning });
    for await (const raw of pages) {
      const { records, quarantined } = mapItems(raw.items, options.pipeline, options.pageContext(raw.response.body), options.sinceMs);
      highWater = maxChangedAt(records, highWater);
      const page: Page<T> = {
        records,
        quarantined,
        checkpoint: options.ordered && highWater !== null ? new Date(highWater).toISOString() : null,
        requests: 1,
        warnings: [...warnings.splice(0), ...(options.pageWarnings?.(raw.items, raw.response.body) ?? [])],
        serverTime: raw.response.serverTime,
      };
      yield page;
    }
  });
}

/** The highest `changed_at` of `records`, or `current` when none is higher. */
export function maxChangedAt(records: readonly { changed_at: string | null }[], current: number | null): number | null {
  let high = current;
  for (const record of records) {
    const ms = parseIsoToMs(record.changed_at);
    if (ms !== null && (high === null || ms > high)) high = ms;
  }
  return high;
}

/**
 * The `id` of a raw item that may have failed its schema (a string, or a number that is a safe
 * integer), or null. A number past 2^53 has already lost digits in `JSON.parse`, so it names no
 * record reliably: null, and the wire schema quarantines the item.
 */
export function plainRemoteId(item: unknown): string | null {
  return idText(rawField(item, 'id'));
}

export { idText, rawField } from './raw-fields.js';
