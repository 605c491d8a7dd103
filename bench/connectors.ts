/**
 * How the bench builds connectors against a remote sandbox, and the SUT loop over one model.
 */
import { createConnector, providers, type ProviderName } from '../src/connectors/index.js';
import type { Connector } from '../src/actions/results.js';
import type { RateLimitOptions } from '../src/core/rate-limit.js';
import type { ModelName } from '../src/models/registry.js';
import { mapItems } from '../src/core/record-pipeline.js';
import { teamtailorPipelines } from '../src/connectors/teamtailor/reads.js';
import type { RemoteSandbox } from './sandbox-client.js';
import { LoopGuard } from './statistics.js';

export { providers, type ProviderName };

/** A connector of `provider` pointed at a remote sandbox. `rateLimit` undefined keeps the provider default. */
export function connectorFor(provider: ProviderName, sandbox: RemoteSandbox, rateLimit?: RateLimitOptions | false): Connector {
  const options = { ...sandbox.credentials, baseUrl: sandbox.url, ...sandbox.connectorOptions, ...(rateLimit === undefined ? {} : { rateLimit }) };
  return createConnector(provider, options as never);
}

/** Closes a connector's pooled connections when it has a `close` (every built-in connector does). */
export async function closeConnector(connector: Connector): Promise<void> {
  await (connector as { close?: () => Promise<void> }).close?.();
}

const noIncluded = new Map();

/**
 * Maps a delivered candidate a second time (wire schema, mapper, unified schema) from its
 * `remote_data`: the `BENCH_SLOW_MAPPING=1` switch, which must visibly move the P1 ratio.
 */
function mapAgain(record: { remote_data?: unknown }): void {
  const { records } = mapItems([record.remote_data], teamtailorPipelines.candidates, noIncluded, null);
  if (records.length !== 1) throw new Error('slow mapping: the second mapping quarantined a record, so it did not do the work');
}

/** Streams one model to a no-op sink; returns how many records arrived. */
export async function drainModel(
  connector: Connector,
  model: ModelName,
  options: { since?: string; maxItems: number; timeoutMs: number; slowMapping?: boolean; onRecord?: (record: unknown) => void },
): Promise<number> {
  const guard = new LoopGuard({ maxItems: options.maxItems, timeoutMs: options.timeoutMs, label: `sync ${model}` });
  for await (const record of connector.syncModel(model, options.since, { signal: guard.signal })) {
    guard.tick();
    if (options.slowMapping) mapAgain(record as { remote_data?: unknown });
    options.onRecord?.(record);
  }
  return guard.items;
}
