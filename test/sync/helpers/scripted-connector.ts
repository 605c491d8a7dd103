/**
 * A connector that serves pages a test wrote by hand (one list of pages per run), for scenarios a
 * provider model cannot produce on purpose: replayed pages, loops, endless empty pages, records
 * without a timestamp, odd timestamp precisions.
 */
import { actionNames, type Capabilities, type ModelCapability } from '../../../src/core/capabilities.js';
import { createSyncStream, type Page } from '../../../src/core/stream.js';
import { modelNames, type ModelName } from '../../../src/models/registry.js';
import type { Since } from '../../../src/core/reader.js';
import type { SyncSource } from '../../../src/sync/index.js';

/** A tag record with the given fields. */
export function tag(key: string, changedAt: string | null, name = key, deletedAt: string | null = null): Record<string, unknown> {
  return {
    id: `tags:${key}`,
    remote_id: key,
    changed_at: changedAt,
    remote_deleted_at: deletedAt,
    remote_created_at: null,
    remote_updated_at: changedAt,
    remote_data: { key },
    name,
  };
}

/** A page holding `records`. */
export function page(records: Record<string, unknown>[], extra: Partial<Page<never>> = {}): Page<never> {
  return { records: records as never[], quarantined: [], checkpoint: null, requests: 1, warnings: [], ...extra };
}

/** What a scripted run serves: a fixed list, or a generator (bounded by the test). */
export type Script = Page<never>[] | (() => Iterable<Page<never>>);

/** A connector serving `tags` (or `model`) from one script per run; `sinces` records what each run asked for. */
export function scriptedConnector(scripts: Script[], capability: Partial<ModelCapability> = {}, served: ModelName = 'tags') {
  let run = 0;
  let requests = 0;
  const sinces: (string | undefined)[] = [];
  const unreadable: ModelCapability = { read: false, delta: 'none', deletes: 'none', ordered: false };
  const models = Object.fromEntries(modelNames.map((model) => [model, unreadable])) as Capabilities['models'];
  models[served] = { read: true, delta: 'server', deletes: 'flag', ordered: true, ...capability };
  const connector: SyncSource & { sinces: typeof sinces } = {
    provider: 'scripted',
    sinces,
    capabilities: {
      provider: 'scripted',
      page_size: 100,
      rate_limit: null,
      delta_lookback_ms: 0,
      models,
      actions: Object.fromEntries(actionNames.map((name) => [name, { supported: false }])) as Capabilities['actions'],
    },
    get requestCount() {
      return requests;
    },
    syncModel: ((model: ModelName, since?: Since) => {
      if (model !== served) throw new Error(`scripted connector has no ${model}`);
      sinces.push(since === undefined ? undefined : String(since));
      const script = scripts[run] ?? [];
      run += 1;
      return createSyncStream(async function* () {
        for (const one of typeof script === 'function' ? script() : script) {
          requests += one.requests;
          yield one;
        }
      });
    }) as SyncSource['syncModel'],
  };
  return connector;
}
