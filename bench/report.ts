/**
 * Turns bench results into the Markdown table printed on stdout (and pasted into
 * docs/performance.md), and evaluates each target.
 */
import type { CpuCeilingResult } from './scenarios/cpu-ceiling.js';
import type { MicroResult } from './scenarios/micro.js';
import type { MemoryResult } from './scenarios/memory-and-incremental.js';
import type { PostgresResult } from './scenarios/postgres-store.js';
import type { RateLimitedRun } from './scenarios/rate-limited.js';
import type { RprResult } from './scenarios/requests-per-record.js';
import type { ConnectorCpuCeilingResult } from './scenarios/cpu-ceiling-connectors.js';
import type { ConnectorRateLimitedResult } from './scenarios/rate-limited-connectors.js';
import { WARMUP_ROUNDS, type Summary } from './statistics.js';
import { renderFleetMarkdown, type FleetBenchResult } from './scenarios/fleet.js';
import { engineOverheadTargets, renderEngineOverhead, type EngineOverheadResult } from './scenarios/engine-overhead.js';

/** Everything one bench run measured. */
export interface BenchResults {
  date: string;
  machine: { node: string; cpus: number; cpuModel: string; loadAverageStart: number[]; loadAverageEnd: number[]; loaded: boolean };
  settings: Record<string, unknown>;
  cpuCeiling?: CpuCeilingResult;
  /** P1 of the connectors other than Teamtailor. */
  cpuCeilingByConnector?: ConnectorCpuCeilingResult[];
  /** P2 of the connectors other than Teamtailor (not-applicable ones listed with the reason). */
  rateLimitedByConnector?: ConnectorRateLimitedResult[];
  micro?: MicroResult;
  rateLimited?: RateLimitedRun[];
  memory?: MemoryResult;
  /** P7: the engine on PostgresStateStore against MemoryStateStore. */
  postgresStore?: PostgresResult;
  requestsPerRecord?: RprResult;
  /** The fleet: many connections through the real queue and two worker processes. */
  fleet?: FleetBenchResult;
  /** The sync engine's full run against the connector alone (client CPU per record). */
  engineOverhead?: EngineOverheadResult;
  targets: TargetCheck[];
  durationMs: number;
}

/** One target and whether it was met. */
export interface TargetCheck {
  scenario: string;
  target: string;
  measured: string;
  met: boolean;
  /** Whether a miss fails the bench (only RPR regressions, by default). */
  gating: boolean;
}

/** P1: the SDK's records/s as a share of B2's (issue 17), for every connector. */
const P1_RECORDS_TARGET = 0.8;
/** P1: B2's client CPU per record as a share of the SDK's (issue 17). */
const P1_CPU_TARGET = 0.6;

const number = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const spread = (summary: Summary, digits = 0) => `${number(summary.median, digits)} (IQR ${number(summary.iqr, digits)})`;

