/**
 * `npm run bench`: the performance benchmark of issue 9 (design: shared/design/performance.md).
 * Run with `node --expose-gc --import tsx bench/run.ts`. Not part of `npm test`.
 *
 * Environment:
 * - `BENCH_ONLY=p1,p2,p5,pg,rpr,fleet,engine` runs some scenarios (P6 runs with P5); a partial run writes
 *   `bench/results/<date>-partial.json`.
 * - `BENCH_QUICK=1` small sizes for development.
 * - `BENCH_CONNECTORS=gem,crelate` limits the per-connector P1/P2 (the non-Teamtailor connectors;
 *   `teamtailor` in the list keeps Teamtailor's own P1/P2, which run by default). Default: all.
 * - `BENCH_P1_CONNECTOR_RECORDS` overrides the per-connector P1 size (default 5,000; see below).
 * - `BENCH_P1_RECORDS`, `BENCH_P5_RECORDS`, `BENCH_REPETITIONS` override sizes.
 * - `BENCH_SLOW_MAPPING=1` gates P1 on the SUT that maps every record twice.
 * - `BENCH_UPDATE_BASELINE=1` stores the measured requests per record in bench/baseline.json.
 * - `BENCH_ENGINE_RECORDS` sizes the engine-overhead scenario (default 10,000 candidates).
 * - `BENCH_STRICT=1` also fails on P1/P2/P5/P6/P7/engine targets (by default only RPR regressions fail).
 * - `DATABASE_URL` enables P7 (`pg` in BENCH_ONLY): the engine on `PostgresStateStore` against
 *   `MemoryStateStore`, 200,000 candidates (`BENCH_P7_RECORDS`; 1,000,000 with `BENCH_LARGE=1`).
 *   Without it P7 is skipped with one line.
 * - The fleet scenario needs `REDIS_URL` and `DATABASE_URL` (skipped with a line without them);
 *   `BENCH_FLEET_CONNECTIONS` (default 1,000) and `BENCH_FLEET_CONCURRENCY` (default 8) size it.
 */
import { cpus, loadavg } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { checkTargets, renderMarkdown, type BenchResults } from './report.js';
import { runCpuCeiling } from './scenarios/cpu-ceiling.js';
import { runMicro } from './scenarios/micro.js';
import { runMemoryAndIncremental } from './scenarios/memory-and-incremental.js';
import { runPostgresStore } from './scenarios/postgres-store.js';
import { runRateLimited } from './scenarios/rate-limited.js';
import { runFleet } from './scenarios/fleet.js';
import { runEngineOverhead } from './scenarios/engine-overhead.js';
import { runConnectorCpuCeiling } from './scenarios/cpu-ceiling-connectors.js';
import { runConnectorRateLimited } from './scenarios/rate-limited-connectors.js';
import { providers, type ProviderName } from './connectors.js';
import { readRprBaseline, runRequestsPerRecord, type RprBaseline } from './scenarios/requests-per-record.js';
import { forceGc } from './statistics.js';

/** Whole-bench budget: a hung scenario cannot keep the process alive past it. */
const TOTAL_TIMEOUT_MS = (process.env.BENCH_LARGE === '1' ? 60 : 25) * 60_000;

function integerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

