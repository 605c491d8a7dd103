/**
 * P2, rate limited: the sandbox enforces Teamtailor's documented 50 requests per 10 s with 429s
 * and `X-Rate-Limit-*` headers. Two runs, each on a fresh sandbox so the rolling window is empty:
 * the connector with its preconfigured limit, and the connector with no limit (`rateLimit: false`)
 * that must learn from the headers, 429s and Retry-After.
 */
import { closeConnector, connectorFor, drainModel } from '../connectors.js';
import { startRemoteSandbox } from '../sandbox-client.js';
import { measure } from '../statistics.js';

/** Settings of P2. */
export interface RateLimitedSettings {
  records: number;
  limit: { requests: number; intervalMs: number };
  pageSize: number;
}

/** One P2 run. */
export interface RateLimitedRun {
  variant: 'preconfigured' | 'learned';
  records: number;
  requests: number;
  rateLimited: number;
  wallMs: number;
  /** ceil(records / page size) ÷ allowed requests per second. */
  minimumMs: number;
  efficiency: number;
  /** Windows of `intervalMs` the run spanned (rounded up). */
  windows: number;
  rateLimitedPerWindow: number;
  /** The requests actually sent ÷ the allowed rate: the floor for this request count. */
  requestFloorMs: number;
  /**
   * Preconfigured only: (requests − 1) × the limiter's spacing (its 5 % headroom included), the
   * floor the SDK sets itself; the rest of the wall time is latency and scheduling.
   */
  spacingFloorMs: number | null;
}

/** Runs both P2 variants. */
export async function runRateLimited(settings: RateLimitedSettings, log: (line: string) => void): Promise<RateLimitedRun[]> {
  const requestsPerSecond = settings.limit.requests / (settings.limit.intervalMs / 1000);
  const minimumMs = (Math.ceil(settings.records / settings.pageSize) / requestsPerSecond) * 1000;
  const runs: RateLimitedRun[] = [];
  for (const variant of ['preconfigured', 'learned'] as const) {
    const sandbox = await startRemoteSandbox('teamtailor', { records: settings.records, seed: 7, rateLimit: settings.limit });
    try {
      const connector = connectorFor('teamtailor', sandbox, variant === 'preconfigured' ? undefined : false);
      const measured = await measure(() => drainModel(connector, 'candidates', { maxItems: settings.records * 2, timeoutMs: minimumMs * 3 + 30_000 }));
      await closeConnector(connector);
      const stats = await sandbox.stats();
      const windows = Math.ceil(measured.wallMs / settings.limit.intervalMs);
      const run: RateLimitedRun = {
        variant,
        records: measured.records,
        requests: stats.requests,
        rateLimited: stats.rateLimited,
        wallMs: measured.wallMs,
        minimumMs,
        efficiency: minimumMs / measured.wallMs,
        windows,
        rateLimitedPerWindow: stats.rateLimited / windows,
        requestFloorMs: (stats.requests / requestsPerSecond) * 1000,
        // Mirrors SPACING_HEADROOM in src/core/rate-limit.ts (1.05), which is not exported.
        spacingFloorMs: variant === 'preconfigured' ? (stats.requests - 1) * Math.ceil((settings.limit.intervalMs / settings.limit.requests) * 1.05) : null,
      };
      if (run.records !== settings.records) throw new Error(`P2 ${variant}: delivered ${run.records} of ${settings.records}`);
      log(`P2 ${variant}: ${(run.wallMs / 1000).toFixed(1)} s, efficiency ${run.efficiency.toFixed(3)}, ${run.requests} requests, ${run.rateLimited} × 429`);
      runs.push(run);
    } finally {
      await sandbox.close();
    }
  }
  return runs;
}
