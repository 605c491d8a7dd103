/**
 * A seeded random source (mulberry32) for retry jitter, so backoff delays in tests are exact.
 * @param seed any 32-bit integer
 * @returns a function returning numbers in [0, 1), the same sequence for the same seed
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
