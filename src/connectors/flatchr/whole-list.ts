/**
 * Streams a list that Flatchr returns whole (no pagination) as bounded `Page`s: the list is
 * fetched once, then mapped and handed out `pageSize` items at a time, releasing each chunk of raw
 * items once mapped. Memory holds the raw response (unavoidable: the API sends it in one piece)
 * plus one mapped page, never every mapped record. Every page carries the load's provider clock
 * (the earliest among its responses): the records of every page came from that load, the later
 * pages from memory, so no later clock (nor "now") may stand for them.
 *
 * To move to core: this is a generic piece ("unpaginated list, emitted in pages") that any
 * provider with bare whole-array lists needs; `paginate` has no strategy for it (a strategy whose
 * `next` is null yields one page holding everything).
 */
import { mapItems, type RecordPipeline } from '../../core/record-pipeline.js';
import { createSyncStream, type Page, type QuarantinedRecord, type SyncStream } from '../../core/stream.js';

/** What one load of a whole list gives. */
export interface WholeList<Context> {
  /** Raw items, already in delivery order. */
  items: unknown[];
  /** Per-run context for the mapper (lookups): built once, shared by every page. */
  context: Context;
  /** Requests the load took. */
  requests: number;
  /** Notes for the first page. */
  warnings: string[];
  /** Records set aside while loading (a column that failed its schema), reported with the first page. */
  quarantined?: QuarantinedRecord[];
  /** The earliest provider clock among the load's responses (null when none carried one). */
  serverTime: string | null;
}

/** How to stream one whole list. */
export interface WholeListOptions<Wire, Context, T extends { changed_at: string | null }> {
  load: () => Promise<WholeList<Context>>;
  pipeline: RecordPipeline<Wire, Context, T>;
  pageSize: number;
  /** Records changed before this are dropped client-side (already rounded to the filter's granularity). */
  sinceMs: number | null;
  /** Whether `items` are sorted ascending by the records' `changed_at` (enables checkpoints). */
  ordered: boolean;
}

/** A `SyncStream` over a list that arrives whole. */
export function wholeListStream<Wire, Context, T extends { changed_at: string | null }>(
  options: WholeListOptions<Wire, Context, T>,
): SyncStream<T> {
  return createSyncStream<T>(async function* () {
    const list = await options.load();
    const { items, context } = list;
    let requests = list.requests;
    let warnings = list.warnings;
    let loadQuarantined = list.quarantined ?? [];
    let highWater: number | null = null;
    const size = Math.max(1, options.pageSize);
    // Bounded: one iteration per chunk, and the list never grows.
    for (let start = 0; start < items.length || start === 0; start += size) {
      const end = Math.min(items.length, start + size);
      const { records, quarantined, highWaterMs } = mapItems(items.slice(start, end), options.pipeline, context, options.sinceMs);
      // Release the raw items of this chunk; the caller holds at most the mapped page.
      items.fill(undefined, start, end);
      if (highWaterMs !== null && (highWater === null || highWaterMs > highWater)) highWater = highWaterMs;
      const page: Page<T> = {
        records,
        quarantined: [...loadQuarantined, ...quarantined],
        checkpoint: options.ordered && highWater !== null ? new Date(highWater).toISOString() : null,
        requests,
        warnings,
        serverTime: list.serverTime,
      };
      requests = 0;
      warnings = [];
      loadQuarantined = [];
      yield page;
      if (end >= items.length) break;
    }
  });
}
