/**
 * `createSyncEngine`: runs a connector's models in dependency order through `onBatch`, with
 * cursors and content hashes kept in a `StateStore` (docs/sync.md).
 * @module
 */
import { AuthError, ConfigError, NotFoundError, RateLimitError, ValidationError } from '../core/errors.js';
import { tryDecode } from '../core/ids.js';
import { silentLogger } from '../core/logger.js';
import { modelNames, type ModelName } from '../models/registry.js';
import { defaultVolatileFields } from './content-hash.js';
import { runModel, warningsRaised, type ModelRunContext } from './model-run.js';
import { SourceFailure } from './page-reader.js';
import { QuarantineBudget, resolveQuarantineLimit } from './quarantine.js';
import { RunInProgressError, type RunLock } from './run-lock.js';
import { emptyModelReport, overallStatus, type ModelReport, type SkippedModel, type SyncReport } from './report.js';
import { applyEvents as applyEventsTo } from './apply-events.js';
import { deliverDirect, fetchFresh } from './direct.js';
import { Eligibility } from './eligibility.js';
import type { ModelRecord } from '../models/registry.js';
import type { DeletionGuard, SyncEngine, SyncEngineOptions, SyncOneOptions, SyncOneResult, SyncRunOptions } from './types.js';

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
  const eligibility = new Eligibility(options.filter, options.createdAfter, selected, clock, provider);
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
        eligibility,
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

  /** Refuses a bad argument of `syncOne` / `lastSynced`: caller input, so a ValidationError naming it. */
  const badInput = (operation: string, field: string, reason: string) =>
    new ValidationError(`Invalid input for ${operation}: ${field}: ${reason}`, { provider, operation, issues: [{ path: [field], code: 'invalid_value' }], source: 'input', field, reason });
  /** A model this engine syncs and the connector reads, or a ValidationError. */
  const readableModel = (model: ModelName, operation: string) => {
    if (!modelNames.includes(model)) throw badInput(operation, 'model', `unknown model ${JSON.stringify(String(model)).slice(0, 60)}`);
    if (!wanted.has(model)) throw badInput(operation, 'model', `this engine does not sync ${model} (see its models option)`);
    if (!connector.capabilities.models[model]?.read) throw badInput(operation, 'model', `${provider} cannot read ${model}`);
    return model;
  };

  const syncOne = async <M extends ModelName>(model: M, id: string, oneOptions: SyncOneOptions): Promise<SyncOneResult<M>> => {
    readableModel(model, 'syncOne');
    if (typeof oneOptions?.onBatch !== 'function') throw badInput('syncOne', 'onBatch', 'must be a function');
    if (typeof id !== 'string' || id.trim() === '') throw badInput('syncOne', 'id', 'must be a non-empty string');
    const record = await fetchFresh(connector, model, id, oneOptions.signal);
    if (record === null) throw new RecordNotFoundError(provider, model, id);
    const check = eligibility.check(model, record);
    const outcome = await deliverDirect({ source: connector, store, key: { connectionId, model }, eligibility, volatileFields, clock, onBatch: oneOptions.onBatch }, [record], []);
    return { record: record as unknown as ModelRecord<M>, evaluation: check.evaluation, eligible: check.eligible, reasons: check.reasons, changed: outcome.delivered.size > 0 };
  };

  const lastSynced = async (model: ModelName, id: string): Promise<string | null> => {
    if (!modelNames.includes(model)) throw badInput('lastSynced', 'model', `unknown model ${JSON.stringify(String(model)).slice(0, 60)}`);
    if (typeof id !== 'string' || id === '') throw badInput('lastSynced', 'id', 'must be a non-empty string');
    const key = { connectionId, model };
    const decoded = typeof id === 'string' ? tryDecode(id) : null;
    if (decoded !== null && decoded[0] === provider) {
      const [entry] = await store.getEntries(key, [id]);
      return entry?.deliveredAt ?? null;
    }
    // A provider id: the entries keep it, but are keyed by unified id.
    // Exact first; then ignoring case (GUIDs are copied from screens in upper case).
    const lower = String(id).toLowerCase();
    let loose: string | null | undefined;
    for await (const batch of store.listEntries(key)) {
      for (const entry of batch) {
        if (entry.remoteId === id) return entry.deliveredAt ?? null;
        if (loose === undefined && entry.remoteId.toLowerCase() === lower) loose = entry.deliveredAt ?? null;
      }
    }
    return loose ?? null;
  };

  const applyEvents: SyncEngine['applyEvents'] = (events, applyOptions) =>
    applyEventsTo(
      { source: connector, store, eligibility, volatileFields, clock, connectionId, models: new Set(selected.filter((model) => connector.capabilities.models[model]?.read)) },
      events,
      applyOptions,
    );

  return { run, syncOne, lastSynced, applyEvents };
}

/** `syncOne` found no such record at the provider: a `NotFoundError` naming the model and the id. */
export class RecordNotFoundError extends NotFoundError {
  /** The model asked for. */
  readonly model: ModelName;
  /** The id asked for (unified or provider id, as given). */
  readonly id: string;
  constructor(provider: string, model: ModelName, id: string) {
    super(`No ${model} record ${JSON.stringify(String(id).slice(0, 200))} at ${provider}`, { provider, operation: 'syncOne' });
    this.model = model;
    this.id = id;
  }
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
