/**
 * Cursor arithmetic (docs/scenarios.md#cursor-algorithm). Cursors are provider timestamps held as UTC ISO strings in
 * the store and compared as epoch milliseconds (E7: `'…:00Z'` sorts after `'…:00.500Z'` as a
 * string, so strings are never compared).
 * @module
 */
import { floorTo, parseIsoToMs } from '../core/dates.js';
import type { ModelState } from './state-store.js';

/**
 * The lower bound is rounded down to whole seconds: a provider filtering by the second then
 * never skips the sub-second rest of the cursor's second (E7); re-reading it costs nothing.
 */
const lowerBoundGranularityMs = 1_000;

/** Epoch ms to UTC ISO, keeping null. */
export function toIso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** The larger of two optional epoch ms values. */
export function laterOf(first: number | null, second: number | null): number | null {
  if (first === null) return second;
  if (second === null) return first;
  return Math.max(first, second);
}

/** Where a delta run starts: the cursor minus the lookback window, floored to the second; null = everything. */
export function lowerBoundMs(cursor: string | null, lookbackMs: number): number | null {
  const cursorMs = parseIsoToMs(cursor);
  return cursorMs === null ? null : floorTo(cursorMs - lookbackMs, lowerBoundGranularityMs);
}

/** The smaller of two optional epoch ms values, where null means "no bound". */
function boundedBy(value: number | null, bound: number | null): number | null {
  return value === null || bound === null ? value : Math.min(value, bound);
}

/**
 * After an acknowledged page of an ordered model. The high-water mark is the greatest
 * `changed_at` acknowledged so far; the cursor follows it, capped at the provider's clock when the
 * run started (`upperBound`, E4) so that a record changed or made visible during the run, behind
 * the keyset position already passed, is still above the next lower bound. Neither ever moves back.
 */
export function advanceOrdered(state: ModelState, pageHighWater: number | null, upperBound: number | null): ModelState {
  const highWater = laterOf(parseIsoToMs(state.highWater), pageHighWater);
  const cursor = laterOf(parseIsoToMs(state.cursor), boundedBy(highWater, upperBound));
  return { ...state, cursor: toIso(cursor), highWater: toIso(highWater) };
}

/**
 * After a complete read of an unordered model (E8, E4): its pages could only be checkpointed at
 * the end. A record read early and changed later in the same run is not read again, and its new
 * `changed_at` may be below the run's high-water mark; so the cursor is capped at the provider's
 * clock when the run started (`upperBound`). When the connector does not report the provider's
 * clock, the high-water mark of the *previous* run stands in for it: the provider's clock had
 * passed it before this run started. The next run then re-reads this run's window; content hashes
 * keep those replays from being delivered again.
 */
export function finishUnordered(
  state: ModelState,
  highWaterBefore: string | null,
  runHighWater: number | null,
  upperBound: number | null,
): ModelState {
  const highWater = laterOf(parseIsoToMs(state.highWater), runHighWater);
  const capped = upperBound === null ? parseIsoToMs(highWaterBefore) : boundedBy(highWater, upperBound);
  const cursor = laterOf(parseIsoToMs(state.cursor), capped);
  return { ...state, cursor: toIso(cursor), highWater: toIso(highWater) };
}
