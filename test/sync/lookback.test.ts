/**
 * The lookback window after a complete read (decision 0078): a delta run re-reads only the part of
 * the window a late-visible change could still be hiding in, judged by the provider's clock when
 * the last complete read started (`readStartedAt`).
 */
import { describe, expect, it } from 'vitest';
import { afterCompleteRead, lowerBoundMs } from '../../src/sync/cursor.js';
import { initialModelState } from '../../src/sync/index.js';
import type { MemoryProvider } from './helpers/memory-provider.js';
import { setup } from './helpers/setup.js';

const tags = { connectionId: 'test', model: 'tags' } as const;
const iso = (ms: number) => new Date(ms).toISOString();
const minute = 60_000;
const cursor = Date.UTC(2024, 0, 1, 12, 0, 30, 250);

/** Adds `count` records one second apart (the provider's clock ends one second after the last). */
function write(provider: MemoryProvider, count: number): void {
  for (let index = 0; index < count; index += 1) {
    provider.add();
    provider.advance(1_000);
  }
}

describe('lowerBoundMs', () => {
  it('is cursor − lookback without a read clock (a state from an older release, a connector without a clock)', () => {
    expect(lowerBoundMs({ cursor: iso(cursor) }, 5 * minute)).toBe(Date.UTC(2024, 0, 1, 11, 55, 30));
    expect(lowerBoundMs({ cursor: iso(cursor), readStartedAt: null }, 5 * minute)).toBe(Date.UTC(2024, 0, 1, 11, 55, 30));
    expect(lowerBoundMs({ cursor: null, readStartedAt: iso(cursor) }, 5 * minute)).toBeNull();
  });

  it('is the cursor (floored) when the last complete read started more than the lookback after it', () => {
    expect(lowerBoundMs({ cursor: iso(cursor), readStartedAt: iso(cursor + 6 * minute) }, 5 * minute)).toBe(Date.UTC(2024, 0, 1, 12, 0, 30));
  });

  it('keeps the part of the window after read start − lookback, and never goes below cursor − lookback', () => {
    // Read 2 minutes after the cursor: changes stamped after read − 5 min could still be hidden.
    expect(lowerBoundMs({ cursor: iso(cursor), readStartedAt: iso(cursor + 2 * minute) }, 5 * minute)).toBe(Date.UTC(2024, 0, 1, 11, 57, 30));
    // A provider clock behind its own cursor (it was set back): the plain lookback, not more.
    expect(lowerBoundMs({ cursor: iso(cursor), readStartedAt: iso(cursor - 60 * minute) }, 5 * minute)).toBe(Date.UTC(2024, 0, 1, 11, 55, 30));
  });

  it('afterCompleteRead records the clock, never moves it back, and ignores an unknown clock', () => {
    const state = { ...initialModelState(), cursor: iso(cursor) };
    const read = afterCompleteRead(state, cursor + minute);
    expect(read.readStartedAt).toBe(iso(cursor + minute));
    expect(afterCompleteRead(read, cursor)).toBe(read);
    expect(afterCompleteRead(read, null)).toBe(read);
    expect(afterCompleteRead(state, null)).toBe(state);
  });
});

describe('the engine after a complete read', () => {
  it('a quiet account: the next delta starts at the cursor and reads nothing of the old window again', async () => {
    const harness = setup({ connector: { pageSize: 5, lookbackMs: 5 * minute } });
    const { provider, engine, sink, store } = harness;
    write(provider, 12);
    const first = await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    expect(first.models[0]).toMatchObject({ status: 'ok', upserted: 12 });
    const state = await store.getState(tags);
    // The read started at the provider's clock of its first request (one tick after the writes).
    expect(state?.readStartedAt).toBe(iso(Date.UTC(2024, 0, 1, 0, 0, 12)));
    provider.advance(60 * minute);
    // A run with nothing new is still a complete read: it moves the read clock on.
    await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    expect((await store.getState(tags))?.readStartedAt).toBe(iso(Date.UTC(2024, 0, 1, 1, 0, 15)));
    const third = await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    // The cursor is the last write (00:00:11); without the read clock the run would start at 23:55:11 and re-read all 12.
    expect(third.models[0]).toMatchObject({ since: state?.cursor, fetched: 1, upserted: 0, unchanged: 1 });
  });

  it('a late-visible change stamped before the cursor, within the lookback of the read, is still caught', async () => {
    const harness = setup({ connector: { pageSize: 1, lookbackMs: 10_000 } });
    const { provider, engine, sink } = harness;
    provider.add('w');
    provider.advance(1_000);
    // Stamped now, visible in lists only 8 s later (within the 10 s lookback).
    const late = provider.add('late', 8_000);
    provider.advance(1_000);
    provider.add('y');
    provider.advance(1_000);
    await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    expect(sink.names().has(late)).toBe(false);
    provider.advance(60 * minute);
    // The cursor is y's stamp, after the late write; the read clock keeps its part of the window.
    const next = await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    expect(sink.names().get(late)).toBe('late');
    expect(next.models[0]!.since).toBe(iso(Date.UTC(2024, 0, 1) - 7_000));
  });

  it('a run that stops before the end of its stream leaves the read clock where it was', async () => {
    const harness = setup({ connector: { pageSize: 5, lookbackMs: 5 * minute } });
    const { provider, engine, sink, store, connector } = harness;
    write(provider, 3);
    await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    const before = await store.getState(tags);
    expect(before?.readStartedAt).not.toBeUndefined();
    provider.advance(60 * minute);
    write(provider, 8);
    const failAt = connector.requestCount + 2;
    connector.options.failAt = (request) => request === failAt;
    const broken = await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    expect(broken.status).toBe('failed');
    const after = await store.getState(tags);
    // Page 1 was acknowledged (the cursor moved), but the stream was not read to its end.
    expect(after?.cursor).not.toBe(before?.cursor);
    expect(after?.readStartedAt).toBe(before?.readStartedAt);
  });

  it('a connector without a clock keeps the plain lookback', async () => {
    const harness = setup({ connector: { pageSize: 5, lookbackMs: 5 * minute, serverTime: false } });
    const { provider, engine, sink, store } = harness;
    write(provider, 3);
    await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    expect((await store.getState(tags))?.readStartedAt).toBeUndefined();
    provider.advance(60 * minute);
    const next = await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    expect(next.models[0]!.since).toBe(iso(Date.UTC(2024, 0, 1, 0, 0, 2) - 5 * minute));
  });
});
