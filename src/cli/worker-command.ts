/**
 * `unified-ats worker`: runs one fleet worker until SIGTERM or SIGINT, then drains (each run in
 * progress finishes its current page, checkpoints and goes back to the queue) and exits 0.
 *
 * The connections' credentials stay in the caller's code: `--resolver` names a module whose
 * default export (or `resolve` export) is the fleet's `resolve(connectionId, tools)`. Settings come
 * from flags, then the environment; this is the only place the worker reads the environment.
 * Lines on stdout are JSON (`worker:ready`, one per finished run, `worker:stopped`); warnings go to
 * stderr. Neither ever holds a URL, which could carry a password.
 */
import { resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Logger } from '../core/logger.js';
import type { ResolveConnection } from '../fleet/index.js';
import { ExitCode, UsageError } from './exit-codes.js';

const HELP = `unified-ats worker — run a fleet worker (stops cleanly on SIGTERM or SIGINT)

Usage:
  unified-ats worker --resolver ./resolve.js [options]

Options (flag, or environment variable):
  --resolver <module>        UNIFIED_ATS_RESOLVER         module exporting resolve(connectionId, tools) (required)
  --redis <url>              REDIS_URL                    redis:// or rediss:// URL (required)
  --database <url>           DATABASE_URL                 postgres:// URL of the state store (required)
  --schema <name>            UNIFIED_ATS_SCHEMA           schema of the state tables (default public)
  --table-prefix <prefix>    UNIFIED_ATS_TABLE_PREFIX     prefix of the state tables (default unified_ats_)
  --name <fleet>             UNIFIED_ATS_FLEET            the fleet's name (default unified-ats-fleet)
  --prefix <prefix>          UNIFIED_ATS_FLEET_PREFIX     BullMQ key prefix (default bull)
  --concurrency <n>          UNIFIED_ATS_CONCURRENCY      runs at once in this worker (default 4)
  --lock-duration-ms <ms>    UNIFIED_ATS_LOCK_DURATION_MS a dead worker's runs are taken over after this (default 30000)
  --verbose                                               debug lines on stderr
`;

/** Where the command writes, and the process signals it listens to (injectable for tests). */
export interface WorkerCommandIo {
  out: Pick<NodeJS.WriteStream, 'write'>;
  err: Pick<NodeJS.WriteStream, 'write'>;
  signals: Pick<NodeJS.Process, 'once' | 'removeListener'>;
}

const defaultIo: WorkerCommandIo = { out: process.stdout, err: process.stderr, signals: process };

/** Runs the worker; resolves with the exit code once it has drained. */
export async function workerCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: WorkerCommandIo = defaultIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      verbose: { type: 'boolean' },
      resolver: { type: 'string' },
      redis: { type: 'string' },
      database: { type: 'string' },
      schema: { type: 'string' },
      'table-prefix': { type: 'string' },
      name: { type: 'string' },
      prefix: { type: 'string' },
      concurrency: { type: 'string' },
      'lock-duration-ms': { type: 'string' },
    },
  });
  if (values.help) {
    io.out.write(HELP);
    return ExitCode.ok;
  }
  const required = (flag: string, variable: string, value: string | undefined) => {
    if (!value) throw new UsageError(`worker needs --${flag} (or ${variable})`);
    return value;
  };
  const whole = (flag: string, value: string | undefined, fallback: number) => {
    if (value === undefined || value === '') return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) throw new UsageError(`--${flag} must be a positive whole number`);
    return number;
  };
  const resolverPath = required('resolver', 'UNIFIED_ATS_RESOLVER', values.resolver ?? env.UNIFIED_ATS_RESOLVER);
  const redis = required('redis', 'REDIS_URL', values.redis ?? env.REDIS_URL);
  const database = required('database', 'DATABASE_URL', values.database ?? env.DATABASE_URL);
  const concurrency = whole('concurrency', values.concurrency ?? env.UNIFIED_ATS_CONCURRENCY, 4);
  const lockDurationMs = whole('lock-duration-ms', values['lock-duration-ms'] ?? env.UNIFIED_ATS_LOCK_DURATION_MS, 30_000);
  const name = values.name ?? env.UNIFIED_ATS_FLEET;
  const prefix = values.prefix ?? env.UNIFIED_ATS_FLEET_PREFIX;
  const resolve = await loadResolver(resolverPath);

  // Loaded here, not at the top: the rest of the CLI must work without bullmq, ioredis and pg.
  const [{ createFleet }, { PostgresStateStore }] = await Promise.all([import('../fleet/index.js'), import('../postgres/index.js')]);
  const store = new PostgresStateStore({
    connectionString: database,
    schema: values.schema ?? env.UNIFIED_ATS_SCHEMA ?? 'public',
    tablePrefix: values['table-prefix'] ?? env.UNIFIED_ATS_TABLE_PREFIX ?? 'unified_ats_',
  });
  const line = (stream: Pick<NodeJS.WriteStream, 'write'>, fields: Record<string, unknown>) => stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
  const logger: Logger = {
    ...(values.verbose ? { debug: (message, fields) => line(io.err, { level: 'debug', message, ...fields }) } : {}),
    info: (message, fields) => line(io.out, { event: message, ...fields }),
    warn: (message, fields) => line(io.err, { level: 'warn', message, ...fields }),
    error: (message, fields) => line(io.err, { level: 'error', message, ...fields }),
  };
  const fleet = createFleet({ redis, store, resolve, logger, ...(name ? { name } : {}), ...(prefix ? { prefix } : {}) });
  try {
    const stop = new Promise<NodeJS.Signals>((resolveStop) => {
      const onSignal = (signal: NodeJS.Signals) => {
        io.signals.removeListener('SIGTERM', onSignal);
        io.signals.removeListener('SIGINT', onSignal);
        resolveStop(signal);
      };
      io.signals.once('SIGTERM', onSignal);
      io.signals.once('SIGINT', onSignal);
    });
    const worker = await fleet.startWorker({ concurrency, lockDurationMs });
    line(io.out, { event: 'worker:ready', concurrency, pid: process.pid });
    const signal = await stop;
    line(io.out, { event: 'worker:draining', signal, running: worker.running });
    await worker.close();
    line(io.out, { event: 'worker:stopped' });
    return ExitCode.ok;
  } finally {
    await fleet.close();
    await store.close();
  }
}

/** Imports the caller's resolver module and finds its `resolve` function. */
async function loadResolver(path: string): Promise<ResolveConnection> {
  let module: { default?: unknown; resolve?: unknown };
  try {
    module = (await import(pathToFileURL(resolvePath(path)).href)) as typeof module;
  } catch (error) {
    throw new UsageError(`Cannot load the resolver module ${JSON.stringify(path)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const candidate = typeof module.resolve === 'function' ? module.resolve : module.default;
  if (typeof candidate !== 'function') throw new UsageError(`The resolver module ${JSON.stringify(path)} must export a resolve(connectionId, tools) function (default or named "resolve")`);
  return candidate as ResolveConnection;
}
