/**
 * The fleet's checks on what the caller gives it, before anything connects: the options of
 * `createFleet`, schedules, connection ids, and the per-connection offset that spreads a fleet
 * over its period.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { createFleet } from '../../src/fleet/index.js';
import { encodeConnectionId, fleetNames, normaliseSchedule, offsetOf } from '../../src/fleet/names.js';
import { PostgresStateStore } from '../../src/postgres/index.js';
import { MemoryStateStore } from '../../src/sync/index.js';

const store = new PostgresStateStore({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
const resolve = () => Promise.reject(new Error('unused'));
afterAll(() => store.close());

describe('createFleet options', () => {
  it('needs a PostgreSQL state store, a resolve function and a Redis URL or options', () => {
    expect(() => createFleet({ redis: 'redis://127.0.0.1:1', store: new MemoryStateStore() as never, resolve })).toThrow(/store must be a PostgresStateStore/);
    expect(() => createFleet({ redis: 'redis://127.0.0.1:1', store, resolve: undefined as never })).toThrow(/resolve must be a function/);
    expect(() => createFleet({ redis: 42 as never, store, resolve })).toThrow(/redis must be a redis:\/\/ URL or ioredis options/);
    expect(() => createFleet({ redis: 'redis://127.0.0.1:1', store, resolve, name: 'a:b' })).toThrow(ConfigError);
    expect(() => createFleet({ redis: 'redis://127.0.0.1:1', store, resolve, failuresBeforeRed: 0 })).toThrow(/failuresBeforeRed/);
    // Valid options connect nothing until the first call.
    const fleet = createFleet({ redis: { host: '127.0.0.1', port: 1 }, store, resolve });
    expect(typeof fleet.schedule).toBe('function');
  });

  it('rejects bad connection ids and schedules with a ConfigError before touching Redis', async () => {
    const fleet = createFleet({ redis: 'redis://127.0.0.1:1', store, resolve });
    await expect(fleet.schedule('', { every: 60_000 })).rejects.toThrow(/connectionId must be a non-empty string/);
    await expect(fleet.schedule('acme', { every: 10 })).rejects.toThrow(/every must be a whole number of milliseconds, at least 1000/);
    await expect(fleet.syncNow('acme', { mode: 'sideways' as never })).rejects.toThrow(/mode must be delta or full/);
    expect(() => fleet.on('run:started' as never, () => {})).toThrow(/Unknown fleet event/);
  });
});

describe('names and schedules', () => {
  it('derives queue names without ":" (BullMQ refuses it) and encodes connection ids', () => {
    expect(fleetNames('acme', 'app')).toEqual({ prefix: 'app', name: 'acme', runsQueue: 'acme-runs', ticksQueue: 'acme-ticks', limiterPrefix: 'app:acme' });
    expect(encodeConnectionId('tenant:7/teamtailor', 'test')).toBe('tenant%3A7%2Fteamtailor');
    expect(() => encodeConnectionId('x'.repeat(257), 'test')).toThrow(ConfigError);
  });

  it('fills schedule defaults and checks each field', () => {
    expect(normaliseSchedule({ every: 60_000 })).toEqual({ every: 60_000, jitter: 0, mode: 'delta', fullEvery: 86_400_000 });
    expect(normaliseSchedule({ every: 60_000, fullEvery: null, mode: 'full', jitter: 5 })).toEqual({ every: 60_000, jitter: 5, mode: 'full', fullEvery: null });
    expect(() => normaliseSchedule({ every: 60_000, jitter: -1 })).toThrow(/jitter/);
    expect(() => normaliseSchedule({ every: 60_000, fullEvery: 1.5 })).toThrow(/fullEvery/);
  });

  it('spreads connections over the period with a stable offset in [0, min(jitter, every))', () => {
    const schedule = normaliseSchedule({ every: 60_000, jitter: 60_000 });
    const offsets = Array.from({ length: 1_000 }, (_, index) => offsetOf(`connection-${index}`, schedule));
    expect(offsets.every((offset) => offset >= 0 && offset < 60_000)).toBe(true);
    expect(offsetOf('connection-1', schedule)).toBe(offsets[1]);
    // Evenly enough: every sixth of the period holds between 10 % and 23 % of the connections.
    const sixths = [0, 1, 2, 3, 4, 5].map((part) => offsets.filter((offset) => Math.floor(offset / 10_000) === part).length);
    expect(Math.min(...sixths)).toBeGreaterThan(100);
    expect(Math.max(...sixths)).toBeLessThan(230);
    expect(offsetOf('connection-1', normaliseSchedule({ every: 60_000 }))).toBe(0);
  });
});
