/**
 * The fleet simulation's arithmetic: from the measured costs (measure.ts, the fleet bench) and
 * written-down assumptions, what 10,000 connections on a 6-hour schedule need. Pure functions.
 */
import type { ProviderName } from '../../src/connectors/index.js';
import type { RateLimitOptions } from '../../src/core/rate-limit.js';
import { sharedSpacingMs } from '../../src/fleet/shared-limiter.js';
import type { LimiterCost, PostgresCapacity, ProviderCost } from './measure.js';

/** Per-run costs of the fleet itself, from the fleet bench (`bench/results/*.json`, `fleet.scheduled`). */
export interface FleetRunCost {
  redisCpuMsPerRun: number;
  serverRedisCommandsPerRun: number;
  postgresStatementsPerRun: number;
  workerCpuMsPerRun: number;
}

/** Everything assumed rather than measured. */
export interface Assumptions {
  connections: number;
  periodMs: number;
  /** Full runs (deletions) this often; one table per value. */
  fullEveryMs: number[];
  /** Account sizes (candidates): shares of connections drawn uniformly in [min, max]. */
  sizes: { share: number; min: number; max: number }[];
  /** Share of an account's records that change in one period. */
  changedShare: number;
  /** Provider round trip per request, ms (INFERRED: not measurable here). */
  latencyMs: Record<ProviderName, number>;
  /** Runs one worker process holds at once. */
  workerConcurrency: number;
  /** Share of one core a worker process may use for CPU work. */
  workerCpuShare: number;
  /** Peak over average concurrent runs (jitter spreads them; this covers the variance). */
  peakFactor: number;
  /** Jarvi: requests per business hour its 300 s execution budget allows (≈ 1.5 s each). */
  jarviBusinessHourRequests: number;
  seed: number;
}

/** Documented limits (each connector's descriptor `rateLimit`) and page sizes. */
export const providerLimits: Record<ProviderName, { rateLimit: RateLimitOptions | false; pageSize: number }> = {
  teamtailor: { rateLimit: { requests: 50, intervalMs: 10_000 }, pageSize: 30 },
  gem: { rateLimit: { requests: 20, intervalMs: 1_000 }, pageSize: 500 },
  crelate: { rateLimit: { requests: 120, intervalMs: 60_000 }, pageSize: 100 },
  flatchr: { rateLimit: { requests: 2, intervalMs: 1_000 }, pageSize: 100 },
  jarvi: { rateLimit: false, pageSize: 100 },
};

/** The assumptions of the documented run (docs/fleet.md). */
export const defaultAssumptions: Assumptions = {
  connections: 10_000,
  periodMs: 6 * 3_600_000,
  fullEveryMs: [24 * 3_600_000, 7 * 24 * 3_600_000],
  sizes: [
    { share: 0.8, min: 1_000, max: 5_000 },
    { share: 0.15, min: 5_000, max: 20_000 },
    { share: 0.05, min: 50_000, max: 100_000 },
  ],
  changedShare: 0.02,
  latencyMs: { teamtailor: 300, gem: 300, crelate: 300, flatchr: 300, jarvi: 1_500 },
  workerConcurrency: 50,
  workerCpuShare: 0.7,
  peakFactor: 1.5,
  jarviBusinessHourRequests: 200,
  seed: 42,
};

/** How long one request of a connection takes, in seconds: the limiter's spacing, the round trip, or the client's work on the page. */
export function secondsPerRequest(cost: ProviderCost, assumptions: Assumptions, recordsPerRequest: number): number {
  const { rateLimit } = providerLimits[cost.provider];
  const spacing = rateLimit ? sharedSpacingMs(rateLimit, 250) / 1000 : 0;
  const processing = (recordsPerRequest * cost.cpuMicrosecondsPerRecord) / 1e6;
  return Math.max(spacing, assumptions.latencyMs[cost.provider] / 1000, processing);
}

/** Requests of a full sync of `candidates`. */
export function fullRequests(cost: ProviderCost, candidates: number): number {
  return Math.max(1, Math.round(cost.fullBase + cost.fullPerCandidate * candidates));
}

