/**
 * How a finished run becomes a connection's status: its run status, the failure streak and the
 * health colour with its reason. Pure functions, so the rules are tested without a queue.
 * @module
 */
import { AuthError } from '../core/errors.js';
import { redactText } from '../core/redact.js';
import type { ModelName } from '../models/registry.js';
import type { SyncReport } from '../sync/report.js';
import type { FleetRunStatus, Health, ModelCounts } from './types.js';

/** Longest error message kept in a status (the rest is cut). */
const maxMessageLength = 500;

/** The verdict on one run. */
export interface RunVerdict {
  status: FleetRunStatus;
  health: Health;
  healthReason: string;
  consecutiveFailures: number;
  /** The provider refused the credentials: stop the schedule until the caller re-enables it. */
  authFailed: boolean;
  error: { name: string; message: string } | null;
}

/** A class name and a redacted, bounded message; never a credential, never a stack. */
export function describeError(error: Error): { name: string; message: string } {
  const message = redactText(error.message);
  return { name: error.name, message: message.length > maxMessageLength ? `${message.slice(0, maxMessageLength)}…` : message };
}

/** Per model counts of a report. */
export function countsOf(report: SyncReport): Partial<Record<ModelName, ModelCounts>> {
  const counts: Partial<Record<ModelName, ModelCounts>> = {};
  for (const model of report.models) {
    counts[model.model] = {
      fetched: model.fetched,
      upserted: model.upserted,
      unchanged: model.unchanged,
      deleted: model.deleted,
      quarantined: model.quarantined.length,
      requests: model.requests,
    };
  }
  return counts;
}

/**
 * Judges a run from its report, or from the error that prevented it (`resolve` threw, the store
 * was down). `previousFailures` is the streak before this run; `failuresBeforeRed` turns it red.
 */
export function judgeRun(outcome: { report: SyncReport } | { error: Error }, previousFailures: number, failuresBeforeRed: number): RunVerdict {
  const error = 'error' in outcome ? outcome.error : outcome.report.error;
  const status: FleetRunStatus = error instanceof AuthError ? 'auth_failed' : 'error' in outcome ? 'failed' : outcome.report.status;
  const failed = status === 'failed' || status === 'auth_failed';
  const consecutiveFailures = failed ? previousFailures + 1 : status === 'rate_limited' ? previousFailures : 0;
  const described = error ? describeError(error) : null;
  const because = described ? `${described.name}: ${described.message}` : 'no error';
  const verdict = (health: Health, healthReason: string): RunVerdict => ({
    status,
    health,
    healthReason,
    consecutiveFailures,
    authFailed: status === 'auth_failed',
    error: described,
  });
  if (status === 'auth_failed') return verdict('red', `credentials refused (${because}); scheduled runs stopped until the connection is enabled again`);
  if (failed && consecutiveFailures >= failuresBeforeRed) return verdict('red', `failed ${consecutiveFailures} runs in a row; last: ${because}`);
  if (failed) return verdict('yellow', `failed ${consecutiveFailures} run${consecutiveFailures === 1 ? '' : 's'} in a row; last: ${because}`);
  const report = (outcome as { report: SyncReport }).report;
  if (status === 'rate_limited') {
    const wait = report.retryAfterMs === null ? '' : `; the provider asked to wait ${Math.ceil(report.retryAfterMs / 1000)} s`;
    return verdict('yellow', `rate limited by ${report.provider}${wait}`);
  }
  if (status === 'partial') {
    const failedModels = report.models.filter((model) => model.status === 'failed').map((model) => model.model);
    return verdict('yellow', `partial: ${failedModels.join(', ') || 'some models'} failed (${because})`);
  }
  const quarantined = report.models.reduce((sum, model) => sum + model.quarantined.length, 0);
  if (quarantined > 0) return verdict('yellow', `${quarantined} record${quarantined === 1 ? '' : 's'} quarantined (failed validation)`);
  return verdict('green', 'last run ok');
}
