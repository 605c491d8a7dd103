/**
 * Reads a `MemoryProvider` the way a connector would, implementing the part of `ConnectorReads`
 * the engine uses. Two pagination styles:
 *
 * - `keyset`: sorted ascending by (updated_at, id), the next page starting after the last one
 *   (E1 b); `since` filtered on the server. Declared `ordered`.
 * - `page-number`: pages of the list in creation order (not sorted by updated_at), so declared
 *   unordered; `since` filtered client-side. It reads the last page first (a count request gives
 *   the number of pages): a deletion during the scan then only shifts records that were already
 *   read, and new records are appended after the pages being read, so nothing is skipped (E5).
 *   A record shifted onto the next page comes back, and is dropped when already yielded.
 * - `page-number-forward`: the classic way, page 1, 2, … until a short page. A deletion during the
 *   scan shifts a live record onto a page already read, so the scan skips it (E5): what the
 *   engine's deletion confirmation must survive.
 *
 * With `lookups`, a `jobs` model also serves `getJob` (a single-record getter answering
 * `NotFoundError` for records no longer visible), which the engine uses to confirm deletions.
 *
 * Every request advances the server clock and may first run a test hook (mutations interleaved
 * with page fetches) or fail.
 */
import { actionNames, type Capabilities, type ModelCapability } from '../../../src/core/capabilities.js';
import { sinceToMs } from '../../../src/core/dates.js';
import { NotFoundError, ProviderError } from '../../../src/core/errors.js';
import { createSyncStream, type Page, type QuarantinedRecord, type SyncOptions } from '../../../src/core/stream.js';
import type { Since } from '../../../src/core/reader.js';
import { modelNames, modelSchemas, type ModelName } from '../../../src/models/registry.js';
import type { SyncSource } from '../../../src/sync/index.js';
import type { MemoryProvider, ProviderRecord, ProviderVersion } from './memory-provider.js';

/** Models whose unified shape is `name` plus the common fields (enough for engine tests). */
export type NamedModel = 'tags' | 'rejection_reasons' | 'application_stages' | 'jobs';

/** One model served by one provider. */
export interface MemoryModel {
  model: NamedModel;
  provider: MemoryProvider;
  pagination: 'keyset' | 'page-number' | 'page-number-forward';
  /** Default: `server` for keyset, `client` for page numbers. */
  delta?: 'server' | 'client' | 'none';
  /** Serve a single-record getter (only `jobs` has one in the connector contract). */
  lookups?: boolean;
}

/** Options of the whole fake connector. */
export interface MemoryConnectorOptions {
  pageSize?: number;
  lookbackMs?: number;
  /** Server time added by each request (default 1,000 ms). */
  tickMs?: number;
  /** Runs before request number `n` (1-based, over the connector's life) is served. */
  beforeRequest?: (requestNumber: number) => void | Promise<void>;
  /** Request numbers that fail with a ProviderError (or the error given). */
  failAt?: (requestNumber: number) => Error | boolean;
  /** Whether pages carry the provider's clock like a `Date` header would (default true). */
  serverTime?: boolean;
  /** Makes the lookup of a record fail (a 503, a rate limit) instead of answering. */
  lookupFails?: (id: string) => Error | null;
}

/** The fake connector plus controls. */
export interface MemoryConnector extends SyncSource {
  /** Changes the hooks (a new interleaving for the next run). */
  options: MemoryConnectorOptions;
}

