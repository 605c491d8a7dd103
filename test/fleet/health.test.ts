/**
 * The status rules of the fleet, as pure functions: run status, failure streak and health colour
 * from a run's report or from the error that prevented it; errors kept as class and redacted,
 * bounded message.
 */
import { describe, expect, it } from 'vitest';
import { AuthError, ProviderError, RateLimitError } from '../../src/core/errors.js';
import { countsOf, describeError, judgeRun } from '../../src/fleet/health.js';
import { emptyModelReport, type ModelReport, type SyncReport } from '../../src/sync/report.js';

const okCandidates: ModelReport = { ...emptyModelReport('candidates', null), status: 'ok', fetched: 12, upserted: 10, unchanged: 2, requests: 3 };

function report(overrides: Partial<SyncReport> = {}, models: ModelReport[] = [okCandidates]): SyncReport {
  return {
    connectionId: 'acme',
    provider: 'teamtailor',
    mode: 'delta',
    status: 'ok',
    retryAfterMs: null,
    error: null,
    aborted: false,
    startedAt: '2026-12-01T00:00:00.000Z',
    finishedAt: '2026-12-01T00:01:00.000Z',
    durationMs: 60_000,
    models,
    skipped: [],
    warnings: 0,
    quarantined: 0,
    ...overrides,
  };
}

describe('judgeRun', () => {
  it('an ok run is green and resets the streak', () => {
    expect(judgeRun({ report: report() }, 2, 3)).toMatchObject({ status: 'ok', health: 'green', healthReason: 'last run ok', consecutiveFailures: 0, authFailed: false, error: null });
  });

  it('quarantined records make an ok run yellow', () => {
    const models = [{ ...emptyModelReport('candidates', null), status: 'ok' as const, quarantined: [{ remote_id: '7', reason: 'unified_schema' as const, issues: [] }] }];
    expect(judgeRun({ report: report({}, models) }, 0, 3)).toMatchObject({ status: 'ok', health: 'yellow', healthReason: '1 record quarantined (failed validation)' });
  });

  it('a rate-limited run is yellow, says how long to wait, and keeps the streak', () => {
    const error = new RateLimitError('429', { provider: 'teamtailor', operation: 'syncCandidates', retryAfterMs: 30_000 });
    const verdict = judgeRun({ report: report({ status: 'rate_limited', retryAfterMs: 30_000, error }) }, 2, 3);
    expect(verdict).toMatchObject({ status: 'rate_limited', health: 'yellow', consecutiveFailures: 2 });
    expect(verdict.healthReason).toBe('rate limited by teamtailor; the provider asked to wait 30 s');
  });

  it('a partial run is yellow and names the failed models', () => {
    const models = [
      { ...emptyModelReport('jobs', null), status: 'ok' as const },
      { ...emptyModelReport('candidates', null), status: 'failed' as const },
    ];
    const error = new ProviderError('503 Service Unavailable', { provider: 'teamtailor', operation: 'syncCandidates', status: 503 });
    const verdict = judgeRun({ report: report({ status: 'partial', error }, models) }, 1, 3);
    expect(verdict).toMatchObject({ status: 'partial', health: 'yellow', consecutiveFailures: 0 });
    expect(verdict.healthReason).toBe('partial: candidates failed (ProviderError: 503 Service Unavailable)');
  });

  it('failures count up: yellow below the threshold, red at it', () => {
    const error = new ProviderError('503', { provider: 'gem', operation: 'syncJobs', status: 503 });
    expect(judgeRun({ report: report({ status: 'failed', error }) }, 0, 3)).toMatchObject({ health: 'yellow', consecutiveFailures: 1, healthReason: 'failed 1 run in a row; last: ProviderError: 503' });
    expect(judgeRun({ report: report({ status: 'failed', error }) }, 1, 3)).toMatchObject({ health: 'yellow', consecutiveFailures: 2 });
    expect(judgeRun({ report: report({ status: 'failed', error }) }, 2, 3)).toMatchObject({ health: 'red', consecutiveFailures: 3, healthReason: 'failed 3 runs in a row; last: ProviderError: 503' });
    // An error before the engine ran (resolve threw, the store was down) is a failure too.
    expect(judgeRun({ error: new Error('no such account') }, 0, 1)).toMatchObject({ status: 'failed', health: 'red', consecutiveFailures: 1 });
  });

  it('refused credentials are red at once, and stop the schedule', () => {
    const error = new AuthError('401 Unauthorized', { provider: 'gem', operation: 'syncJobs', status: 401 });
    const verdict = judgeRun({ report: report({ status: 'failed', error }) }, 0, 3);
    expect(verdict).toMatchObject({ status: 'auth_failed', health: 'red', authFailed: true, consecutiveFailures: 1, error: { name: 'AuthError', message: '401 Unauthorized' } });
    expect(verdict.healthReason).toMatch(/^credentials refused \(AuthError: 401 Unauthorized\); scheduled runs stopped/);
  });
});

describe('describeError', () => {
  it('keeps the class and a redacted, bounded message: never a credential shape', () => {
    const described = describeError(new Error(`sink failed: Authorization: Bearer abcdef0123456789abcdef ${'x'.repeat(600)}`));
    expect(described.name).toBe('Error');
    expect(described.message).not.toContain('abcdef0123456789abcdef');
    expect(described.message.length).toBeLessThanOrEqual(501);
    expect(described.message.endsWith('…')).toBe(true);
  });
});

describe('countsOf', () => {
  it('keeps per-model counts, not records', () => {
    expect(countsOf(report())).toEqual({ candidates: { fetched: 12, upserted: 10, unchanged: 2, deleted: 0, quarantined: 0, requests: 3 } });
  });
});