/** Requests of a delta of `candidates` in which `changed` records changed. */
export function deltaRequests(cost: ProviderCost, candidates: number, changed: number): number {
  const empty = Math.max(1, Math.round(cost.deltaBase + cost.deltaPerCandidate * candidates));
  return Math.min(fullRequests(cost, candidates), empty + Math.ceil(changed / providerLimits[cost.provider].pageSize));
}

/** One row of the first-sync table. */
export interface FirstSyncRow {
  provider: ProviderName;
  candidates: number;
  records: number;
  requests: number;
  /** At the limit alone (requests × the shared limiter's spacing), seconds; null without a limit. */
  limitFloorSeconds: number | null;
  /** With the assumed round trip (sequential pages), seconds. */
  seconds: number;
  /** Jarvi in business hours (execution budget), seconds; null elsewhere. */
  businessHoursSeconds: number | null;
}

/** First (full) sync time per provider and size. */
export function firstSyncTable(costs: ProviderCost[], assumptions: Assumptions, sizes = [1_000, 5_000, 50_000]): FirstSyncRow[] {
  return costs.flatMap((cost) =>
    sizes.map((candidates) => {
      const requests = fullRequests(cost, candidates);
      const records = Math.round(cost.recordsPerCandidate * candidates);
      const { rateLimit } = providerLimits[cost.provider];
      return {
        provider: cost.provider,
        candidates,
        records,
        requests,
        limitFloorSeconds: rateLimit ? (requests * sharedSpacingMs(rateLimit, 250)) / 1000 : null,
        seconds: requests * secondsPerRequest(cost, assumptions, records / requests),
        businessHoursSeconds: cost.provider === 'jarvi' ? (requests / assumptions.jarviBusinessHourRequests) * 3_600 : null,
      };
    }),
  );
}

/** A deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The simulated connections: provider (round robin) and size (drawn from the assumed shares). */
export function connections(assumptions: Assumptions, costs: ProviderCost[]): { cost: ProviderCost; candidates: number }[] {
  const next = random(assumptions.seed);
  return Array.from({ length: assumptions.connections }, (_, index) => {
    const roll = next();
    let edge = 0;
    const band = assumptions.sizes.find((entry) => (edge += entry.share) >= roll) ?? assumptions.sizes.at(-1)!;
    return { cost: costs[index % costs.length]!, candidates: Math.round(band.min + next() * (band.max - band.min)) };
  });
}

/** The steady state for one full-run period. */
export interface SteadyState {
  fullEveryMs: number;
  runsPerSecond: number;
  requestsPerSecond: number;
  /** Runs in progress on average, and what the workers must hold at the assumed peak. */
  averageConcurrentRuns: number;
  peakConcurrentRuns: number;
  workerCores: number;
  workers: number;
  /** Share of one Redis core used by the fleet (runs plus limiter requests). */
  redisCoreShare: number;
  /** Connections at which Redis reaches 80 % of its one core. */
  redisSaturatesAt: number;
  postgresRowsPerSecond: number;
  postgresStatementsPerSecond: number;
  /** Connections at which the rows/s measured here are reached (entry writes dominate PostgreSQL's work). */
  postgresSaturatesAt: number;
}

