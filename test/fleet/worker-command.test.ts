/**
 * `unified-ats worker` in process, with injected output streams and signals: settings from flags
 * and the environment, usage errors, a run done by the worker, and a clean drain on SIGTERM.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { main } from '../../src/cli/index.js';
import { workerCommand, type WorkerCommandIo } from '../../src/cli/worker-command.js';
import { createFleet } from '../../src/fleet/index.js';
import { postgresService, redisService } from '../helpers/services.js';
import { delivered } from './fixtures/resolver.js';
import { fleetContext, waitFor, type FleetTestContext } from './helpers/fleet-context.js';

const redis = redisService();
const postgres = postgresService();
const resolverPath = join(import.meta.dirname, 'fixtures', 'resolver.ts');

describe('unified-ats worker: usage', () => {
  let err = '';
  beforeEach(() => {
    err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  it('names each missing setting with its flag and variable, and exits 2', async () => {
    expect(await main(['worker'], {})).toBe(ExitCode.usage);
    expect(err).toContain('worker needs --resolver (or UNIFIED_ATS_RESOLVER)');
    expect(await main(['worker', '--resolver', resolverPath], {})).toBe(ExitCode.usage);
    expect(err).toContain('worker needs --redis (or REDIS_URL)');
    expect(await main(['worker', '--resolver', resolverPath, '--redis', 'redis://127.0.0.1:1'], {})).toBe(ExitCode.usage);
    expect(err).toContain('worker needs --database (or DATABASE_URL)');
    expect(await main(['worker', '--concurrency', 'many'], { UNIFIED_ATS_RESOLVER: resolverPath, REDIS_URL: 'redis://x', DATABASE_URL: 'postgres://x' })).toBe(ExitCode.usage);
    expect(err).toContain('--concurrency must be a positive whole number');
    expect(await main(['worker', '--resolver', join(import.meta.dirname, 'no-such-module.ts'), '--redis', 'redis://x', '--database', 'postgres://x'], {})).toBe(ExitCode.usage);
    expect(err).toContain('Cannot load the resolver module');
    expect(await main(['worker', '--no-such-flag'], {})).toBe(ExitCode.usage);
  });

  it('--help exits 0', async () => {
    let out = '';
    const io = { out: { write: (text: string) => ((out += text), true) }, err: process.stderr, signals: new EventEmitter() } as unknown as WorkerCommandIo;
    expect(await workerCommand(['--help'], {}, io)).toBe(ExitCode.ok);
    expect(out).toContain('unified-ats worker --resolver');
  });
});

describe.skipIf(redis.skipReason ?? postgres.skipReason)('unified-ats worker: runs and drains (real Redis and PostgreSQL)', () => {
  let context: FleetTestContext;
  beforeEach(async () => {
    context = await fleetContext(redis.url!, postgres.url!);
  });
  afterEach(async () => {
    await context.cleanup();
  });

  it('takes the settings from the environment, runs a connection, and exits 0 on SIGTERM', async () => {
    const lines: Record<string, unknown>[] = [];
    let errors = '';
    const signals = new EventEmitter();
    const io = {
      out: { write: (text: string) => (lines.push(...text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)), true) },
      err: { write: (text: string) => ((errors += text), true) },
      signals,
    } as unknown as WorkerCommandIo;
    const env = {
      UNIFIED_ATS_RESOLVER: resolverPath,
      REDIS_URL: context.redisUrl,
      DATABASE_URL: context.databaseUrl,
      UNIFIED_ATS_SCHEMA: context.schema,
      UNIFIED_ATS_TABLE_PREFIX: 'ats_',
      UNIFIED_ATS_FLEET: context.name,
      UNIFIED_ATS_FLEET_PREFIX: context.prefix,
    };
    const exit = workerCommand(['--concurrency', '2'], env, io);
    await waitFor(() => lines.some((line) => line.event === 'worker:ready'), 'the worker to be ready', 20_000);
    expect(lines.find((line) => line.event === 'worker:ready')).toMatchObject({ concurrency: 2 });

    const fleet = createFleet({ redis: context.redisUrl, store: context.store, name: context.name, prefix: context.prefix, resolve: () => Promise.reject(new Error('not here')) });
    try {
      await fleet.syncNow('cli-connection');
      await waitFor(() => lines.some((line) => line.event === 'run:finished' && line.connectionId === 'cli-connection'), 'the run', 20_000);
      expect(lines.find((line) => line.event === 'run:finished')).toMatchObject({ status: 'ok', health: 'green' });
      expect(delivered.get('cli-connection')).toBe(30);
      expect(await fleet.status('cli-connection')).toMatchObject({ health: 'green', state: 'idle' });
    } finally {
      await fleet.close();
    }
    signals.emit('SIGTERM', 'SIGTERM');
    expect(await exit).toBe(ExitCode.ok);
    expect(lines.map((line) => line.event)).toEqual(expect.arrayContaining(['worker:ready', 'run:finished', 'worker:draining', 'worker:stopped']));
    // Neither stream ever shows a URL (they can carry passwords).
    const output = JSON.stringify(lines) + errors;
    expect(output).not.toContain(context.redisUrl);
    expect(output).not.toContain(context.databaseUrl);
  });
});
