/**
 * One run of one connection, as a worker processes it: decide the mode, build the connector
 * through the caller's `resolve`, run the sync engine on the shared state store, judge the
 * outcome, write the status, tell every listener.
 *
 * The job is handed back to the queue, never failed, when the run could not do its work here:
 * the worker drains (back to waiting, for another worker), another run holds the connection's
 * lock (delayed, retried a few times), or the provider asked to wait (delayed by its Retry-After,
 * a few times). While the job exists its deduplication id stays taken, so no second run of the
 * connection is queued meanwhile.
 * @module
 */
import type { Job } from 'bullmq';
import type { Logger } from '../core/logger.js';
import type { PostgresStateStore } from '../postgres/postgres-state-store.js';
import { createSyncEngine } from '../sync/engine.js';
import type { SyncReport } from '../sync/report.js';
import { RunInProgressError } from '../sync/run-lock.js';
import { countsOf, describeError, judgeRun, type RunVerdict } from './health.js';
import type { LimiterFactory } from '../core/rate-limit.js';
import type { FleetPeers } from './peers.js';
import type { RunContext, StatusTable } from './status-table.js';
import type { ResolveConnection, ResolvedConnection, RunFinishedEvent, RunSummary } from './types.js';

/** The data of a run job. */
export interface RunJobData {
  connectionId: string;
  trigger: 'schedule' | 'now';
  /** When it was due (epoch ms). */
  dueAt: number;
  /** Asked for explicitly (`syncNow({ mode: 'full' })`). */
  mode?: 'delta' | 'full';
  /** Times this run found its connection busy. */
  busyRetries?: number;
  /** Times the provider's limit stopped this run. */
  rateLimitRetries?: number;
}

/** What a finished run job returns (kept small: BullMQ stores it). */
export interface RunJobResult {
  status: RunSummary['status'];
  health: RunFinishedEvent['health'] | null;
}

/** Everything a run needs from its worker. */
export interface RunDependencies {
  peers: FleetPeers;
  store: PostgresStateStore;
  statuses: StatusTable;
  resolve: ResolveConnection;
  limiter: LimiterFactory;
  logger: Logger;
  failuresBeforeRed: number;
  busyRetryMs: number;
  maxBusyRetries: number;
  rateLimitRetries: number;
  maxRetryAfterMs: number;
  /** True once the worker drains: runs stop between pages and go back to the queue. */
  isDraining(): boolean;
  /** The next scheduled run of a connection (UTC ISO), or null. */
  nextRunAt(connectionId: string): Promise<string | null>;
  /** Removes the connection's job scheduler (the status row is written by the run). */
  stopSchedule(connectionId: string): Promise<void>;
  /** Sends `run:finished` to every listener. */
  publish(event: RunFinishedEvent): Promise<void>;
  clock(): number;
}

/** Processes one run job. `signal` aborts when the worker drains or loses the job. */
export async function processRun(job: Job<RunJobData>, token: string | undefined, signal: AbortSignal, dependencies: RunDependencies): Promise<RunJobResult> {
  const { statuses, peers } = dependencies;
  const { connectionId } = job.data;
  if (dependencies.isDraining()) return handBack(job, token, dependencies);
  const context = await statuses.markRunning(connectionId);
  if (job.data.trigger === 'schedule' && (!context.enabled || !context.schedule)) {
    // Unscheduled, or refused credentials, after this tick was queued: nothing to run.
    await statuses.markState(connectionId, 'idle');
    return { status: 'skipped', health: null };
  }
  const mode = chooseMode(job.data, context, dependencies.clock());
  const startedAt = dependencies.clock();
  let resolved: ResolvedConnection | null = null;
  let outcome: { report: SyncReport } | { error: Error };
  try {
    resolved = await dependencies.resolve(connectionId, { limiter: dependencies.limiter, mode, signal });
    const engine = createSyncEngine({
      logger: dependencies.logger,
      ...resolved.engine,
      connector: resolved.connector,
      store: dependencies.store,
      connectionId,
      ...(resolved.models ? { models: resolved.models } : {}),
    });
    outcome = { report: await engine.run({ mode, onBatch: resolved.onBatch, signal }) };
  } catch (error) {
    if (error instanceof RunInProgressError) {
      await closeConnector(resolved, dependencies.logger);
      return whenBusy(job, token, dependencies);
    }
    outcome = { error: error instanceof Error ? error : new Error(String(error)) };
  }
  await closeConnector(resolved, dependencies.logger);
  if ('report' in outcome && outcome.report.aborted && signal.aborted) {
    // Drained (or the job's lock was lost): the checkpoints made so far stay; another worker resumes.
    await statuses.markState(connectionId, 'queued');
    if (dependencies.isDraining()) return handBack(job, token, dependencies);
    throw new Error(`run of ${connectionId} stopped: ${String(signal.reason)}`);
  }
  const verdict = judgeRun(outcome, context.consecutiveFailures, dependencies.failuresBeforeRed);
  const run = summarise(job, mode, verdict, outcome, startedAt, dependencies.clock());
  if (verdict.authFailed) await dependencies.stopSchedule(connectionId);
  const nextRunAt = verdict.authFailed ? null : await dependencies.nextRunAt(connectionId);
  const report = 'report' in outcome ? outcome.report : null;
  await statuses.recordRun(connectionId, {
    run,
    health: verdict.health,
    healthReason: verdict.healthReason,
    consecutiveFailures: verdict.consecutiveFailures,
    fullCompleted: report !== null && report.mode === 'full' && report.status === 'ok',
    nextRunAt,
  });
  if (verdict.authFailed) await statuses.disable(connectionId, verdict.healthReason);
  dependencies.logger.info?.('run:finished', { connectionId, runId: run.runId, mode, status: run.status, health: verdict.health, startedAt: run.startedAt, finishedAt: run.finishedAt });
  await dependencies.publish({
    connectionId,
    run,
    health: verdict.health,
    healthReason: verdict.healthReason,
    consecutiveFailures: verdict.consecutiveFailures,
    enabled: !verdict.authFailed && context.enabled,
  });
  if (report?.status === 'rate_limited') {
    const retries = job.data.rateLimitRetries ?? 0;
    const wait = report.retryAfterMs ?? dependencies.busyRetryMs;
    if (retries < dependencies.rateLimitRetries && wait <= dependencies.maxRetryAfterMs) {
      await job.updateData({ ...job.data, rateLimitRetries: retries + 1 });
      await statuses.markState(connectionId, 'queued');
      await job.moveToDelayed(dependencies.clock() + wait, token);
      throw new peers.bullmq.DelayedError();
    }
  }
  return { status: run.status, health: verdict.health };
}