/** Evaluates the targets of the issue against the results. */
export function checkTargets(results: Omit<BenchResults, 'targets' | 'durationMs'>): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const p1 = results.cpuCeiling;
  if (p1) {
    checks.push({ scenario: 'P1', target: `${p1.gated} ÷ B2 records/s ≥ ${P1_RECORDS_TARGET}`, measured: spread(p1.ratioToB2, 3), met: p1.ratioToB2.median >= P1_RECORDS_TARGET, gating: false });
    checks.push({ scenario: 'P1', target: `client CPU B2 ÷ ${p1.gated} ≥ ${P1_CPU_TARGET}`, measured: spread(p1.cpuRatioToB2, 3), met: p1.cpuRatioToB2.median >= P1_CPU_TARGET, gating: false });
    checks.push({ scenario: 'P1', target: `${p1.gated} ÷ B1 records/s ≥ 0.50`, measured: spread(p1.ratioToB1, 3), met: p1.ratioToB1.median >= 0.5, gating: false });
  }
  for (const result of results.cpuCeilingByConnector ?? []) {
    checks.push({ scenario: 'P1', target: `${result.provider}: SUT ÷ B2 records/s ≥ ${P1_RECORDS_TARGET}`, measured: spread(result.ratioToB2, 3), met: result.ratioToB2.median >= P1_RECORDS_TARGET, gating: false });
    checks.push({ scenario: 'P1', target: `${result.provider}: client CPU B2 ÷ SUT ≥ ${P1_CPU_TARGET}`, measured: spread(result.cpuRatioToB2, 3), met: result.cpuRatioToB2.median >= P1_CPU_TARGET, gating: false });
  }
  for (const result of results.rateLimitedByConnector ?? []) {
    for (const run of result.runs) {
      if (run.variant === 'preconfigured') {
        checks.push({ scenario: 'P2', target: `${result.provider} preconfigured: efficiency ≥ 0.90`, measured: number(run.efficiency, 3), met: run.efficiency >= 0.9, gating: false });
        checks.push({ scenario: 'P2', target: `${result.provider} preconfigured: zero 429s`, measured: String(run.rateLimited), met: run.rateLimited === 0, gating: false });
      } else {
        checks.push({ scenario: 'P2', target: `${result.provider} learned: ≤ 1 429 per window`, measured: number(run.rateLimitedPerWindow, 2), met: run.rateLimitedPerWindow <= 1, gating: false });
      }
    }
  }
  for (const run of results.rateLimited ?? []) {
    if (run.variant === 'preconfigured') {
      checks.push({ scenario: 'P2', target: 'preconfigured: efficiency ≥ 0.90', measured: number(run.efficiency, 3), met: run.efficiency >= 0.9, gating: false });
      checks.push({ scenario: 'P2', target: 'preconfigured: zero 429s', measured: String(run.rateLimited), met: run.rateLimited === 0, gating: false });
    } else {
      checks.push({ scenario: 'P2', target: 'learned: ≤ 1 429 per window', measured: number(run.rateLimitedPerWindow, 2), met: run.rateLimitedPerWindow <= 1, gating: false });
    }
  }
  for (const run of results.memory?.memory ?? []) {
    checks.push({ scenario: 'P5', target: `${run.pipeline}: heap growth ≤ 64 MB`, measured: `${number(run.heapGrowthMb, 1)} MB`, met: run.heapGrowthMb <= 64, gating: false });
  }
  for (const run of results.memory?.incremental ?? []) {
    checks.push({ scenario: 'P6', target: `${run.path}: requests ≤ ceil(changed/30) + 2 = ${run.bound}`, measured: String(run.requests), met: run.requests <= run.bound, gating: false });
    if (run.path === 'engine delta') {
      checks.push({ scenario: 'P6', target: 'engine delivers exactly the changed records', measured: `${run.delivered} delivered, ${run.missing} missing, ${run.extra} extra`, met: run.missing === 0 && run.extra === 0, gating: false });
    } else {
      checks.push({ scenario: 'P6', target: 'connector delta misses no changed record', measured: `${run.missing} missing`, met: run.missing === 0, gating: false });
    }
  }
  const p7 = results.postgresStore;
  if (p7) {
    for (const run of p7.runs.filter((one) => one.store === 'PostgresStateStore' && one.mode === 'full')) {
      checks.push({ scenario: 'P7', target: `PostgresStateStore full run: heap growth ≤ 64 MB (${number(p7.records)} records)`, measured: `${number(run.heapGrowthMb, 1)} MB`, met: run.heapGrowthMb <= 64, gating: false });
    }
    checks.push({ scenario: 'P7', target: 'PostgresStateStore ÷ MemoryStateStore records/s ≥ 0.70', measured: number(p7.ratioToMemory, 3), met: p7.ratioToMemory >= 0.7, gating: false });
  }
  const rpr = results.requestsPerRecord;
  if (rpr) {
    const regressed = rpr.models.filter((model) => model.regressed);
    checks.push({
      scenario: 'RPR',
      target: 'no model > 5 % over bench/baseline.json',
      measured: regressed.length === 0 ? 'none over' : regressed.map((model) => `${model.provider}.${model.model} +${number((model.change ?? 0) * 100, 1)} %`).join(', '),
      met: regressed.length === 0,
      gating: true,
    });
    checks.push({ scenario: 'RPR', target: 'bench index answers like the sandbox', measured: rpr.indexMismatches.length === 0 ? 'identical' : `${rpr.indexMismatches.length} mismatches`, met: rpr.indexMismatches.length === 0, gating: true });
  }
  if (results.engineOverhead) checks.push(...engineOverheadTargets(results.engineOverhead));
  const fleet = results.fleet;
  if (fleet) {
    checks.push({ scenario: 'Fleet', target: 'worst staleness ≤ 1.25 × the period', measured: number(fleet.scheduled.worstStaleness, 2), met: fleet.scheduled.worstStaleness <= 1.25, gating: false });
    checks.push({ scenario: 'Fleet', target: 'no failed scheduled run', measured: String(fleet.scheduled.failed), met: fleet.scheduled.failed === 0, gating: false });
  }
  return checks;
}

