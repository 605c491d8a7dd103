/**
 * P5, memory: N records streamed through `syncCandidates()` and through the sync engine, with the
 * heap sampled after a forced GC at intervals. P6, incremental: on the same sandbox, 1 % of the
 * candidates are edited, then a delta is read through the connector (from the full run's
 * checkpoint) and through the engine (from its stored cursor); requests are counted by the sandbox.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createSyncEngine, MemoryStateStore } from '../../src/sync/index.js';
import { closeConnector, connectorFor } from '../connectors.js';
import { startRemoteSandbox, type RemoteSandbox } from '../sandbox-client.js';
import { heapAfterGcMb, LoopGuard } from '../statistics.js';

/** Settings of P5 and P6. */
export interface MemorySettings {
  records: number;
  /** Pages between two heap samples. */
  samplePages: number;
  /** Share of records changed for P6 (0.01). */
  changedShare: number;
  pageSize: number;
  timeoutMs: number;
}

/** Heap behaviour of one streamed run. */
export interface MemoryRun {
  pipeline: 'syncCandidates()' | 'sync engine (full)';
  records: number;
  wallMs: number;
  heapBeforeMb: number;
  heapPeakMb: number;
  heapGrowthMb: number;
  /** Heap retained after the run (before dropping the engine's state store). */
  heapAfterMb: number;
  rssPeakMb: number;
  eventLoopDelayP99Ms: number;
  samples: number;
  /** Engine only: heap freed when its state store is dropped (per-record hashes kept for deletion detection). */
  stateStoreMb?: number;
}

/** P6 through one path. */
export interface IncrementalRun {
  path: 'connector delta' | 'engine delta';
  changed: number;
  requests: number;
  bound: number;
  delivered: number;
  /** Edited records missing from the delivery. */
  missing: number;
  /** Delivered records that were not edited. */
  extra: number;
}

/** Results of P5 and P6. */
export interface MemoryResult {
  seedMs: number;
  memory: MemoryRun[];
  incremental: IncrementalRun[];
}

function sampler() {
  let peak = 0;
  let rssPeak = 0;
  let samples = 0;
  return {
    sample() {
      peak = Math.max(peak, heapAfterGcMb());
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss / 1_048_576);
      samples += 1;
    },
    get peak() {
      return peak;
    },
    get rssPeak() {
      return rssPeak;
    },
    get samples() {
      return samples;
    },
  };
}