/** Full when asked (`syncNow`), when the schedule says so, or when the last full run is too old. */
function chooseMode(data: RunJobData, context: RunContext, now: number): 'delta' | 'full' {
  if (data.mode === 'full' || context.fullRequestedAt !== null) return 'full';
  const schedule = context.schedule;
  if (!schedule) return data.mode ?? 'delta';
  if (schedule.mode === 'full') return 'full';
  if (schedule.fullEvery !== null && (context.lastFullAt === null || now - context.lastFullAt >= schedule.fullEvery)) return 'full';
  return 'delta';
}

function summarise(
  job: Job<RunJobData>,
  mode: 'delta' | 'full',
  verdict: RunVerdict,
  outcome: { report: SyncReport } | { error: Error },
  startedAt: number,
  finishedAt: number,
): RunSummary {
  const report = 'report' in outcome ? outcome.report : null;
  return {
    runId: String(job.id),
    mode,
    trigger: job.data.trigger,
    status: verdict.status,
    dueAt: Number.isFinite(job.data.dueAt) ? new Date(job.data.dueAt).toISOString() : null,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    models: report ? countsOf(report) : {},
    error: verdict.error ?? (report?.error ? describeError(report.error) : null),
    retryAfterMs: report?.retryAfterMs ?? null,
  };
}

/** Puts the job back in the waiting list for another worker (this one is draining). */
async function handBack(job: Job<RunJobData>, token: string | undefined, dependencies: RunDependencies): Promise<never> {
  await job.moveToWait(token);
  throw new dependencies.peers.bullmq.WaitingError();
}

/**
 * Another run holds the connection's lock (one that outlived its job's lock, or a run started
 * outside the fleet): wait and try again a few times, then give up until the next schedule.
 */
async function whenBusy(job: Job<RunJobData>, token: string | undefined, dependencies: RunDependencies): Promise<RunJobResult> {
  const retries = job.data.busyRetries ?? 0;
  if (retries >= dependencies.maxBusyRetries) {
    await dependencies.statuses.markState(job.data.connectionId, 'idle');
    dependencies.logger.warn?.('fleet run skipped: another run holds the connection', { connectionId: job.data.connectionId });
    return { status: 'skipped', health: null };
  }
  await job.updateData({ ...job.data, busyRetries: retries + 1 });
  await dependencies.statuses.markState(job.data.connectionId, 'queued');
  await job.moveToDelayed(dependencies.clock() + dependencies.busyRetryMs, token);
  throw new dependencies.peers.bullmq.DelayedError();
}

async function closeConnector(resolved: ResolvedConnection | null, logger: Logger): Promise<void> {
  try {
    await resolved?.connector.close?.();
  } catch (error) {
    logger.warn?.('fleet could not close a connector', { error: describeError(error instanceof Error ? error : new Error(String(error))).message });
  }
}
