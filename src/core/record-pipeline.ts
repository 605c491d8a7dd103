/**
 * From raw provider items to unified records, page by page: lenient wire schema, pure mapper,
 * strict unified schema (both through `checkedParse`: a compiled check vouches for valid values
 * without zod's copy, and zod decides the rest). A record that fails any step is quarantined with the failing paths
 * (never values) and the rest of the page goes on (B3). Work that is per page (indexing a JSON:API
 * `included` array, a lookup table) is done once per page in `pageContext`, not per record.
 *
 * Scenario ids such as B3 are defined in docs/scenarios.md.
 */
import type { z } from 'zod';
import { parseIsoToMs } from './dates.js';
import { summariseIssues } from './parse.js';
import { checkedParse } from './schema-check.js';
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
): MappedItems<T> {
  const out: MappedItems<T> = { records: [], quarantined: [], highWaterMs: null };
  for (const item of items) {
    try {
      mapItem(item, pipeline, context, sinceMs, out);
    } catch (error) {
      out.quarantined.push({ remote_id: safeRemoteId(pipeline, item), reason: 'mapping', issues: [{ path: [], code: error instanceof RangeError ? 'invalid_date' : 'mapping_failed' }] });
    }
  }
  return out;
}

/** What {@link mapItems} returns. */
export interface MappedItems<T> {
  /** The records that passed, in item order. */
  records: T[];
  /** The items (or mapped records) set aside, with the reason. */
  quarantined: QuarantinedRecord[];
  /**
   * The highest `changed_at` among `records` in epoch ms (null when none has one), from the parse
   * the `since` check already did.
   */
  highWaterMs: number | null;
}

/** One item: appends its records (all of them, or none when it throws) or its quarantine entry. */
function mapItem<Wire, Context, T extends { changed_at: string | null }>(
  item: unknown,
  pipeline: RecordPipeline<Wire, Context, T>,
  context: Context,
  sinceMs: number | null,
  out: MappedItems<T>,
): void {
  const wire = checkedParse(pipeline.wire, item);
  if (!wire.success) {
    out.quarantined.push({ remote_id: safeRemoteId(pipeline, item), reason: 'wire_schema', issues: summarise(wire.error) });
    return;
  }
  let mapped: T | T[] | null;
  try {
    mapped = pipeline.map(wire.data, context);
  } catch (error) {
    out.quarantined.push({
      remote_id: safeRemoteId(pipeline, item),
      reason: 'mapping',
      issues: [{ path: [], code: error instanceof RangeError ? 'invalid_date' : 'mapping_failed' }],
    });
    return;
  }
  if (mapped === null) return;
  if (!Array.isArray(mapped)) {
    // One record per item, the common case: no intermediate arrays.
    const kept = checkRecord(mapped, item, pipeline, sinceMs, out.quarantined);
    if (kept !== null) keep(out, kept);
    return;
  }
  // Several records: all of them are appended, or none when one throws.
  const kept: { record: T; changedMs: number | null }[] = [];
  const set: QuarantinedRecord[] = [];
  for (const record of mapped) {
    const checked = checkRecord(record, item, pipeline, sinceMs, set);
    if (checked !== null) kept.push(checked);
  }
  for (const checked of kept) keep(out, checked);
  out.quarantined.push(...set);
}

/**
 * The unified schema and the `since` check of one mapped record: the parsed record with its
 * `changed_at` in ms, or null when it is quarantined (into `set`) or older than `since`. Throws
 * `RangeError` on a `changed_at` no parser reads.
 */
function checkRecord<T extends { changed_at: string | null }>(
  record: T,
  item: unknown,
  pipeline: Pick<RecordPipeline<unknown, unknown, T>, 'unified' | 'remoteId'>,
  sinceMs: number | null,
  set: QuarantinedRecord[],
): { record: T; changedMs: number | null } | null {
  const unified = checkedParse(pipeline.unified, record);
  if (!unified.success) {
    set.push({ remote_id: safeRemoteId(pipeline, item), reason: 'unified_schema', issues: summarise(unified.error) });
    return null;
  }
  // `since` is inclusive (E1): a record changed exactly at `since` is delivered.
  const changedMs = parseIsoToMs(unified.data.changed_at);
  if (sinceMs !== null && changedMs !== null && changedMs < sinceMs) return null;
  return { record: unified.data, changedMs };
}

function keep<T>(out: MappedItems<T>, checked: { record: T; changedMs: number | null }): void {
  out.records.push(checked.record);
  if (checked.changedMs !== null && (out.highWaterMs === null || checked.changedMs > out.highWaterMs)) out.highWaterMs = checked.changedMs;
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
  // Each page is one response's and carries its clock (decision 0012).
  return createSyncStream<T>(async function* () {
    let highWater: number | null = null;
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);
    const pages = options.source ? options.source(onWarning) : paginate({ itemId: (item) => options.pipeline.remoteId(item), ...options, onWarning });
    for await (const raw of pages) {
      const { records, quarantined, highWaterMs } = mapItems(raw.items, options.pipeline, options.pageContext(raw.response.body), options.sinceMs);
      if (highWaterMs !== null && (highWater === null || highWaterMs > highWater)) highWater = highWaterMs;
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

/**
 * The `id` of a raw item that may have failed its schema (a string, or a number that is a safe
 * integer), or null. A number past 2^53 has already lost digits in `JSON.parse`, so it names no
 * record reliably: null, and the wire schema quarantines the item.
 */
export function plainRemoteId(item: unknown): string | null {
  return idText(rawField(item, 'id'));
}

export { idText, rawField } from './raw-fields.js';
