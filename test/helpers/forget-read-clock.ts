/**
 * Drops the read clock a complete read stored (as in a state written before decision 0078), so
 * the next delta run re-reads the whole lookback window. For tests of a connector's lookback: the
 * sandboxes' seeded data is hours older than their clock, so with the clock kept the narrowed
 * window would start at the cursor itself and the lookback would not show in the request.
 */
import { expect } from 'vitest';
import type { StateKey, StateStore } from '../../src/sync/index.js';

/** Replaces `readStartedAt` of the stored state of `key` with null (it must have been set). */
export async function forgetReadClock(store: StateStore, key: StateKey): Promise<void> {
  const state = await store.getState(key);
  expect(state?.readStartedAt).toBeTypeOf('string');
  await store.commit(key, { state: { ...state!, readStartedAt: null }, entries: [] });
}
