/**
 * P2 for every connector other than Teamtailor (whose P2 is `rate-limited.ts`). The limit comes
 * from the connector itself (`capabilities.rate_limit`, i.e. its descriptor); the sandbox enforces
 * it only when the provider documents it. A connector whose preconfigured limit is only the notes'
 * advice (INFERRED in its descriptor) or that has none is listed as not applicable: a limit the
 * provider never stated is not a target. Each run uses a fresh sandbox, so the window starts empty.
 */
import { closeConnector, connectorFor, drainModel, type ProviderName } from '../connectors.js';
import { startRemoteSandbox } from '../sandbox-client.js';
import { measure } from '../statistics.js';

/**
 * Whether each provider documents the request limit its connector preconfigures (see the
 * connector's descriptor.ts for the source of each value).
 */
export const documentedLimits: Partial<Record<ProviderName, { documented: boolean; source: string }>> = {
  gem: { documented: true, source: 'Gem ATS API notes §4: 20 requests/s per key (burst 500)' },
  crelate: { documented: false, source: 'no documented request limit (A.6); the connector preconfigures the notes\' inferred 120 requests/min' },
  flatchr: { documented: false, source: 'no documented request limit except the CV download route (1 req/s, B4), which a candidate sync does not call; the connector preconfigures the notes\' inferred 2 req/s' },
  jarvi: { documented: false, source: 'no request limit: the budget is server execution time (300 s per hour on weekdays, B.5), which the sandbox cannot model as a request rate' },
};

/** Settings of the per-connector P2. */
export interface ConnectorRateLimitedSettings {
  providers: ProviderName[];
  /** Candidates per connector (a per-provider override wins). */
  records: number;
  recordsByProvider?: Partial<Record<ProviderName, number>>;
}

/** One measured P2 run. */
export interface ConnectorRateLimitedRun {
  variant: 'preconfigured' | 'learned';
  records: number;
  requests: number;
  rateLimited: number;
  wallMs: number;
  /** Requests of an unthrottled full sync (the warm-up count) ÷ the allowed rate. */
  minimumMs: number;
  efficiency: number;
  windows: number;
  rateLimitedPerWindow: number;
}

/** P2 of one connector: measured runs, or the reason it does not apply. */
export interface ConnectorRateLimitedResult {
  provider: ProviderName;
  limit: { requests: number; intervalMs: number } | null;
  documented: boolean;
  source: string;
  /** Requests a full candidate sync needs (from an unthrottled pass). */
  requestsNeeded: number | null;
  runs: ConnectorRateLimitedRun[];
}

/** Runs P2 for each connector with a documented limit; lists the others as not applicable. */
export async function runConnectorRateLimited(settings: ConnectorRateLimitedSettings, log: (line: string) => void): Promise<ConnectorRateLimitedResult[]> {
  const results: ConnectorRateLimitedResult[] = [];
  for (const provider of settings.providers) {
    const info = documentedLimits[provider] ?? { documented: false, source: 'not described' };
    const records = settings.recordsByProvider?.[provider] ?? settings.records;
    // The connector's own preconfigured limit (its descriptor), read from its capabilities.
    const probe = await startRemoteSandbox(provider, { records, seed: 7 });
    let limit: ConnectorRateLimitedResult['limit'] = null;
    let requestsNeeded = 0;
    try {
      const preconfigured = connectorFor(provider, probe);
      const declared = preconfigured.capabilities.rate_limit;
      limit = declared ? { requests: declared.requests, intervalMs: declared.interval_ms } : null;
      await closeConnector(preconfigured);
      if (!info.documented || !limit) {
        log(`P2 ${provider}: not applicable (${info.source})`);
        results.push({ provider, limit, documented: false, source: info.source, requestsNeeded: null, runs: [] });
        continue;
      }
      // The request count of an unthrottled full sync: the floor's numerator.
      const unthrottled = connectorFor(provider, probe, false);
      await probe.resetStats();
      await drainModel(unthrottled, 'candidates', { maxItems: records * 3, timeoutMs: 60_000 });
      await closeConnector(unthrottled);
      requestsNeeded = (await probe.stats()).requests;
    } finally {
      await probe.close();
    }
    const rate = limit.requests / (limit.intervalMs / 1000);
    const minimumMs = (requestsNeeded / rate) * 1000;
    const runs: ConnectorRateLimitedRun[] = [];
    for (const variant of ['preconfigured', 'learned'] as const) {
      const sandbox = await startRemoteSandbox(provider, { records, seed: 7, rateLimit: limit });
      try {
        const connector = connectorFor(provider, sandbox, variant === 'preconfigured' ? undefined : false);
        const measured = await measure(() => drainModel(connector, 'candidates', { maxItems: records * 3, timeoutMs: minimumMs * 3 + 30_000 }));
        await closeConnector(connector);
        const stats = await sandbox.stats();
        const windows = Math.max(1, Math.ceil(measured.wallMs / limit.intervalMs));
        const run: ConnectorRateLimitedRun = {
          variant,
          records: measured.records,
          requests: stats.requests,
          rateLimited: stats.rateLimited,
          wallMs: measured.wallMs,
          minimumMs,
          efficiency: minimumMs / measured.wallMs,
          windows,
          rateLimitedPerWindow: stats.rateLimited / windows,
        };
        log(`P2 ${provider} ${variant}: ${(run.wallMs / 1000).toFixed(2)} s, efficiency ${run.efficiency.toFixed(3)}, ${run.requests} requests, ${run.rateLimited} × 429`);
        runs.push(run);
      } finally {
        await sandbox.close();
      }
    }
    results.push({ provider, limit, documented: true, source: info.source, requestsNeeded, runs });
  }
  return results;
}
