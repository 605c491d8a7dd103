/**
 * Shorthands for building an engine over one in-memory provider.
 */
import { createSyncEngine, MemoryStateStore, type StateStore, type SyncEngineOptions } from '../../../src/sync/index.js';
import { memoryConnector, type MemoryConnectorOptions, type MemoryModel } from './memory-connector.js';
import { MemoryProvider, type MemoryProviderOptions } from './memory-provider.js';
import { MemorySink } from './memory-sink.js';

/** What `setup` builds. */
export interface Harness {
  provider: MemoryProvider;
  connector: ReturnType<typeof memoryConnector>;
  store: StateStore;
  sink: MemorySink;
  engine: ReturnType<typeof createSyncEngine>;
}

/** One provider, one model (`tags` unless told), a memory store and a memory sink. */
export function setup(
  options: {
    provider?: MemoryProviderOptions;
    pagination?: MemoryModel['pagination'];
    delta?: MemoryModel['delta'];
    connector?: MemoryConnectorOptions;
    engine?: Partial<SyncEngineOptions>;
    store?: StateStore;
    records?: number;
    /** The model served (default `tags`, which has no single-record getter). */
    model?: MemoryModel['model'];
    /** Serve a getter for the model (`jobs` only), so full runs confirm deletions by lookup. */
    lookups?: boolean;
  } = {},
): Harness {
  const provider = new MemoryProvider(options.provider);
  for (let index = 0; index < (options.records ?? 0); index += 1) provider.add();
  const connector = memoryConnector(
    [{ model: options.model ?? 'tags', provider, pagination: options.pagination ?? 'keyset', delta: options.delta, lookups: options.lookups }],
    options.connector,
  );
  const store = options.store ?? new MemoryStateStore();
  const engine = createSyncEngine({ connector, store, connectionId: 'test', ...options.engine });
  return { provider, connector, store, sink: new MemorySink(), engine };
}
