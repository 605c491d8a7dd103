/**
 * Requests per record (RPR) of a full sync of every readable model of every registered connector
 * that has a sandbox. RPR is deterministic for a given dataset, so it is compared with
 * `bench/baseline.json`: a rise of more than 5 % (a new N+1 call) fails the bench.
 */
import { readFile } from 'node:fs/promises';
import { sandboxProviders } from '../../src/testing/providers.js';
import type { ModelName } from '../../src/models/registry.js';
import { closeConnector, connectorFor, drainModel, providers } from '../connectors.js';
import { startRemoteSandbox } from '../sandbox-client.js';

/** RPR of one model. */
export interface ModelRpr {
  provider: string;
  model: ModelName;
  records: number;
  requests: number;
  requestsPerRecord: number;
  /** The stored value, or null when the model is new to the baseline. */
  stored: number | null;
  /** Current ÷ stored − 1 (null without a stored value). */
  change: number | null;
  regressed: boolean;
}

/** Result of the RPR scenario. */
export interface RprResult {
  records: number;
  models: ModelRpr[];
  /** Providers with a connector but no sandbox (not measurable yet). */
  withoutSandbox: string[];
  /** Queries where the bench's sorted index disagreed with the sandbox (must be empty). */
  indexMismatches: string[];
}

/** Stored RPR values: provider → model → RPR. */
export type RprBaseline = { records: number; values: Record<string, Record<string, number>> };

/** Allowed rise over the stored value before the bench fails. */
export const RPR_TOLERANCE = 0.05;

/** Reads `bench/baseline.json`, or an empty baseline. */
export async function readRprBaseline(path: URL): Promise<RprBaseline | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as RprBaseline;
  } catch {
    return null;
  }
}

/** Measures RPR for every model of every connector with a sandbox. */
export async function runRequestsPerRecord(records: number, baseline: RprBaseline | null, log: (line: string) => void): Promise<RprResult> {
  const models: ModelRpr[] = [];
  const withoutSandbox: string[] = [];
  const indexMismatches: string[] = [];
  if (baseline && baseline.records !== records) log(`RPR: baseline was stored at ${baseline.records} records, measuring at ${records}; values are not comparable`);
  for (const provider of providers) {
    if (!(provider in sandboxProviders)) {
      withoutSandbox.push(provider);
      continue;
    }
    const sandbox = await startRemoteSandbox(provider, { records, seed: 7 });
    try {
      // The sorted index the bench sandbox uses must answer byte for byte like the sandbox itself.
      if (provider === 'teamtailor') indexMismatches.push(...(await sandbox.verifyIndex()));
      const connector = connectorFor(provider, sandbox, false);
      for (const [model, capability] of Object.entries(connector.capabilities.models) as [ModelName, { read: boolean }][]) {
        if (!capability.read) continue;
        await sandbox.resetStats();
        const count = await drainModel(connector, model, { maxItems: records * 20, timeoutMs: 60_000 });
        const { requests } = await sandbox.stats();
        const requestsPerRecord = count === 0 ? requests : requests / count;
        const stored = baseline && baseline.records === records ? (baseline.values[provider]?.[model] ?? null) : null;
        const change = stored === null ? null : requestsPerRecord / stored - 1;
        models.push({ provider, model, records: count, requests, requestsPerRecord, stored, change, regressed: change !== null && change > RPR_TOLERANCE });
      }
      await closeConnector(connector);
    } finally {
      await sandbox.close();
    }
  }
  log(`RPR: ${models.length} models measured${indexMismatches.length ? `, INDEX MISMATCH on ${indexMismatches.length} queries` : ''}`);
  return { records, models, withoutSandbox, indexMismatches };
}
