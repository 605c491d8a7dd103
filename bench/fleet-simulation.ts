/**
 * `npm run simulate:fleet`: what 10,000 connections on a 6-hour schedule need, at the providers'
 * documented limits, with account sizes of 1,000–5,000 candidates and some of 50,000 and more.
 * The method and the last results are in docs/fleet.md ("Scale beyond this machine").
 *
 * Measures its inputs on this machine (see fleet-simulation/measure.ts; needs REDIS_URL and
 * DATABASE_URL), reads the fleet's own per-run costs from the newest bench result with a fleet
 * section (`BENCH_ONLY=fleet npm run bench` writes one), prints Markdown tables and writes
 * `bench/results/fleet-simulation.json`.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { measureLimiter, measurePostgres, measureProviders } from './fleet-simulation/measure.js';
import { defaultAssumptions, firstSyncTable, firstWave, steadyState, type FleetRunCost } from './fleet-simulation/model.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function fleetRunCost(): Promise<{ cost: FleetRunCost; source: string }> {
  const directory = new URL('./results/', import.meta.url);
  const files = (await readdir(directory)).filter((name) => name.endsWith('.json') && !name.startsWith('fleet-simulation')).sort().reverse();
  for (const name of files) {
    const results = JSON.parse(await readFile(new URL(name, directory), 'utf8')) as { fleet?: { scheduled: FleetRunCost } };
    if (results.fleet) return { cost: results.fleet.scheduled, source: `bench/results/${name}` };
  }
  throw new Error('No bench result with a fleet section: run `BENCH_ONLY=fleet npm run bench` first.');
}

async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL;
  const databaseUrl = process.env.DATABASE_URL;
  if (!redisUrl || !databaseUrl) throw new Error('Set REDIS_URL and DATABASE_URL: the simulation measures the state store and the shared limiter.');
  const assumptions = defaultAssumptions;
  const fleetRun = await fleetRunCost();
  log(`simulation: fleet per-run costs from ${fleetRun.source}`);
  const costs = await measureProviders(log);
  const postgres = await measurePostgres(databaseUrl);
  log(`simulation: PostgreSQL ${postgres.rowsPerSecond.toFixed(0)} rows/s, ${postgres.statementsPerSecond.toFixed(0)} statements/s`);
  const limiter = await measureLimiter(redisUrl);
  log(`simulation: shared limiter ${limiter.redisCpuMsPerRequest.toFixed(3)} Redis CPU ms per request`);

  const firstSync = firstSyncTable(costs, assumptions);
  const steady = assumptions.fullEveryMs.map((fullEveryMs) => steadyState(costs, assumptions, fleetRun.cost, limiter, postgres, fullEveryMs));
  const wave = firstWave(costs, assumptions, postgres, fleetRun.cost, limiter);

  const fixed = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const duration = (seconds: number) => (seconds < 120 ? `${fixed(seconds)} s` : seconds < 7_200 ? `${fixed(seconds / 60, 1)} min` : `${fixed(seconds / 3_600, 1)} h`);
  const lines: string[] = [];
  lines.push(`Measured on ${new Date().toISOString().slice(0, 10)}; fleet per-run costs from ${fleetRun.source}.`, '');
  lines.push('**Inputs measured here**', '');
  lines.push('| provider | full sync requests | empty delta requests | records per candidate | client CPU µs/record |', '|---|---|---|---:|---:|');
  for (const cost of costs) {
    lines.push(
      `| ${cost.provider} | ${fixed(cost.fullBase, 1)} + ${fixed(cost.fullPerCandidate, 4)} × candidates | ${fixed(cost.deltaBase, 1)} + ${fixed(cost.deltaPerCandidate, 4)} × candidates | ${fixed(cost.recordsPerCandidate, 2)} | ${fixed(cost.cpuMicrosecondsPerRecord)} |`,
    );
  }
  lines.push(
    '',
    `PostgreSQL state store, ${postgres.concurrentRuns} full runs at once: ${fixed(postgres.rowsPerSecond)} rows/s, ${fixed(postgres.statementsPerSecond)} statements/s (${fixed(postgres.statementsPerPage, 1)} per page of 100). ` +
      `Shared limiter: ${fixed(limiter.redisCpuMsPerRequest, 3)} ms of Redis CPU and ${fixed(limiter.redisCommandsPerRequest, 1)} server commands per request. ` +
      `Fleet: ${fixed(fleetRun.cost.redisCpuMsPerRun, 2)} ms of Redis CPU, ${fixed(fleetRun.cost.serverRedisCommandsPerRun)} server commands, ${fixed(fleetRun.cost.postgresStatementsPerRun)} statements and ${fixed(fleetRun.cost.workerCpuMsPerRun)} ms of worker CPU per run.`,
  );
  lines.push('', '**First sync of one connection** (at the documented limit; sequential pages with the assumed round trip)', '');
  lines.push('| provider | candidates | records | requests | at the limit alone | with round trips | Jarvi in business hours |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const row of firstSync) {
    lines.push(
      `| ${row.provider} | ${fixed(row.candidates)} | ${fixed(row.records)} | ${fixed(row.requests)} | ${row.limitFloorSeconds === null ? 'no limit' : duration(row.limitFloorSeconds)} | ${duration(row.seconds)} | ${row.businessHoursSeconds === null ? '—' : duration(row.businessHoursSeconds)} |`,
    );
  }
  lines.push('', `**${fixed(assumptions.connections)} connections every ${assumptions.periodMs / 3_600_000} h** (steady state, averages over a day)`, '');
  lines.push(
    '| full run every | runs/s | provider requests/s | runs in progress (avg / peak) | worker CPU cores | workers (× ' + assumptions.workerConcurrency + ') | Redis core share | Redis saturates at | PostgreSQL rows/s | statements/s | PostgreSQL (rows) saturates at |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const row of steady) {
    lines.push(
      `| ${duration(row.fullEveryMs / 1000)} | ${fixed(row.runsPerSecond, 2)} | ${fixed(row.requestsPerSecond, 1)} | ${fixed(row.averageConcurrentRuns)} / ${fixed(row.peakConcurrentRuns)} | ${fixed(row.workerCores, 2)} | ${row.workers} | ${fixed(row.redisCoreShare * 100, 1)} % | ${fixed(row.redisSaturatesAt)} connections | ${fixed(row.postgresRowsPerSecond)} | ${fixed(row.postgresStatementsPerSecond)} | ${fixed(row.postgresSaturatesAt)} connections |`,
    );
  }
  lines.push(
    '',
    `**First wave** (every connection's first sync within its first ${assumptions.periodMs / 3_600_000} h): ${fixed(wave.records)} records, ${fixed(wave.rowsPerSecond)} rows/s into PostgreSQL (${fixed(wave.postgresLoad * 100)} % of the capacity measured here), ` +
      `${fixed(wave.concurrentRuns)} runs in progress on average and ${fixed(wave.workerCores, 1)} cores of worker CPU → ${wave.workers} workers; Redis ${fixed(wave.redisCoreShare * 100, 1)} % of a core.`,
  );
  const markdown = lines.join('\n');
  process.stdout.write(`${markdown}\n`);
  await writeFile(
    new URL('./results/fleet-simulation.json', import.meta.url),
    `${JSON.stringify({ date: new Date().toISOString(), assumptions, fleetRun, costs, postgres, limiter, firstSync, steady, wave }, null, 2)}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`simulation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