async function main(): Promise<number> {
  forceGc();
  const started = performance.now();
  const quick = process.env.BENCH_QUICK === '1';
  const only = new Set((process.env.BENCH_ONLY ?? 'p1,p2,p5,pg,rpr,fleet,engine').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean));
  const connectorFilter = process.env.BENCH_CONNECTORS?.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  for (const name of connectorFilter ?? []) if (!(providers as string[]).includes(name)) throw new Error(`BENCH_CONNECTORS: unknown connector ${name}`);
  const selected = (connectorFilter ?? providers) as ProviderName[];
  const others = selected.filter((name) => name !== 'teamtailor');
  const withTeamtailor = selected.includes('teamtailor');
  const partial =
    quick ||
    only.size < 7 ||
    connectorFilter !== undefined ||
    ['BENCH_P1_RECORDS', 'BENCH_P5_RECORDS', 'BENCH_P7_RECORDS', 'BENCH_REPETITIONS', 'BENCH_P1_CONNECTOR_RECORDS', 'BENCH_ENGINE_RECORDS', 'BENCH_FLEET_CONNECTIONS', 'BENCH_FLEET_CONCURRENCY'].some((name) =>
      process.env[name],
    );
  const settings = {
    p1Records: integerFromEnv('BENCH_P1_RECORDS', quick ? 5_000 : 30_000),
    p5Records: integerFromEnv('BENCH_P5_RECORDS', quick ? 10_000 : 200_000),
    p7Records: integerFromEnv('BENCH_P7_RECORDS', quick ? 10_000 : process.env.BENCH_LARGE === '1' ? 1_000_000 : 200_000),
    repetitions: integerFromEnv('BENCH_REPETITIONS', 5),
    p2Records: 5_000,
    // The other connectors' sandboxes render lists by scanning whole collections (not indexed like
    // Teamtailor's in server-process.ts), so a pass costs O(N²) on the server: 5,000 candidates
    // keeps each connector's P1 to tens of seconds. Crelate is the slowest per request.
    p1ConnectorRecords: integerFromEnv('BENCH_P1_CONNECTOR_RECORDS', quick ? 1_000 : 5_000),
    // Crelate's sandbox takes ~35 ms per 100-contact page at 2,000 contacts and scales with N
    // (10,000 did not finish a warm-up pass plus baselines in two minutes): 2,000 unless overridden.
    p1ConnectorRecordsByProvider: process.env.BENCH_P1_CONNECTOR_RECORDS ? {} : { crelate: quick ? 1_000 : 2_000 },
    p1ConnectorRepetitions: integerFromEnv('BENCH_REPETITIONS', quick ? 2 : 3),
    // Gem pages hold 500 candidates: 5,000 is 11 requests, about 0.5 s at 20 req/s.
    p2ConnectorRecords: 5_000,
    connectors: selected,
    rprRecords: 300,
    slowMapping: process.env.BENCH_SLOW_MAPPING === '1',
    only: [...only],
  };
  const log = (line: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  const loadAverageStart = loadavg();
  const cores = cpus();
  log(`load average ${loadAverageStart.map((v) => v.toFixed(2)).join(' ')} on ${cores.length} cores; scenarios ${[...only].join(', ')}`);
  const baselinePath = new URL('./baseline.json', import.meta.url);
  const baseline = await readRprBaseline(baselinePath);

  const partialResults: Omit<BenchResults, 'targets' | 'durationMs' | 'machine'> = { date: new Date().toISOString(), settings };
  if (!process.env.BENCH_ONLY || only.has('rt')) Object.assign(partialResults, { realtime: await (await import('./scenarios/realtime-latency.js')).runRealtimeLatency({ edits: quick ? 50 : 200 }, log) });
  if (only.has('rpr')) partialResults.requestsPerRecord = await runRequestsPerRecord(settings.rprRecords, baseline, log);
  if (only.has('p1') && others.length > 0) {
    partialResults.cpuCeilingByConnector = await runConnectorCpuCeiling(
      { providers: others, records: settings.p1ConnectorRecords, recordsByProvider: settings.p1ConnectorRecordsByProvider, repetitions: settings.p1ConnectorRepetitions, passTimeoutMs: 180_000 },
      log,
    );
  }
  if (only.has('p1') && withTeamtailor) {
    partialResults.cpuCeiling = await runCpuCeiling(
      { records: settings.p1Records, repetitions: settings.repetitions, passTimeoutMs: 180_000, slowMappingGated: settings.slowMapping },
      log,
    );
  }
  if (only.has('p1')) partialResults.micro = await runMicro(10, log);
  if (only.has('p5') || only.has('p6')) {
    partialResults.memory = await runMemoryAndIncremental(
      { records: settings.p5Records, samplePages: Math.max(10, Math.round(settings.p5Records / 30 / 40)), changedShare: 0.01, pageSize: 30, timeoutMs: 240_000 },
      log,
    );
  }
  if (only.has('pg')) {
    const url = process.env.DATABASE_URL;
    if (!url) log('P7 (PostgreSQL state store) skipped: DATABASE_URL is not set');
    else {
      partialResults.postgresStore = await runPostgresStore(
        { url, records: settings.p7Records, pageSize: 30, samplePages: Math.max(10, Math.round(settings.p7Records / 30 / 40)), changedShare: 0.01, timeoutMs: 30 * 60_000 },
        log,
      );
    }
  }
  if (only.has('p2') && others.length > 0) {
    partialResults.rateLimitedByConnector = await runConnectorRateLimited({ providers: others, records: settings.p2ConnectorRecords }, log);
  }
  if (only.has('p2') && withTeamtailor) {
    partialResults.rateLimited = await runRateLimited({ records: settings.p2Records, limit: { requests: 50, intervalMs: 10_000 }, pageSize: 30 }, log);
  }
  if (only.has('engine')) partialResults.engineOverhead = await runEngineOverhead({ records: integerFromEnv('BENCH_ENGINE_RECORDS', quick ? 2_000 : 10_000), repetitions: integerFromEnv('BENCH_REPETITIONS', quick ? 3 : 5), pageSize: 30, passTimeoutMs: 180_000 }, log);
  if (only.has('fleet')) {
    const redisUrl = process.env.REDIS_URL;
    const databaseUrl = process.env.DATABASE_URL;
    if (!redisUrl || !databaseUrl) log('fleet: skipped (set REDIS_URL and DATABASE_URL to run it)');
    else {
      partialResults.fleet = await runFleet(
        {
          redisUrl,
          databaseUrl,
          connections: integerFromEnv('BENCH_FLEET_CONNECTIONS', quick ? 200 : 1_000),
          workers: 2,
          concurrency: integerFromEnv('BENCH_FLEET_CONCURRENCY', 8),
          records: 20,
          pageSize: 10,
          periodMs: quick ? 20_000 : 60_000,
          observeMs: quick ? 45_000 : 150_000,
        },
        log,
      );
    }
  }

  const loadAverageEnd = loadavg();
  const machine = {
    node: process.version,
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    loadAverageStart,
    loadAverageEnd,
    // More runnable work than half the cores at either end: other processes share the CPUs.
    loaded: Math.max(loadAverageStart[0] ?? 0, loadAverageEnd[0] ?? 0) > cores.length * 0.5,
  };
  const withMachine = { ...partialResults, machine };
  const results: BenchResults = { ...withMachine, targets: checkTargets(withMachine), durationMs: performance.now() - started };
  const directory = new URL('./results/', import.meta.url);
  await mkdir(directory, { recursive: true });
  const file = new URL(`${results.date.slice(0, 10)}${partial ? '-partial' : ''}.json`, directory);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${renderMarkdown(results)}\n`);
  log(`results written to ${file.pathname}`);

  if (process.env.BENCH_UPDATE_BASELINE === '1' && results.requestsPerRecord) {
    const values: RprBaseline['values'] = {};
    for (const model of results.requestsPerRecord.models) (values[model.provider] ??= {})[model.model] = Number(model.requestsPerRecord.toFixed(6));
    await writeFile(baselinePath, `${JSON.stringify({ records: results.requestsPerRecord.records, values }, null, 2)}\n`);
    log('bench/baseline.json updated');
  }
  const strict = process.env.BENCH_STRICT === '1';
  const failed = results.targets.filter((check) => !check.met && (check.gating || strict));
  for (const check of failed) log(`FAILED ${check.scenario}: ${check.target} (measured ${check.measured})`);
  return failed.length > 0 ? 1 : 0;
}

const watchdog = setTimeout(() => {
  process.stderr.write(`bench: over ${TOTAL_TIMEOUT_MS / 60_000} minutes, stopping\n`);
  process.exit(2);
}, TOTAL_TIMEOUT_MS);
watchdog.unref();

main().then(
  (code) => {
    process.exitCode = code;
    // Child processes are closed by each scenario; exit explicitly so no stray handle keeps us alive.
    setImmediate(() => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
