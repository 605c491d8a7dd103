/**
 * The limiter a connector takes from outside (its `limiter` option): the fleet hands every
 * connector it runs a factory whose limiters share their budget through Redis.
 * @module
 */
import type { RateLimitOptions } from '../core/rate-limit.js';

/** What a connector tells the factory when it builds its limiter. */
export interface LimiterContext {
  /** The provider (`'teamtailor'`). */
  provider: string;
  /** A hash of the credential (never the credential itself): connectors on one account share it. */
  fingerprint: string;
  /** The budget the connector would enforce alone, or `false` when there is none. */
  rateLimit: RateLimitOptions | false;
  /** The connector's clock. */
  now: () => number;
}

/** Spaces a connector's requests and pauses them when the provider says the budget is spent. */
export interface Limiter {
  /** Runs `task` when the budget allows, in the read or the write group. */
  schedule<T>(kind: 'read' | 'write', task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Learns from a response's headers (a spent budget pauses every request until its reset). */
  observe(headers: Record<string, string>): void;
  /** Pauses every request for `ms` (after a 429 that said how long). */
  pauseFor(ms: number): void;
  /** Releases what the limiter holds (timers, its share of a connection). */
  stop(): Promise<void>;
}

/** Builds the limiter of one connector. */
export type LimiterFactory = (context: LimiterContext) => Limiter;
