/**
 * Cursor arithmetic (docs/scenarios.md#cursor-algorithm). Cursors are provider timestamps held as UTC ISO strings in
 * the store and compared as epoch milliseconds (E7: `'…:00Z'` sorts after `'…:00.500Z'` as a
 * string, so strings are never compared).
 * @module
 */
import { floorTo, formatIsoUtc, parseIsoToMs } from '../core/dates.js';
import type { ModelState } from './state-store.js';

/**
 * The lower bound is rounded down to whole seconds: a provider filtering by the second then
 * never skips the sub-second rest of the cursor's second (E7); re-reading it costs nothing.
 */
const lowerBoundGranularityMs = 1_000;

/**
 * Epoch ms to UTC ISO, keeping null. `formatIsoUtc` writes exactly what `toISOString` does, at a
 * quarter of its cost: every checkpoint of an ordered model formats its cursor and high-water mark.
 */
export function toIso(ms: number | null): string | null {
  return ms === null ? null : formatIsoUtc(ms);
}

/** The larger of two optional epoch ms values. */
export function laterOf(first: number | null, second: number | null): number | null {
  if (first === null) return second;
  if (second === null) return first;
  return Math.max(first, second);
}

/**
 * Where a delta run starts, floored to the second; null = everything (no cursor yet).
 *
 * The lookback window covers changes that become visible late (E3: a long transaction, an index
 * or replica lag of at most `lookbackMs`). Such a change, stamped T, was visible to any read at
 * T + lookback or later. So after a run that read its stream to the end and started at provider
 * clock S (`readStartedAt`), every change stamped before S − lookback has been delivered, and
 * only the part of the window after S − lookback needs reading again:
 *
 * `lower bound = max(cursor − lookback, min(cursor, S − lookback))`
 *
 * For a busy account (cursor close to S) this is `cursor − lookback`, as without S; for an account
 * quiet since the cursor (S − lookback past it) it is the cursor itself, and the rows of the last
 * five minutes before the cursor are not read again on every run. Without S (a connector without
 * a clock, a state from an older release) it is `cursor − lookback`. See decision 0078.
 */
export function lowerBoundMs(state: Pick<ModelState, 'cursor' | 'readStartedAt'>, lookbackMs: number): number | null {
  const cursorMs = parseIsoToMs(state.cursor);
  if (cursorMs === null) return null;
  const readMs = parseIsoToMs(state.readStartedAt ?? null);
  const settled = readMs === null ? cursorMs - lookbackMs : Math.max(cursorMs - lookbackMs, Math.min(cursorMs, readMs - lookbackMs));
  return floorTo(settled, lowerBoundGranularityMs);
}

/**
 * The state after a run that read its stream to the end: `readStartedAt` becomes the provider's
 * clock when that run started (`upperBound`), unless unknown or earlier than the one stored.
 */
export function afterCompleteRead(state: ModelState, upperBound: number | null): ModelState {
  if (upperBound === null) return state;
  const before = parseIsoToMs(state.readStartedAt ?? null);
  if (before !== null && before >= upperBound) return state;
  return { ...state, readStartedAt: toIso(upperBound) };
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