/** The Markdown report. */
export function renderMarkdown(results: BenchResults): string {
  const lines: string[] = [];
  const { machine } = results;
  lines.push(`### Bench ${results.date}`);
  lines.push('');
  lines.push(
    `Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}; load average ${machine.loadAverageStart.map((v) => v.toFixed(2)).join(' / ')} at start, ${machine.loadAverageEnd.map((v) => v.toFixed(2)).join(' / ')} at end` +
      (machine.loaded ? ' — **machine loaded: absolute numbers are low and noisy; read the ratios**.' : '.') +
      ` Total ${number(results.durationMs / 1000)} s.`,
  );
  const p1 = results.cpuCeiling;
  if (p1) {
    lines.push('');
    lines.push(`**P1 CPU ceiling** — ${number(p1.records)} candidates, ${number(p1.requests)} requests per pass (page size 30), no rate limit; median (IQR) of ${p1.ratioToB2.samples.length} interleaved repetitions after a recording pass and ${WARMUP_ROUNDS} unmeasured rounds of every variant.`);
    lines.push('');
    lines.push('| pipeline | records/s | client CPU µs/record | client busy share |');
    lines.push('|---|---:|---:|---:|');
    for (const [name, variant] of Object.entries(p1.variants)) {
      lines.push(`| ${name} | ${spread(variant.recordsPerSecond)} | ${spread(variant.cpuMicrosecondsPerRecord, 1)} | ${spread(variant.clientBusyShare, 2)} |`);
    }
    lines.push('');
    lines.push('| ratio (paired per repetition) | SUT | SUT (mapping ×2) |');
    lines.push('|---|---:|---:|');
    lines.push(`| records/s ÷ B2 (target ≥ ${P1_RECORDS_TARGET}) | ${spread(p1.plainRatioToB2, 3)} | ${spread(p1.ratioToB2SlowMapping, 3)} |`);
    lines.push(`| client CPU: B2 ÷ SUT (target ≥ ${P1_CPU_TARGET}) | ${spread(p1.plainCpuRatioToB2, 3)} | ${spread(p1.cpuRatioToB2SlowMapping, 3)} |`);
    lines.push('');
    lines.push(`Gated SUT: ${p1.gated}${p1.gated === 'SUT' ? '' : ' (BENCH_SLOW_MAPPING=1)'}.`);
    if (p1.coldSutCpuMicrosecondsPerRecord !== undefined) lines.push('', `First (cold) SDK pass, V8 still compiling, not gated: ${number(p1.coldSutCpuMicrosecondsPerRecord, 1)} µs of client CPU per record.`);
  }
  const byConnector = results.cpuCeilingByConnector;
  if (byConnector?.length) {
    lines.push('');
    lines.push(`**P1 CPU ceiling per connector** — no rate limit; the baselines replay the exact requests of the first SDK pass (method, headers, body); B2 parses each list item with the connector's candidate wire schema; median (IQR) of ${byConnector[0]?.ratioToB2.samples.length ?? 0} interleaved repetitions after ${WARMUP_ROUNDS} unmeasured rounds of every variant. "SUT cold" is that first SDK pass (V8 still compiling), reported, not gated.`);
    lines.push('');
    lines.push(`| connector | seeded | delivered | wire items | requests | B0 rec/s | B1 rec/s | B2 rec/s | SUT rec/s | SUT ÷ B2 (≥ ${P1_RECORDS_TARGET}) | client CPU B2 ÷ SUT (≥ ${P1_CPU_TARGET}) | SUT µs/record | B2 µs/record | SUT cold µs/record |`);
    lines.push('|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of byConnector) {
      const v = r.variants;
      const methods = Object.entries(r.methods).map(([method, count]) => `${count} ${method}`).join(', ');
      lines.push(`| ${r.provider} | ${number(r.seeded)} | ${number(r.records)} | ${number(r.wireItems)} | ${methods} | ${spread(v.B0.recordsPerSecond)} | ${spread(v.B1.recordsPerSecond)} | ${spread(v.B2.recordsPerSecond)} | ${spread(v.SUT.recordsPerSecond)} | ${spread(r.ratioToB2, 3)} | ${spread(r.cpuRatioToB2, 3)} | ${number(v.SUT.cpuMicrosecondsPerRecord.median, 1)} | ${number(v.B2.cpuMicrosecondsPerRecord.median, 1)} | ${r.coldSutCpuMicrosecondsPerRecord === undefined ? '–' : number(r.coldSutCpuMicrosecondsPerRecord, 1)} |`);
    }
  }
  if (results.micro) {
    lines.push('');
    lines.push('**Micro** — client CPU per record of each stage on 600 sandbox candidates (in process, no HTTP); median (IQR) of 10 rounds.');
    lines.push('');
    lines.push('| stage | µs per record |');
    lines.push('|---|---:|');
    for (const [name, summary] of Object.entries(results.micro)) lines.push(`| ${name} | ${spread(summary, 1)} |`);
  }
  if (results.rateLimited?.length) {
    lines.push('');
    lines.push('**P2 rate limited** — sandbox enforces 50 requests / 10 s; T_min = ceil(N/30) ÷ 5 req/s.');
    lines.push('');
    lines.push('| connector limit | records | requests | time s | T_min s | efficiency | floor for the requests sent s | limiter spacing floor s | 429s | 429s per 10 s window |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const run of results.rateLimited) {
      lines.push(`| ${run.variant} | ${number(run.records)} | ${run.requests} | ${number(run.wallMs / 1000, 1)} | ${number(run.minimumMs / 1000, 1)} | ${number(run.efficiency, 3)} | ${number(run.requestFloorMs / 1000, 1)} | ${run.spacingFloorMs === null ? '—' : number(run.spacingFloorMs / 1000, 1)} | ${run.rateLimited} | ${number(run.rateLimitedPerWindow, 2)} |`);
    }
  }
  const p2ByConnector = results.rateLimitedByConnector;
  if (p2ByConnector?.length) {
    lines.push('');
    lines.push('**P2 rate limited per connector** — the sandbox enforces the connector\'s preconfigured limit only where the provider documents it; T_min = requests of an unthrottled full sync ÷ the allowed rate.');
    lines.push('');
    lines.push('| connector | limit | variant | records | requests | time s | T_min s | efficiency (≥ 0.90) | 429s | 429s per window |');
    lines.push('|---|---|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const result of p2ByConnector) {
      const limit = result.limit ? `${result.limit.requests} / ${number(result.limit.intervalMs / 1000)} s` : 'none';
      if (result.runs.length === 0) {
        lines.push(`| ${result.provider} | ${limit} | — | — | — | — | — | ${result.documented ? 'not measured' : 'no documented request limit — not applicable'} | — | — |`);
        continue;
      }
      for (const run of result.runs) {
        lines.push(`| ${result.provider} | ${limit} | ${run.variant} | ${number(run.records)} | ${run.requests} | ${number(run.wallMs / 1000, 2)} | ${number(run.minimumMs / 1000, 2)} | ${number(run.efficiency, 3)} | ${run.rateLimited} | ${number(run.rateLimitedPerWindow, 2)} |`);
      }
    }
    lines.push('');
    for (const result of p2ByConnector) lines.push(`- ${result.provider}: ${result.source}.`);
  }
  const memory = results.memory;
  if (memory) {
    lines.push('');
    lines.push('**P5 memory** — heapUsed sampled after a forced GC every few hundred pages.');
    lines.push('');
    lines.push('| pipeline | records | time s | heap before MB | heap peak MB | growth MB (≤ 64) | RSS peak MB | event-loop delay p99 ms | state store MB |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const run of memory.memory) {
      lines.push(`| ${run.pipeline} | ${number(run.records)} | ${number(run.wallMs / 1000, 1)} | ${number(run.heapBeforeMb, 1)} | ${number(run.heapPeakMb, 1)} | ${number(run.heapGrowthMb, 1)} | ${number(run.rssPeakMb)} | ${number(run.eventLoopDelayP99Ms, 1)} | ${run.stateStoreMb === undefined ? '—' : number(run.stateStoreMb, 1)} |`);
    }
    lines.push('');
    lines.push('**P6 incremental** — 1 % of the P5 candidates edited, then a delta.');
    lines.push('');
    lines.push('| path | changed | requests | bound | delivered | missing | extra |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const run of memory.incremental) lines.push(`| ${run.path} | ${number(run.changed)} | ${run.requests} | ${run.bound} | ${number(run.delivered)} | ${run.missing} | ${run.extra} |`);
  }
  const p7 = results.postgresStore;
  if (p7) {
    lines.push('');
    lines.push(`**P7 PostgreSQL state store** — the engine over ${number(p7.records)} Teamtailor candidates (page size 30) on PostgreSQL ${p7.serverVersion} (same machine) and on MemoryStateStore, in the order listed; heap sampled after a forced GC; delta: 1 % of the candidates edited.`);
    lines.push('');
    lines.push('| store | mode | records | pages | time s | records/s | heap growth MB (≤ 64) | commit per checkpoint ms, median / p99 | getEntries per page ms, median / p99 |');
    lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|');
    const pair = (value: { median: number; p99: number } | null) => (value ? `${number(value.median, 2)} / ${number(value.p99, 2)}` : '—');
    for (const run of p7.runs) {
      lines.push(`| ${run.store} | ${run.mode} | ${number(run.records)} | ${number(run.pages)} | ${number(run.wallMs / 1000, 1)} | ${number(run.recordsPerSecond)} | ${number(run.heapGrowthMb, 1)} | ${pair(run.commitMs)} | ${pair(run.lookupMs)} |`);
    }
    lines.push('');
    lines.push(`PostgreSQL full-run records/s ÷ the mean of the two MemoryStateStore full runs: **${number(p7.ratioToMemory, 3)}** (target ≥ 0.70).`);
  }
  const rpr = results.requestsPerRecord;
  if (rpr) {
    lines.push('');
    lines.push(`**Requests per record** — full sync of each model, sandbox with ${rpr.records} candidates; fails when > 5 % over bench/baseline.json.`);
    lines.push('');
    lines.push('| provider | model | records | requests | RPR | stored | change |');
    lines.push('|---|---|---:|---:|---:|---:|---:|');
    for (const model of rpr.models) {
      lines.push(`| ${model.provider} | ${model.model} | ${model.records} | ${model.requests} | ${number(model.requestsPerRecord, 4)} | ${model.stored === null ? 'new' : number(model.stored, 4)} | ${model.change === null ? '—' : `${model.change >= 0 ? '+' : ''}${number(model.change * 100, 1)} %`}${model.regressed ? ' **REGRESSED**' : ''} |`);
    }
    if (rpr.withoutSandbox.length) lines.push(`\nConnectors without a sandbox (not measured): ${rpr.withoutSandbox.join(', ')}.`);
  }
  if (results.engineOverhead) lines.push(...renderEngineOverhead(results.engineOverhead));
  if (results.fleet) lines.push(...renderFleetMarkdown(results.fleet));
  lines.push('');
  lines.push('**Targets**');
  lines.push('');
  lines.push('| scenario | target | measured | met |');
  lines.push('|---|---|---|---|');
  for (const check of results.targets) lines.push(`| ${check.scenario} | ${check.target} | ${check.measured} | ${check.met ? 'yes' : check.gating ? '**no (fails the bench)**' : '**no**'} |`);
  return lines.join('\n');
}
