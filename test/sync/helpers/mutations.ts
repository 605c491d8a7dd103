/**
 * Random provider mutations for property tests: generated as data (so fast-check can shrink a
 * failing case to a short list) and applied to a `MemoryProvider`.
 */
import fc from 'fast-check';
import type { MemoryProvider } from './memory-provider.js';

/** One change at the provider. `target` picks an existing record (modulo their number). */
export interface Mutation {
  kind: 'insert' | 'update' | 'delete' | 'touch';
  target: number;
  /** Server time that passes before the change. */
  advanceMs: number;
  /** Visibility lag of this write (used only when the test asks for lag). */
  lagMs: number;
}

/** Fixed seed for every property of the sync suite, so a failure replays exactly. */
export const propertySeed = 4_2024;

/** Runs per property (the brief: 1,000 each). */
export const propertyRuns = 1_000;

/** Mutations with lags up to `maxLagMs`. */
export function mutationArbitrary(maxLagMs = 0, kinds: Mutation['kind'][] = ['insert', 'update', 'delete', 'touch']): fc.Arbitrary<Mutation> {
  return fc.record({
    kind: fc.constantFrom(...kinds),
    target: fc.nat({ max: 63 }),
    advanceMs: fc.integer({ min: 0, max: 1_500 }),
    lagMs: fc.integer({ min: 0, max: maxLagMs }),
  });
}

let names = 0;

/** Applies one mutation; an update always writes a payload never seen before. */
export function applyMutation(provider: MemoryProvider, mutation: Mutation): void {
  provider.advance(mutation.advanceMs);
  const live = [...provider.truth().keys()];
  if (mutation.kind === 'insert' || live.length === 0) {
    provider.add(`new ${(names += 1)}`, mutation.lagMs);
    return;
  }
  const key = live[mutation.target % live.length]!;
  if (mutation.kind === 'update') provider.update(key, `v${(names += 1)}`, mutation.lagMs);
  else if (mutation.kind === 'touch') provider.touch(key);
  else provider.remove(key);
}

/** Applies the mutations planned for request number `n` (a plan made by the property). */
export function mutationsByRequest(provider: MemoryProvider, plan: readonly (readonly Mutation[])[]): (request: number) => void {
  return (request) => {
    for (const mutation of plan[request - 1] ?? []) applyMutation(provider, mutation);
  };
}
