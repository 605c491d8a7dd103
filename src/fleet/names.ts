/**
 * Names the fleet gives things in Redis, and the checks on the caller's names and numbers.
 * @module
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../core/errors.js';
import type { ScheduleOptions } from './types.js';

/** The queues and key prefixes of one fleet. */
export interface FleetNames {
  /** BullMQ's key prefix. */
  prefix: string;
  /** The fleet's name. */
  name: string;
  /** Queue of the runs: at most one queued or running run per connection. */
  runsQueue: string;
  /** Queue the job schedulers fill with ticks; a tick queues a run. */
  ticksQueue: string;
  /** Prefix of the shared limiters' keys. */
  limiterPrefix: string;
}

const namePattern = /^[A-Za-z0-9._-]{1,100}$/;
/** Longest connection id accepted (it is part of Redis keys and job ids). */
const maxConnectionIdLength = 256;
const defaultFullEvery = 24 * 3_600_000;

function configError(message: string, operation = 'createFleet'): ConfigError {
  return new ConfigError(message, { provider: 'unified-ats', operation });
}

/** Checks the fleet's name and prefix and derives its queue names. */
export function fleetNames(name = 'unified-ats-fleet', prefix = 'bull'): FleetNames {
  if (!namePattern.test(name)) throw configError(`name must be 1 to 100 letters, digits, ".", "-" or "_"; got ${JSON.stringify(name)}`);
  if (!namePattern.test(prefix)) throw configError(`prefix must be 1 to 100 letters, digits, ".", "-" or "_"; got ${JSON.stringify(prefix)}`);
  return { prefix, name, runsQueue: `${name}-runs`, ticksQueue: `${name}-ticks`, limiterPrefix: `${prefix}:${name}` };
}

/** Checks a connection id; returns the form used in job ids and scheduler ids (no `:`). */
export function encodeConnectionId(connectionId: unknown, operation: string): string {
  if (typeof connectionId !== 'string' || connectionId === '' || connectionId.length > maxConnectionIdLength) {
    throw configError(`connectionId must be a non-empty string of at most ${maxConnectionIdLength} characters`, operation);
  }
  return encodeURIComponent(connectionId);
}

/** Checks a schedule and fills its defaults. */
export function normaliseSchedule(options: ScheduleOptions): Required<ScheduleOptions> {
  const fail = (message: string) => configError(message, 'schedule');
  if (typeof options !== 'object' || options === null) throw fail('schedule options must be an object');
  const { every, jitter = 0, mode = 'delta', fullEvery = defaultFullEvery } = options;
  if (!Number.isInteger(every) || every < 1_000) throw fail('every must be a whole number of milliseconds, at least 1000');
  if (!Number.isInteger(jitter) || jitter < 0) throw fail('jitter must be a whole, non-negative number of milliseconds');
  if (mode !== 'delta' && mode !== 'full') throw fail('mode must be delta or full');
  if (fullEvery !== null && (!Number.isInteger(fullEvery) || fullEvery < 1_000)) throw fail('fullEvery must be null or a whole number of milliseconds, at least 1000');
  return { every, jitter, mode, fullEvery };
}

/**
 * The connection's offset into each period, in `[0, min(jitter, every))`, from a hash of its id:
 * the same on every call (an idempotent schedule), spread evenly across connections.
 */
export function offsetOf(connectionId: string, schedule: Required<ScheduleOptions>): number {
  const span = Math.min(schedule.jitter, schedule.every);
  if (span <= 1) return 0;
  const hash = createHash('sha256').update(connectionId, 'utf8').digest().readUInt32BE(0);
  return hash % span;
}

/** Checks a positive whole number option. */
export function positiveInteger(value: number | undefined, fallback: number, what: string, operation: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw configError(`${what} must be a positive whole number`, operation);
  return value;
}

/** Checks a non-negative whole number option. */
export function nonNegativeInteger(value: number | undefined, fallback: number, what: string, operation: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw configError(`${what} must be a whole, non-negative number`, operation);
  return value;
}
