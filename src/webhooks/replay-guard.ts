/**
 * Replay protection: remembers the signatures accepted recently, so the same signed request sent
 * twice inside the timestamp window is refused the second time.
 * @module
 */

/** Remembers keys until they expire. Implement it over Redis for several server instances. */
export interface ReplayGuard {
  /**
   * Records `key` until `expiresAtMs` and returns true, or returns false when the key is already
   * recorded and not expired (a replay).
   */
  remember(key: string, expiresAtMs: number, nowMs: number): boolean;
}

/** Options of {@link createMemoryReplayGuard}. */
export interface MemoryReplayGuardOptions {
  /** Most keys kept (default 100,000); the oldest are forgotten first. */
  maxEntries?: number;
}

/**
 * An in-process {@link ReplayGuard}: enough for one server. Memory stays bounded by `maxEntries`;
 * a key forgotten early (past the bound) can be replayed, which the timestamp window still limits.
 */
export function createMemoryReplayGuard(options: MemoryReplayGuardOptions = {}): ReplayGuard {
  const maxEntries = options.maxEntries ?? 100_000;
  const entries = new Map<string, number>();
  return {
    remember(key, expiresAtMs, nowMs) {
      const known = entries.get(key);
      if (known !== undefined && known > nowMs) return false;
      // Insertion order is close to expiry order (one window for all): drop from the front.
      for (const [oldKey, expiry] of entries) {
        if (expiry > nowMs && entries.size < maxEntries) break;
        entries.delete(oldKey);
      }
      entries.delete(key);
      entries.set(key, expiresAtMs);
      return true;
    },
  };
}