/** Builds a fake connector over one or more provider-backed models. */
export function memoryConnector(models: MemoryModel[], options: MemoryConnectorOptions = {}): MemoryConnector {
  let requests = 0;
  const byModel = new Map(models.map((entry) => [entry.model as ModelName, entry]));
  const capabilities = capabilitiesOf(models, options);
  const connector: MemoryConnector = {
    provider: 'memory',
    capabilities,
    options,
    get requestCount() {
      return requests;
    },
    syncModel: ((model: ModelName, since?: Since, syncOptions: SyncOptions = {}) => {
      const entry = byModel.get(model);
      if (!entry) throw new Error(`memory connector has no ${model}`);
      const sinceMs = sinceToMs(since);
      const pageSize = syncOptions.pageSize ?? connector.options.pageSize ?? 5;
      // Serves one request: hooks, then the provider's clock as a `Date` header has it (seconds).
      const request = async (): Promise<string | null> => {
        requests += 1;
        const number = requests;
        await connector.options.beforeRequest?.(number);
        syncOptions.signal?.throwIfAborted();
        const failure = connector.options.failAt?.(number);
        const served = new Date(Math.floor(entry.provider.now() / 1_000) * 1_000).toISOString();
        entry.provider.advance(connector.options.tickMs ?? 1_000);
        if (failure) throw failure instanceof Error ? failure : new ProviderError('injected failure', { provider: 'memory', operation: model, status: 503 });
        return connector.options.serverTime === false ? null : served;
      };
      const produce = entry.pagination === 'keyset' ? keysetPages : entry.pagination === 'page-number' ? pageNumberPages : forwardPageNumberPages;
      return createSyncStream(() => produce(entry, sinceMs, pageSize, request));
    }) as SyncSource['syncModel'],
  };
  const jobs = byModel.get('jobs');
  if (jobs?.lookups) {
    connector.getJob = (async (id: string) => {
      requests += 1;
      const failure = connector.options.lookupFails?.(id);
      jobs.provider.advance(connector.options.tickMs ?? 1_000);
      if (failure) throw failure;
      const record = jobs.provider.records.get(id.slice(id.indexOf(':') + 1));
      const version = record ? jobs.provider.visible(record) : null;
      if (!record || !version) throw new NotFoundError(`no job ${id}`, { provider: 'memory', operation: 'getJob', status: 404 });
      return modelSchemas.jobs.parse(toUnified('jobs', record, version));
    }) as NonNullable<SyncSource['getJob']>;
  }
  return connector;
}

type Request = () => Promise<string | null>;

async function* keysetPages(entry: MemoryModel, sinceMs: number | null, pageSize: number, request: Request): AsyncGenerator<Page<never>> {
  const delta = entry.delta ?? 'server';
  let after: [number, string] | null = null;
  // Bounded: each page moves the keyset position forward, and the dataset is finite.
  for (let page = 0; page < 100_000; page += 1) {
    const served = await request();
    const rows = listed(entry.provider)
      .filter(({ version }) => delta !== 'server' || sinceMs === null || version.updatedAt >= sinceMs)
      .sort((a, b) => a.version.updatedAt - b.version.updatedAt || a.record.key.localeCompare(b.record.key))
      .filter(({ record, version }) => after === null || version.updatedAt > after[0] || (version.updatedAt === after[0] && record.key > after[1]));
    const items = rows.slice(0, pageSize);
    const last = items.at(-1);
    if (last) after = [last.version.updatedAt, last.record.key];
    yield toPage(entry, items, delta === 'client' ? sinceMs : null, 1, served);
    if (items.length < pageSize) return;
  }
}

async function* pageNumberPages(entry: MemoryModel, sinceMs: number | null, pageSize: number, request: Request): AsyncGenerator<Page<never>> {
  const delta = entry.delta ?? 'client';
  if (delta === 'server') throw new Error('page-number mode filters client-side (see E5 in the header)');
  const counted = await request(); // the count request
  const pages = Math.ceil(listed(entry.provider).length / pageSize);
  if (pages === 0) yield toPage(entry, [], null, 1, counted);
  // Records shifted onto the next page by a deletion come back; like core's time keyset, the
  // connector drops a version it already yielded in this scan.
  const yielded = new Set<string>();
  for (let number = pages; number >= 1; number -= 1) {
    const served = await request();
    const items = listed(entry.provider)
      .slice((number - 1) * pageSize, number * pageSize)
      .filter(({ record, version }) => !yielded.has(`${record.key}@${version.updatedAt}`));
    for (const { record, version } of items) yielded.add(`${record.key}@${version.updatedAt}`);
    yield toPage(entry, items, delta === 'client' ? sinceMs : null, number === pages ? 2 : 1, number === pages ? counted : served);
  }
}

