/**
 * A provider limit far below what a sync needs (Teamtailor's sandbox at 3 requests per 600 s):
 * the pause the limiter takes from `X-Rate-Limit-Remaining: 0` goes through the same budget as a
 * 429's `Retry-After`, so instead of the process sleeping for ten minutes the run ends at once
 * with `status: 'rate_limited'` and how long to wait.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../src/connectors/index.js';
import { RateLimitError } from '../../src/core/errors.js';
import { startSandbox, type Sandbox } from '../../src/testing/index.js';
import { createSyncEngine, MemoryStateStore } from '../../src/sync/index.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('a rate limit the run cannot wait for', () => {
  it('ends the run with status rate_limited and retryAfterMs, without sleeping for the reset', async () => {
    sandbox = await startSandbox('teamtailor', { records: 120, seed: 5, rateLimit: { requests: 3, intervalMs: 600_000 } });
    // The connector's own documented budget stays on: only the provider's answers say "stop".
    const connector = createConnector('teamtailor', { apiKey: sandbox.connectorOptions.apiKey, baseUrl: sandbox.url });
    const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'limited', models: ['candidates'] });
    const started = performance.now();
    const report = await engine.run({ mode: 'full', onBatch: async () => undefined });
    const elapsed = performance.now() - started;
    await connector.close();

    expect(report.status).toBe('rate_limited');
    const candidates = report.models.find((model) => model.model === 'candidates');
    expect(candidates?.status).toBe('rate_limited');
    expect(candidates?.error).toBeInstanceOf(RateLimitError);
    expect((candidates?.error as RateLimitError).retryAfterMs).toBeGreaterThan(60_000);
    // Nothing near the 600 s reset was slept, and the sandbox never had to answer 429.
    expect(elapsed).toBeLessThan(20_000);
    expect(sandbox.stats.rateLimited).toBe(0);
  });

  it('with maxRetries 0 even a short announced pause is not slept: it is a RateLimitError at once', async () => {
    sandbox = await startSandbox('teamtailor', { records: 120, seed: 5, rateLimit: { requests: 2, intervalMs: 5_000 } });
    const connector = createConnector('teamtailor', { apiKey: sandbox.connectorOptions.apiKey, baseUrl: sandbox.url, retry: { maxRetries: 0 } });
    const pages: unknown[] = [];
    const error = await (async () => {
      for await (const page of connector.syncCandidates().pages()) pages.push(page);
    })().catch((caught: unknown) => caught);
    await connector.close();
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThan(0);
    expect(pages).toHaveLength(2);
    expect(sandbox.stats.rateLimited).toBe(0);
  });
});