/** Averages over a day of 10,000 connections (or the assumed count). */
export function steadyState(
  costs: ProviderCost[],
  assumptions: Assumptions,
  fleetRun: FleetRunCost,
  limiter: LimiterCost,
  postgres: PostgresCapacity,
  fullEveryMs: number,
): SteadyState {
  const day = 86_400;
  const runsPerConnection = (day * 1000) / assumptions.periodMs;
  const fullsPerConnection = Math.min(runsPerConnection, (day * 1000) / fullEveryMs);
  const deltasPerConnection = runsPerConnection - fullsPerConnection;
  let busySeconds = 0;
  let requests = 0;
  let limitedRequests = 0;
  let cpuSeconds = 0;
  let rows = 0;
  let pages = 0;
  for (const { cost, candidates } of connections(assumptions, costs)) {
    const records = cost.recordsPerCandidate * candidates;
    const full = fullRequests(cost, candidates);
    const changed = assumptions.changedShare * records;
    const delta = deltaRequests(cost, candidates, changed);
    const fullSeconds = full * secondsPerRequest(cost, assumptions, records / full);
    const deltaSeconds = delta * secondsPerRequest(cost, assumptions, changed / delta);
    busySeconds += fullsPerConnection * fullSeconds + deltasPerConnection * deltaSeconds;
    const connectionRequests = fullsPerConnection * full + deltasPerConnection * delta;
    requests += connectionRequests;
    if (providerLimits[cost.provider].rateLimit) limitedRequests += connectionRequests;
    const processed = fullsPerConnection * records + deltasPerConnection * changed;
    cpuSeconds += (processed * cost.cpuMicrosecondsPerRecord) / 1e6 + (runsPerConnection * fleetRun.workerCpuMsPerRun) / 1000;
    // A full run writes every entry (its scan mark); a delta only the changed ones.
    rows += processed;
    pages += fullsPerConnection * (records / 100) + deltasPerConnection * Math.max(1, changed / 100);
  }
  const runsPerSecond = (assumptions.connections * runsPerConnection) / day;
  const averageConcurrentRuns = busySeconds / day;
  const peakConcurrentRuns = averageConcurrentRuns * assumptions.peakFactor;
  const workerCores = cpuSeconds / day;
  const redisMsPerSecond = runsPerSecond * fleetRun.redisCpuMsPerRun + (limitedRequests / day) * limiter.redisCpuMsPerRequest;
  const redisCoreShare = redisMsPerSecond / 1000;
  const postgresRowsPerSecond = rows / day;
  const postgresStatementsPerSecond = (pages * postgres.statementsPerPage) / day + runsPerSecond * fleetRun.postgresStatementsPerRun;
  const postgresLoad = postgresRowsPerSecond / postgres.rowsPerSecond;
  return {
    fullEveryMs,
    runsPerSecond,
    requestsPerSecond: requests / day,
    averageConcurrentRuns,
    peakConcurrentRuns,
    workerCores,
    workers: Math.max(Math.ceil(peakConcurrentRuns / assumptions.workerConcurrency), Math.ceil(workerCores / assumptions.workerCpuShare)),
    redisCoreShare,
    redisSaturatesAt: Math.floor((assumptions.connections * 0.8) / redisCoreShare),
    postgresRowsPerSecond,
    postgresStatementsPerSecond,
    postgresSaturatesAt: Math.floor(assumptions.connections / postgresLoad),
  };
}

/** The first wave: every connection's first sync within its first period (jitter spreads them). */
export function firstWave(costs: ProviderCost[], assumptions: Assumptions, postgres: PostgresCapacity, fleetRun: FleetRunCost, limiter: LimiterCost) {
  let records = 0;
  let busySeconds = 0;
  let cpuSeconds = 0;
  let limitedRequests = 0;
  for (const { cost, candidates } of connections(assumptions, costs)) {
    const connectionRecords = cost.recordsPerCandidate * candidates;
    const requests = fullRequests(cost, candidates);
    records += connectionRecords;
    busySeconds += requests * secondsPerRequest(cost, assumptions, connectionRecords / requests);
    cpuSeconds += (connectionRecords * cost.cpuMicrosecondsPerRecord) / 1e6 + fleetRun.workerCpuMsPerRun / 1000;
    if (providerLimits[cost.provider].rateLimit) limitedRequests += requests;
  }
  const period = assumptions.periodMs / 1000;
  const rowsPerSecond = records / period;
  const concurrentRuns = busySeconds / period;
  const workerCores = cpuSeconds / period;
  return {
    records,
    rowsPerSecond,
    concurrentRuns,
    workerCores,
    workers: Math.max(Math.ceil((concurrentRuns * assumptions.peakFactor) / assumptions.workerConcurrency), Math.ceil(workerCores / assumptions.workerCpuShare)),
    postgresLoad: rowsPerSecond / postgres.rowsPerSecond,
    redisCoreShare: ((assumptions.connections / period) * fleetRun.redisCpuMsPerRun + (limitedRequests / period) * limiter.redisCpuMsPerRequest) / 1000,
  };
}
