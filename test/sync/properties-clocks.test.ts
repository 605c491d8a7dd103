/**
 * Property tests S5 and S6 (reliability §2.3): a skewed local clock changes nothing, because
 * cursors come from provider data and the provider's clock; records that become visible late are
 * caught by the lookback window, and those later than it by a full run, which reports them as drift.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSyncEngine } from '../../src/sync/index.js';
import { applyMutation, mutationArbitrary, mutationsByRequest, propertyRuns, propertySeed, type Mutation } from './helpers/mutations.js';
import { setup } from './helpers/setup.js';
import { WatchedStore } from './helpers/watched-store.js';

const minute = 60_000;

/** Runs between which the provider changes, and changes during each run (by request number). */
const runsArbitrary = (maxLagMs: number) =>
  fc.array(
    fc.record({
      gapMs: fc.integer({ min: 0, max: 20_000 }),
      between: fc.array(mutationArbitrary(maxLagMs), { maxLength: 4 }),
      during: fc.array(fc.array(mutationArbitrary(maxLagMs), { maxLength: 2 }), { maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 4 },
  );

describe('clock properties', () => {
  it('S5: with the local clock off by -15 to +15 minutes no record is missed and the cursor never passes the greatest server updated_at', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -15 * minute, max: 15 * minute }),
        fc.constantFrom('keyset' as const, 'page-number' as const),
        fc.boolean(),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 6 }),
        runsArbitrary(0),
        async (skewMs, pagination, serverTime, pageSize, initial, runs) => {
          const store = new WatchedStore();
          const harness = setup({ pagination, provider: { deletes: 'flag' }, records: initial, store, connector: { pageSize, serverTime } });
          const { provider } = harness;
          let overshoot = false;
          store.onCommit = (checkpoint) => {
            const cursor = checkpoint.state.cursor === null ? null : Date.parse(checkpoint.state.cursor);
            if (cursor !== null && cursor > (provider.maxUpdatedAt() ?? Number.NEGATIVE_INFINITY)) overshoot = true;
          };
          // The engine's clock: the provider's, off by the skew (what a drifting laptop would show).
          const skewed = createSkewedEngine(harness, skewMs);
          for (const run of runs) {
            provider.advance(run.gapMs);
            for (const mutation of run.between) applyMutation(provider, mutation);
            harness.connector.options.beforeRequest = mutationsByRequest(provider, offsetPlan(run.during, harness.connector.requestCount));
            expect((await skewed.run({ mode: 'delta', onBatch: harness.sink.onBatch })).status).toBe('ok');
          }
          harness.connector.options.beforeRequest = undefined;
          await skewed.run({ mode: 'delta', onBatch: harness.sink.onBatch });
          expect(harness.sink.names()).toEqual(harness.provider.truth());
          expect(overshoot).toBe(false);
          expect(store.cursorWentBack()).toBe(false);
        },
      ),
      { seed: propertySeed, numRuns: propertyRuns },
    );
  });

  it('S6: records visible up to the lookback after their updated_at are never missed; later ones are repaired by a full run and counted as drift', async () => {
    const lookbackMs = 5_000;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('keyset' as const, 'page-number' as const),
        fc.boolean(),
        fc.integer({ min: 1, max: 4 }),
        runsArbitrary(3 * lookbackMs),
        async (pagination, withinLookback, pageSize, runs) => {
          const maxLagMs = withinLookback ? lookbackMs : 3 * lookbackMs;
          const harness = setup({ pagination, provider: { deletes: 'flag' }, connector: { pageSize, lookbackMs } });
          const { provider } = harness;
          const capped = (mutations: Mutation[]) => mutations.map((mutation) => ({ ...mutation, lagMs: Math.min(mutation.lagMs, maxLagMs) }));
          for (const run of runs) {
            provider.advance(run.gapMs);
            for (const mutation of capped(run.between)) applyMutation(provider, mutation);
            harness.connector.options.beforeRequest = mutationsByRequest(provider, offsetPlan(run.during.map(capped), harness.connector.requestCount));
            expect((await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch })).status).toBe('ok');
          }
          harness.connector.options.beforeRequest = undefined;
          // Quiescence: every write is visible now.
          provider.advance(maxLagMs + 1_000);
          if (withinLookback) {
            await harness.engine.run({ mode: 'delta', onBatch: harness.sink.onBatch });
            expect(harness.sink.names()).toEqual(provider.truth());
            return;
          }
          // Records a delta can no longer reach: not synced, and changed before the next lower bound.
          const state = await harness.store.getState({ connectionId: 'test', model: 'tags' });
          const lowerBound = state?.cursor ? Math.floor((Date.parse(state.cursor) - lookbackMs) / 1_000) * 1_000 : null;
          const synced = harness.sink.names();
          let unreachable = 0;
          for (const [key, name] of provider.truth()) {
            if (synced.get(key) !== name && lowerBound !== null && provider.latest(key)!.updatedAt < lowerBound) unreachable += 1;
          }
          const full = await harness.engine.run({ mode: 'full', onBatch: harness.sink.onBatch });
          expect(harness.sink.names()).toEqual(provider.truth());
          expect(full.models[0]!.drift).toBeGreaterThanOrEqual(unreachable);
        },
      ),
      { seed: propertySeed, numRuns: propertyRuns },
    );
  });
});

describe('visibility lag beyond the lookback', () => {
  it('S6: a record visible later than the lookback is missed by deltas, delivered by the next full run, and reported as drift', async () => {
    const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
    const harness = setup({
      records: 3,
      connector: { lookbackMs: 5_000 },
      engine: { logger: { warn: (message, fields) => warnings.push({ message, fields }) } },
    });
    const { provider, engine, sink } = harness;
    await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    provider.advance(10_000);
    const late = provider.add('late arrival', 60_000); // visible a minute after its updated_at
    provider.advance(10_000);
    provider.add('on time');
    await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    provider.advance(61_000);
    const delta = await engine.run({ mode: 'delta', onBatch: sink.onBatch });
    expect(delta.models[0]!.upserted).toBe(0);
    expect(sink.names().has(late)).toBe(false);
    const full = await engine.run({ mode: 'full', onBatch: sink.onBatch });
    expect(full.models[0]).toMatchObject({ upserted: 1, drift: 1 });
    expect(sink.names().get(late)).toBe('late arrival');
    expect(warnings.find((warning) => warning.message.startsWith('sync drift'))?.fields).toMatchObject({ model: 'tags', drift: 1 });
  });
});

/** A plan indexed by run-relative request number, shifted to the connector's global numbering. */
function offsetPlan(plan: Mutation[][], requestsSoFar: number): Mutation[][] {
  return [...Array<Mutation[]>(requestsSoFar).fill([]), ...plan];
}

/** An engine over the harness's connector and store whose local clock is skewed. */
function createSkewedEngine(harness: ReturnType<typeof setup>, skewMs: number) {
  return createSyncEngine({ connector: harness.connector, store: harness.store, connectionId: 'test', clock: () => harness.provider.now() + skewMs });
}
