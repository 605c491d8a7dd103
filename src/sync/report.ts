/**
 * What a run reports: per model counts and cursors, and one overall status.
 *
 * Scenario ids such as E9 are defined in docs/scenarios.md.
 * @module
 */
import type { QuarantinedRecord } from '../core/stream.js';
import type { ModelName } from '../models/registry.js';

/**
 * How a run ended:
 * - `ok`: every model ran to the end;
 * - `partial`: some models failed (the others completed), the run was aborted by its signal, or
 *   the deletion guard held back a complete scan's deletions;
 * - `rate_limited`: the provider's rate limit stopped the run; try again after `retryAfterMs`;
 * - `failed`: an error stopped the run (the sink or the store threw, credentials were refused,
 *   the quarantine limit was passed), or every model failed.
 * In every case, every page acknowledged by `onBatch` is kept in the cursors.
 */
export type SyncRunStatus = 'ok' | 'partial' | 'rate_limited' | 'failed';

/** How one model's part of the run ended (`not_run`: the run stopped before reaching it). */
export type ModelRunStatus = 'ok' | 'failed' | 'rate_limited' | 'aborted' | 'not_run';

/** What happened to one model. */
export interface ModelReport {
  /** The model. */
  model: ModelName;
  /** How its part of the run ended. */
  status: ModelRunStatus;
  /** Valid records received from the provider (replays and unchanged ones included). */
  fetched: number;
  /** Records delivered as new or changed. */
  upserted: number;
  /** Records received but not delivered because their content was already delivered. */
  unchanged: number;
  /** Records received but not delivered because a newer version was already delivered (E9). */
  stale: number;
  /** Records delivered as deleted (provider flags, plus a full scan's sweep). */
  deleted: number;
  /**
   * Records received but not delivered because they fail the engine's `filter` rules or
   * `createdAfter` (see `filteredRecords` for the reasons).
   */
  filtered: number;
  /** The first 100 filtered records of the run, each with its reasons. */
  filteredRecords: FilteredRecord[];
  /** Records delivered earlier that stopped passing `filter` / `createdAfter`, delivered in `ineligible`. */
  ineligible: number;
  /** Stage changes delivered (applications only; first sightings included). */
  stageChanges: number;
  /**
   * Full runs: records the complete scan did not return whose deletion is not confirmed yet (a
   * first miss for a model without a single-record getter, or lookups capped or failing). They
   * stay live; the next complete full run decides.
   */
  deletionsPending: number;
  /** Full runs: single-record lookups made to confirm deletions (included in `requests`). */
  deletionLookups: number;
  /**
   * Full runs: records the complete scan missed that the deletion guard held back, because more
   * than its share of the known records went missing at once (none was delivered as deleted, and a
   * `deletion_guard` warning gives the counts). Non-zero makes the run `partial`.
   */
  deletionsHeld: number;
  /**
   * Records a full run delivered that a delta run should have delivered earlier (changed before
   * the last delta's lower bound): visibility lag beyond the lookback, or a provider that changed
   * content without its timestamp (E11). Non-zero means the lookback or schedule needs a look.
   */
  drift: number;
  /**
   * Records set aside: failed validation in the connector, or (`reason: 'content'`) could not be
   * processed by the engine (nested past its depth limit, an invalid `changed_at`). Remote id and
   * issue paths, never values. They are not delivered, and never swept as deleted.
   */
  quarantined: QuarantinedRecord[];
  /** HTTP requests the connector made for this model (retries included). */
  requests: number;
  /** Provider pages read. */
  pages: number;
  /** Wall time of this model's part, in milliseconds. */
  durationMs: number;
  /** The stored cursor when the model started (UTC ISO, or null). */
  cursorBefore: string | null;
  /** The stored cursor when the model ended. */
  cursorAfter: string | null;
  /** The `since` sent to the connector (cursor minus lookback), or null for everything. */
  since: string | null;
  /**
   * Full runs: `complete` when the scan read every page (deletions were then swept), `interrupted`
   * when it did not (nothing was swept, so nothing was deleted).
   */
  fullScan: 'complete' | 'interrupted' | null;
  /**
   * Non-fatal notes (the connector's page warnings, a stream stopped after empty pages, the
   * deletion guard), each listed once, at most 100 per model; every one is also logged.
   */
  warnings: string[];
  /** What stopped this model, when something did. */
  error: Error | null;
}

/** A model the run did not read, and why. */
export interface SkippedModel {
  /** The model. */
  model: ModelName;
  /** Why (the connector's capability note, when it has one). */
  reason: string;
}

/** The result of one {@link SyncEngine.run}. */
export interface SyncReport {
  /** The connection the run was for. */
  connectionId: string;
  /** The provider. */
  provider: string;
  /** `delta` or `full`. */
  mode: 'delta' | 'full';
  /** How the run ended. */
  status: SyncRunStatus;
  /** When the provider's rate limit stopped the run: how long it asked to wait (ms), when it said. */
  retryAfterMs: number | null;
  /** The error that stopped the run (or the first model error), or null. */
  error: Error | null;
  /** Whether the run's signal aborted it. */
  aborted: boolean;
  /** When the run started and ended (local clock, UTC ISO). */
  startedAt: string;
  /** When the run ended. */
  finishedAt: string;
  /** Wall time of the whole run, in milliseconds. */
  durationMs: number;
  /** One entry per model the run was asked to read, in the order they ran. */
  models: ModelReport[];
  /** Models the connector cannot read. */
  skipped: SkippedModel[];
  /** Warnings raised in the whole run (repeats included), so a status light need not walk the models. */
  warnings: number;
  /** Records quarantined in the whole run (the sum of `models[i].quarantined.length`); `status` stays `ok` with them. */
  quarantined: number;
}

/** A record the engine did not deliver because of `filter` or `createdAfter`. */
export interface FilteredRecord {
  /** The unified id. */
  id: string;
  /** The provider's id. */
  remote_id: string;
  /** Why, one line per reason (the rules' reasons, or the creation time). */
  reasons: string[];
}

/** A report for a model that has not started. */
export function emptyModelReport(model: ModelName, cursor: string | null): ModelReport {
  return {
    model,
    status: 'not_run',
    fetched: 0,
    upserted: 0,
    unchanged: 0,
    stale: 0,
    deleted: 0,
    filtered: 0,
    filteredRecords: [],
    ineligible: 0,
    stageChanges: 0,
    deletionsPending: 0,
    deletionLookups: 0,
    deletionsHeld: 0,
    drift: 0,
    quarantined: [],
    requests: 0,
    pages: 0,
    durationMs: 0,
    cursorBefore: cursor,
    cursorAfter: cursor,
    since: null,
    fullScan: null,
    warnings: [],
    error: null,
  };
}

/** The overall status from the model statuses and whether a fatal error stopped the run. */
export function overallStatus(models: readonly ModelReport[], fatal: boolean, aborted: boolean): SyncRunStatus {
  if (models.some((model) => model.status === 'rate_limited')) return 'rate_limited';
  if (fatal) return 'failed';
  const failed = models.filter((model) => model.status === 'failed').length;
  const completed = models.filter((model) => model.status === 'ok').length;
  if (failed > 0 && completed === 0) return 'failed';
  const held = models.some((model) => model.deletionsHeld > 0);
  return failed > 0 || aborted || held ? 'partial' : 'ok';
}
