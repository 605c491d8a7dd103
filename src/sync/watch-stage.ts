/**
 * `watchStage`: the stage watchdog on top of the engine's stage changes. It calls `onEnter` for
 * every application that enters one stage (of one job, or of any job), once per entry: the engine
 * remembers each application's stage in its state, so a restart, a replayed page or a webhook
 * followed by a poll never reports an entry twice, while an application that leaves the stage and
 * comes back is reported again.
 * @module
 */
import { ConfigError } from '../core/errors.js';
import type { Application } from '../models/application.js';
import type { SyncReport } from './report.js';
import type { AnySyncBatch, ApplyEventsResult, StageChange, SyncEngine, SyncEvent, SyncRunOptions } from './types.js';

/** Options of {@link watchStage}. */
export interface WatchStageOptions {
  /** The engine (its `models` must include `applications`). */
  engine: SyncEngine;
  /** Only applications to this job (unified id); omit to watch the stage in every job. */
  jobId?: string;
  /** The stage to watch (the unified id applications carry in `current_stage_id`). */
  stageId: string;
  /**
   * Called for each application entering the stage, before the batch is acknowledged: if it
   * throws, the batch is delivered again by the next run (so make it idempotent, keyed by
   * `change.application_id` and `change.changed_at`).
   */
  onEnter: (change: StageChange, application: Application) => void | Promise<void>;
  /**
   * Whether applications already in the stage when the engine first sees them count as entering
   * (`change.initial`; default true: "invite everyone in the stage"). False: newcomers only.
   */
  includeInitial?: boolean;
  /** Your own batch handler, called first for every batch (write the records to your database). */
  onBatch?: (batch: AnySyncBatch) => Promise<void>;
}

/** A stage watchdog bound to an engine. */
export interface StageWatcher {
  /** Runs the engine once (`mode` defaults to `delta`) and calls `onEnter` for each entry. */
  run(options?: Partial<Omit<SyncRunOptions, 'onBatch'>>): Promise<SyncReport>;
  /** Applies webhook events through the engine and calls `onEnter` for each entry they reveal. */
  applyEvents(events: readonly SyncEvent[], options?: { signal?: AbortSignal }): Promise<ApplyEventsResult>;
  /** The batch handler doing the watching, to pass to your own `engine.run` / `syncOne` calls. */
  onBatch(batch: AnySyncBatch): Promise<void>;
}

/**
 * Watches one stage.
 *
 * @example
 * ```ts
 * const watcher = watchStage({ engine, jobId, stageId: interviewStage, onEnter: async (change) => invite(change.candidate_id) });
 * await watcher.run(); // every few minutes, or after each webhook: watcher.applyEvents(events)
 * ```
 */
export function watchStage(options: WatchStageOptions): StageWatcher {
  const { engine, jobId, stageId, onEnter } = options;
  if (typeof stageId !== 'string' || stageId === '') throw new ConfigError('watchStage needs a stageId', { provider: 'sync', operation: 'watchStage' });
  if (typeof onEnter !== 'function') throw new ConfigError('watchStage needs an onEnter function', { provider: 'sync', operation: 'watchStage' });
  const includeInitial = options.includeInitial ?? true;
  const onBatch = async (batch: AnySyncBatch): Promise<void> => {
    await options.onBatch?.(batch);
    if (batch.model !== 'applications') return;
    const byId = new Map(batch.upserted.map((application) => [application.id, application]));
    for (const change of batch.stageChanges) {
      if (change.to_stage_id !== stageId) continue;
      if (jobId !== undefined && change.job_id !== jobId) continue;
      if (change.initial && !includeInitial) continue;
      const application = byId.get(change.application_id);
      if (application) await onEnter(change, application);
    }
  };
  return {
    run: (runOptions = {}) => engine.run({ mode: 'delta', ...runOptions, onBatch }),
    applyEvents: (events, applyOptions = {}) => engine.applyEvents(events, { ...applyOptions, onBatch }),
    onBatch,
  };
}