async function* forwardPageNumberPages(entry: MemoryModel, sinceMs: number | null, pageSize: number, request: Request): AsyncGenerator<Page<never>> {
  const delta = entry.delta ?? 'client';
  if (delta === 'server') throw new Error('page-number mode filters client-side');
  // Bounded: the page number grows and the run stops at the first short page.
  for (let number = 1; number <= 100_000; number += 1) {
    const served = await request();
    const items = listed(entry.provider).slice((number - 1) * pageSize, number * pageSize);
    yield toPage(entry, items, delta === 'client' ? sinceMs : null, 1, served);
    if (items.length < pageSize) return;
  }
}

interface Listed {
  record: ProviderRecord;
  version: ProviderVersion;
}

/** What a list request returns now, in creation order (the order records became visible). */
function listed(provider: MemoryProvider): Listed[] {
  const out: (Listed & { firstVisibleAt: number })[] = [];
  for (const record of provider.records.values()) {
    const version = provider.visible(record);
    if (version) out.push({ record, version, firstVisibleAt: record.versions[0]!.visibleAt });
  }
  return out.sort((a, b) => a.firstVisibleAt - b.firstVisibleAt || a.record.seq - b.record.seq);
}

function toPage(entry: MemoryModel, items: Listed[], clientSinceMs: number | null, requests: number, serverTime: string | null): Page<never> {
  const records: unknown[] = [];
  const quarantined: QuarantinedRecord[] = [];
  for (const { record, version } of items) {
    if (clientSinceMs !== null && version.updatedAt < clientSinceMs) continue;
    if (version.bad) {
      quarantined.push({ remote_id: record.key, reason: 'wire_schema', issues: [{ path: ['attributes', 'name'], code: 'invalid_type' }] });
      continue;
    }
    records.push(modelSchemas[entry.model].parse(toUnified(entry.model, record, version)));
  }
  return { records: records as never[], quarantined, checkpoint: null, requests, warnings: [], serverTime };
}

/** The unified record of one version. */
export function toUnified(model: NamedModel, record: ProviderRecord, version: ProviderVersion): Record<string, unknown> {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: `${model}:${record.key}`,
    remote_id: record.key,
    changed_at: iso(version.updatedAt),
    remote_deleted_at: version.deletedAt === null ? null : iso(version.deletedAt),
    remote_created_at: iso(record.createdAt),
    remote_updated_at: iso(version.updatedAt),
    remote_data: { key: record.key, name: version.name, updated: version.updatedAt },
    name: version.name,
    ...(model === 'application_stages' ? { global_index: null } : {}),
    ...(model === 'jobs' ? jobFields : {}),
  };
}

/** The fields a job has besides `name` and the common ones, all empty. */
const jobFields = {
  job_code: null,
  description: null,
  confidential: null,
  status: null,
  department: null,
  post_url: null,
  remote_url: null,
  visibility: null,
  employment_type: null,
  remote_work_status: null,
  weekly_hours: null,
  category: null,
  experience_level: null,
  salary_amount: null,
  salary_amount_from: null,
  salary_amount_to: null,
  salary_currency: null,
  salary_period: null,
  salary_shown: null,
  location: null,
  screening_questions: [],
  custom_fields: {},
  integration_fields: [],
  opened_at: null,
  closed_at: null,
};

function capabilitiesOf(models: MemoryModel[], options: MemoryConnectorOptions): Capabilities {
  const unreadable: ModelCapability = { read: false, delta: 'none', deletes: 'none', ordered: false, note: 'not in this fake' };
  const capabilityModels = Object.fromEntries(modelNames.map((model) => [model, unreadable])) as Capabilities['models'];
  for (const entry of models) {
    capabilityModels[entry.model] = {
      read: true,
      delta: entry.delta ?? (entry.pagination === 'keyset' ? 'server' : 'client'),
      deletes: entry.provider.deletes === 'flag' ? 'flag' : 'full_scan',
      ordered: entry.pagination === 'keyset',
    };
  }
  return {
    provider: 'memory',
    page_size: options.pageSize ?? 5,
    rate_limit: null,
    delta_lookback_ms: options.lookbackMs ?? 0,
    models: capabilityModels,
    actions: Object.fromEntries(actionNames.map((name) => [name, { supported: false }])) as Capabilities['actions'],
  };
}