/** Runs P5, then P6 on the same sandbox. */
export async function runMemoryAndIncremental(settings: MemorySettings, log: (line: string) => void): Promise<MemoryResult> {
  const sandbox = await startRemoteSandbox('teamtailor', { records: settings.records, seed: 11 });
  log(`P5: sandbox seeded ${settings.records} candidates in ${(sandbox.seedMs / 1000).toFixed(1)} s`);
  try {
    const memory: MemoryRun[] = [];
    const incremental: IncrementalRun[] = [];
    const connector = connectorFor('teamtailor', sandbox, false);

    // P5a: the connector stream, page by page, keeping nothing but a count and the checkpoint.
    let checkpoint: string | null = null;
    {
      const heapBeforeMb = heapAfterGcMb();
      const watch = sampler();
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const guard = new LoopGuard({ maxItems: settings.records * 2, timeoutMs: settings.timeoutMs, label: 'P5 syncCandidates' });
      const started = performance.now();
      let pages = 0;
      for await (const page of connector.syncCandidates(undefined, { signal: guard.signal }).pages()) {
        guard.tick(page.records.length);
        checkpoint = page.checkpoint ?? checkpoint;
        pages += 1;
        if (pages % settings.samplePages === 0) watch.sample();
      }
      const wallMs = performance.now() - started;
      delay.disable();
      watch.sample();
      memory.push({
        pipeline: 'syncCandidates()',
        records: guard.items,
        wallMs,
        heapBeforeMb,
        heapPeakMb: watch.peak,
        heapGrowthMb: watch.peak - heapBeforeMb,
        heapAfterMb: heapAfterGcMb(),
        rssPeakMb: watch.rssPeak,
        eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
        samples: watch.samples,
      });
      log(`P5 syncCandidates(): ${guard.items} records, heap growth ${(watch.peak - heapBeforeMb).toFixed(1)} MB`);
    }

    // P5b: the sync engine, full mode, into an in-memory state store and a no-op sink.
    let store: MemoryStateStore | null = new MemoryStateStore();
    let engine: ReturnType<typeof createSyncEngine> | null = createSyncEngine({ connector, store, connectionId: 'bench', models: ['candidates'], maxPagesPerModel: Math.ceil((settings.records * 2) / settings.pageSize) });
    {
      const heapBeforeMb = heapAfterGcMb();
      const watch = sampler();
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      let delivered = 0;
      const started = performance.now();
      const report = await engine.run({
        mode: 'full',
        signal: AbortSignal.timeout(settings.timeoutMs),
        onBatch: async (batch) => {
          delivered += batch.upserted.length;
        },
        onProgress: (progress) => {
          if (progress.phase === 'scan' && progress.pages % settings.samplePages === 0) watch.sample();
        },
      });
      const wallMs = performance.now() - started;
      delay.disable();
      watch.sample();
      if (delivered !== settings.records) throw new Error(`P5 engine: delivered ${delivered} of ${settings.records} (${JSON.stringify(report).slice(0, 400)})`);
      const heapAfterMb = heapAfterGcMb();
      memory.push({
        pipeline: 'sync engine (full)',
        records: delivered,
        wallMs,
        heapBeforeMb,
        heapPeakMb: watch.peak,
        heapGrowthMb: watch.peak - heapBeforeMb,
        heapAfterMb,
        rssPeakMb: watch.rssPeak,
        eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
        samples: watch.samples,
      });
      log(`P5 engine: ${delivered} records, heap growth ${(watch.peak - heapBeforeMb).toFixed(1)} MB`);
    }

    // P6: edit 1 %, then read the delta both ways.
    const changedIds = new Set(await sandbox.editCandidates(Math.round(settings.records * settings.changedShare)));
    const bound = Math.ceil(changedIds.size / settings.pageSize) + 2;
    incremental.push(await connectorDelta(sandbox, connector, checkpoint, changedIds, bound, settings));
    {
      await sandbox.resetStats();
      const delivered = new Set<string>();
      const guard = new LoopGuard({ maxItems: settings.records, timeoutMs: settings.timeoutMs, label: 'P6 engine delta' });
      await engine.run({
        mode: 'delta',
        signal: guard.signal,
        onBatch: async (batch) => {
          guard.tick(batch.upserted.length);
          for (const record of batch.upserted) delivered.add(record.remote_id);
        },
      });
      incremental.push(compare('engine delta', changedIds, delivered, (await sandbox.stats()).requests, bound));
    }

    // What the engine's state store holds (per-record entries for deletion detection): the heap
    // freed when it is dropped.
    {
      const withStore = heapAfterGcMb();
      engine = null;
      store = null;
      const withoutStore = heapAfterGcMb();
      const engineRun = memory[1] as MemoryRun;
      engineRun.stateStoreMb = withStore - withoutStore;
    }
    await closeConnector(connector);
    for (const run of incremental) log(`P6 ${run.path}: ${run.requests} requests (bound ${run.bound}), ${run.delivered} delivered, ${run.missing} missing, ${run.extra} extra`);
    return { seedMs: sandbox.seedMs, memory, incremental };
  } finally {
    await sandbox.close();
  }
}

async function connectorDelta(
  sandbox: RemoteSandbox,
  connector: ReturnType<typeof connectorFor>,
  checkpoint: string | null,
  changedIds: Set<string>,
  bound: number,
  settings: MemorySettings,
): Promise<IncrementalRun> {
  if (checkpoint === null) throw new Error('P6: the full run produced no checkpoint');
  await sandbox.resetStats();
  const delivered = new Set<string>();
  const guard = new LoopGuard({ maxItems: settings.records, timeoutMs: settings.timeoutMs, label: 'P6 connector delta' });
  for await (const record of connector.syncCandidates(checkpoint, { signal: guard.signal })) {
    guard.tick();
    delivered.add(record.remote_id);
  }
  return compare('connector delta', changedIds, delivered, (await sandbox.stats()).requests, bound);
}

function compare(path: IncrementalRun['path'], changed: Set<string>, delivered: Set<string>, requests: number, bound: number): IncrementalRun {
  let missing = 0;
  for (const id of changed) if (!delivered.has(id)) missing += 1;
  let extra = 0;
  for (const id of delivered) if (!changed.has(id)) extra += 1;
  return { path, changed: changed.size, requests, bound, delivered: delivered.size, missing, extra };
}
