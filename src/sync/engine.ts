/**
 * `createSyncEngine`: runs a connector's models in dependency order through `onBatch`, with
 * cursors and content hashes kept in a `StateStore` (contract §8, reliability §1.3).
 * @module
 */
import { AuthError, ConfigError, RateLimitError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { modelNames, type ModelName } from '../models/registry.js';
import { defaultVolatileFields } from './content-hash.js';
import { runModel, warningsRaised, type ModelRunContext } from './model-run.js';
import { SourceFailure } from './page-reader.js';
import { QuarantineBudget, resolveQuarantineLimit } from './quarantine.js';
import { RunInProgressError, type RunLock } from './run-lock.js';
import { emptyModelReport, overallStatus, type ModelReport, type SkippedModel, type SyncReport } from './report.js';
import type { DeletionGuard, SyncEngine, SyncEngineOptions, SyncRunOptions } from './types.js';

/** Default hard cap on pages per model and run. */
const defaultMaxPages = 100_000;
/**
 * Default cap on deletion lookups per model and run: deletions are rare between full runs, and
 * each lookup is a request against the provider's rate limit; the rest wait for the next run.
 */
const defaultMaxDeletionLookups = 100;

/**
 * Creates a sync engine for one connection.
 *
 * @example
 * ```ts
 * const engine = createSyncEngine({ connector: ats, store: new FileStateStore('./.ats-state'), connectionId: 'acme' });
 * const report = await engine.run({ mode: 'delta', onBatch: async (batch) => db.apply(batch) });
 * ```
 */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { connector, store, connectionId } = options;
  const provider = connector.provider;
  const configError = (message: string) => new ConfigError(message, { provider, operation: 'createSyncEngine' });
  if (typeof connectionId !== 'string' || connectionId === '') throw configError('connectionId must be a non-empty string');
  const wanted = new Set<ModelName>(options.models ?? modelNames);
  for (const model of wanted) if (!modelNames.includes(model)) throw configError(`Unknown model ${JSON.stringify(model)}`);
  const maxDeletionLookups = options.maxDeletionLookups ?? defaultMaxDeletionLookups;
  if (!Number.isInteger(maxDeletionLookups) || maxDeletionLookups < 0) throw configError('maxDeletionLookups must be a non-negative integer');
  const lookbackMs = options.lookbackMs ?? connector.capabilities.delta_lookback_ms;
  if (!Number.isFinite(lookbackMs) || lookbackMs < 0) throw configError('lookbackMs must be a non-negative number');
  let quarantineLimit: ReturnType<typeof resolveQuarantineLimit>;
  try {
    quarantineLimit = resolveQuarantineLimit(options.quarantineLimit);
  } catch (error) {
    throw configError((error as Error).message);
  }
  const deletionGuard = resolveDeletionGuard(options.deletionGuard, configError);
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? Date.now;
  const volatileFields = new Set(options.volatileFields ?? defaultVolatileFields);
  // Dependency order comes from the registry, whatever order the caller listed the models in.
  const selected = modelNames.filter((model) => wanted.has(model));
  let running = false;

  const run = async (runOptions: SyncRunOptions): Promise<SyncReport> => {
    if (running) throw new ConfigError('This engine is already running; runs of one connection must not overlap.', { provider, operation: 'run' });
    running = true;
    try {
      // Every model this run may touch is locked up front, all or none: a second run on the same
      // connection and model (another engine, another process) gets RunInProgressError here.
      const readable = selected.filter((model) => connector.capabilities.models[model]?.read);
      let lock: RunLock | undefined;
      try {
        lock = readable.length > 0 ? await store.acquireRunLock?.(connectionId, readable) : undefined;
      } catch (error) {
        if (error instanceof RunInProgressError) throw error;
        // The store cannot be reached: a failed run, like any other store failure.
        return await runOnce(runOptions, asError(error));
      }
      try {
        return await runOnce(runOptions, null);
      } finally {
        await lock?.release().catch((error: unknown) => logger.warn?.('sync run lock release failed', { error: asError(error).message }));
      }
    } finally {
      running = false;
    }
  };

  const runOnce = async ({ mode, onBatch, signal, onProgress }: SyncRunOptions, startError: Error | null): Promise<SyncReport> => {
    const started = clock();
    const skipped: SkippedModel[] = [];
    const reports: ModelReport[] = [];
    for (const model of selected) {
      const capability = connector.capabilities.models[model];
      if (capability?.read) reports.push(emptyModelReport(model, null));
      else skipped.push({ model, reason: capability?.note ?? `${provider} cannot read ${model}` });
    }
    const quarantine = new QuarantineBudget(quarantineLimit, provider);
    let fatal = startError !== null;
    let aborted = false;
    let runError: Error | null = startError;
    let retryAfterMs: number | null = null;
    for (const report of startError ? [] : reports) {
      if (signal?.aborted) {
        aborted = true;
        break;
      }
      const context: ModelRunContext = {
        source: connector,
        store,
        key: { connectionId, model: report.model },
        mode,
        lookbackMs,
        ordered: connector.capabilities.models[report.model].ordered,
        volatileFields,
        maxPages: options.maxPagesPerModel ?? defaultMaxPages,
        maxDeletionLookups,
        deletionGuard,
        pageSize: options.pageSize,
        clock,
        logger,
        quarantine,
        onBatch,
        onProgress,
        signal,
      };
      try {
        await runModel(context, report);
        report.status = 'ok';
        logger.info?.('sync model done', summary(report));
        continue;
      } catch (raw) {
        const fromSource = raw instanceof SourceFailure;
        const error = asError(fromSource ? raw.error : raw);
        report.error = error;
        if (signal?.aborted) {
          report.status = 'aborted';
          aborted = true;
          break;
        }
        if (fromSource && error instanceof RateLimitError) {
          report.status = 'rate_limited';
          retryAfterMs = error.retryAfterMs;
          runError = error;
          break;
        }
        report.status = 'failed';
        runError ??= error;
        logger.warn?.('sync model failed', { ...summary(report), error: error.name, message: error.message });
        // The sink, the store and the engine's own limits stop the run; so do refused credentials
        // and bad options. Any other connector failure is the model's alone: the next model runs.
        if (!fromSource || error instanceof AuthError || error instanceof ConfigError) {
          fatal = true;
          runError = error;
          break;
        }
      }
    }
    await fillCursorsOfModelsNotRun(reports);
    const finished = clock();
    return {
      connectionId,
      provider,
      mode,
      status: overallStatus(reports, fatal, aborted),
      retryAfterMs,
      error: runError,
      aborted,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      durationMs: finished - started,
      models: reports,
      skipped,
      warnings: reports.reduce((sum, report) => sum + warningsRaised(report), 0),
      quarantined: reports.reduce((sum, report) => sum + report.quarantined.length, 0),
    };
  };

  /** Best effort: the report shows each model's stored cursor even when the run never reached it. */
  const fillCursorsOfModelsNotRun = async (reports: ModelReport[]) => {
    for (const report of reports) {
      if (report.status !== 'not_run') continue;
      try {
        const state = await store.getState({ connectionId, model: report.model });
        report.cursorBefore = report.cursorAfter = state?.cursor ?? null;
      } catch {
        // The store is failing; the run's error already says so.
      }
    }
  };

  return { run };
}

/** Default deletion guard: more than a fifth of the known records, and at least ten, missing at once. */
const defaultDeletionGuard: Required<DeletionGuard> = { maxShare: 0.2, minRecords: 10 };

function resolveDeletionGuard(option: DeletionGuard | false | undefined, configError: (message: string) => ConfigError): Required<DeletionGuard> | null {
  if (option === false) return null;
  const guard = { ...defaultDeletionGuard, ...option };
  if (!(guard.maxShare >= 0 && guard.maxShare <= 1)) throw configError('deletionGuard.maxShare must be between 0 and 1');
  if (!Number.isInteger(guard.minRecords) || guard.minRecords < 0) throw configError('deletionGuard.minRecords must be a non-negative integer');
  return guard;
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

function summary(report: ModelReport): Record<string, unknown> {
  return {
    model: report.model,
    fetched: report.fetched,
    upserted: report.upserted,
    unchanged: report.unchanged,
    deleted: report.deleted,
    deletionsPending: report.deletionsPending,
    quarantined: report.quarantined.length,
    requests: report.requests,
    durationMs: report.durationMs,
    cursorBefore: report.cursorBefore,
    cursorAfter: report.cursorAfter,
  };
}
