/**
 * A fast in-process connector for fleet tests and the fleet benchmark: one model (`tags`), a fixed
 * set of records sorted by (changed_at, id), keyset pages, `since` filtered on the "server".
 * It can be slowed down per page (a run long enough to kill or drain), or fail the way providers
 * do (refused credentials, a 503, a 429 with Retry-After).
 */
import { actionNames, type Capabilities, type ModelCapability } from '../../../src/core/capabilities.js';
import { sinceToMs } from '../../../src/core/dates.js';
import { AuthError, ProviderError, RateLimitError } from '../../../src/core/errors.js';
import type { Since } from '../../../src/core/reader.js';
import { sleep } from '../../../src/core/sleep.js';
import { createSyncStream, type Page, type SyncOptions } from '../../../src/core/stream.js';
import { modelNames } from '../../../src/models/registry.js';
import type { Tag } from '../../../src/models/index.js';
import type { SyncSource } from '../../../src/sync/index.js';

/** Settings of one fake connection. */
export interface FakeConnectorOptions {
  /** Records of the connection (default 20). */
  records?: number;
  /** Records per page (default 10). */
  pageSize?: number;
  /** Wait before each page, in ms (default 0). */
  pageDelayMs?: number;
  /** Every request fails like this. */
  failWith?: 'auth' | 'server' | 'rate_limit';
  /** Records' timestamps start here (epoch ms; default 2026-01-01). */
  start?: number;
  /** Called before each page is served (a test watching progress). */
  onPage?: (pageNumber: number) => void;
}

/** The fake connector plus what it did. */
export interface FakeConnector extends SyncSource {
  /** Pages served. */
  readonly pages: number;
  /** Whether `close()` was called. */
  closed: boolean;
  close(): Promise<void>;
}

/** The records a fake connection holds, in the order its pages serve them. */
export function fakeTags(count: number, start = Date.UTC(2026, 0, 1)): Tag[] {
  return Array.from({ length: count }, (_, index) => {
    const at = new Date(start + index * 1_000).toISOString();
    const remote = String(index + 1).padStart(6, '0');
    return {
      id: `tag:${remote}`,
      remote_id: remote,
      changed_at: at,
      remote_deleted_at: null,
      remote_created_at: at,
      remote_updated_at: at,
      remote_data: { id: remote, name: `Tag ${remote}` },
      name: `Tag ${remote}`,
    };
  });
}

/** Builds a fake connector. */
export function fakeConnector(options: FakeConnectorOptions = {}): FakeConnector {
  const records = fakeTags(options.records ?? 20, options.start);
  const pageSize = options.pageSize ?? 10;
  let pages = 0;
  const unreadable: ModelCapability = { read: false, delta: 'none', deletes: 'none', ordered: false, note: 'not in this fake' };
  const models = Object.fromEntries(modelNames.map((model) => [model, unreadable])) as Capabilities['models'];
  models.tags = { read: true, delta: 'server', deletes: 'full_scan', ordered: true };
  const capabilities: Capabilities = {
    provider: 'fake',
    page_size: pageSize,
    rate_limit: null,
    delta_lookback_ms: 0,
    models,
    actions: Object.fromEntries(actionNames.map((name) => [name, { supported: false }])) as Capabilities['actions'],
  };
  const fail = (): Error | null => {
    if (options.failWith === 'auth') return new AuthError('401 Unauthorized: the API key was refused', { provider: 'fake', operation: 'syncTags', status: 401 });
    if (options.failWith === 'server') return new ProviderError('503 Service Unavailable', { provider: 'fake', operation: 'syncTags', status: 503 });
    if (options.failWith === 'rate_limit') return new RateLimitError('429 Too Many Requests', { provider: 'fake', operation: 'syncTags', retryAfterMs: 500 });
    return null;
  };
  async function* serve(sinceMs: number | null, signal?: AbortSignal): AsyncGenerator<Page<Tag>> {
    const listed = records.filter((record) => sinceMs === null || Date.parse(record.changed_at!) >= sinceMs);
    // Bounded: one page per pageSize records, plus the final short page.
    for (let offset = 0; offset <= listed.length; offset += pageSize) {
      if (options.pageDelayMs) await sleep(options.pageDelayMs, signal);
      signal?.throwIfAborted();
      const error = fail();
      if (error) throw error;
      pages += 1;
      options.onPage?.(pages);
      const slice = listed.slice(offset, offset + pageSize);
      yield { records: slice.map((record) => ({ ...record })), quarantined: [], checkpoint: slice.at(-1)?.changed_at ?? null, requests: 1, warnings: [], serverTime: null };
      if (slice.length < pageSize) return;
    }
  }
  const connector: FakeConnector = {
    provider: 'fake',
    capabilities,
    closed: false,
    get pages() {
      return pages;
    },
    get requestCount() {
      return pages;
    },
    syncModel: ((model: string, since?: Since, syncOptions: SyncOptions = {}) => {
      if (model !== 'tags') throw new Error(`the fake connector has no ${model}`);
      const sinceMs = sinceToMs(since);
      return createSyncStream(() => serve(sinceMs, syncOptions.signal));
    }) as SyncSource['syncModel'],
    async close() {
      connector.closed = true;
    },
  };
  return connector;
}
