/**
 * The child process of the kill-and-resume test (issue #4, reliability E6 and S3): syncs a
 * Teamtailor sandbox run by the parent with the engine and a `FileStateStore` or a
 * `PostgresStateStore`, appending every
 * delivered record to a JSON Lines sink (one write plus `fdatasync` per batch). The parent kills
 * it with SIGKILL at random points and starts a new one to resume.
 *
 * Usage: `node --import tsx test/crash/sync-child.ts` with the job in `CRASH_CHILD_JOB` (JSON of
 * {@link ChildJob}). Prints `ready` once it is about to sync, `batch <model> <count>` when an `onBatch` starts, and
 * `done <summary>` when the run finished.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { TeamtailorConnectorOptions } from '../../src/connectors/teamtailor/index.js';
import { createConnector } from '../../src/connectors/index.js';
import { createSyncEngine, FileStateStore, RunInProgressError, type AnySyncBatch, type StateStore, type SyncReport } from '../../src/sync/index.js';
import type { ModelName } from '../../src/models/registry.js';

/** What the parent asks the child to do. */
export interface ChildJob {
  /** `sandbox.connectorOptions` of the parent's sandbox. */
  connectorOptions: TeamtailorConnectorOptions;
  /** Where the state lives: a folder, or tables on a PostgreSQL server. */
  state: { kind: 'file'; directory: string } | { kind: 'postgres'; url: string; schema: string; tablePrefix: string };
  sinkPath: string;
  mode: 'delta' | 'full';
  models: ModelName[];
  pageSize: number;
  /** A database round trip's worth of latency before each batch is written (ms). */
  sinkLatencyMs: number;
}

/** One sink line: a delivered upsert or deletion. */
export interface SinkLine {
  model: ModelName;
  op: 'upsert' | 'delete';
  id: string;
  remote_updated_at: string | null;
  record: Record<string, unknown> | null;
}

const job = JSON.parse(process.env.CRASH_CHILD_JOB ?? 'null') as ChildJob | null;
if (!job) throw new Error('CRASH_CHILD_JOB is missing');

/**
 * A killed predecessor may have left half a batch at the end of the sink (a torn tail): like a
 * database recovering its journal, drop it before appending, so every line stays whole.
 */
async function recoverSink(path: string): Promise<FileHandle> {
  const handle = await open(path, 'a+');
  const size = (await handle.stat()).size;
  if (size === 0) return handle;
  // The tail is at most one batch; reading the whole file keeps this simple and the file is small.
  const { buffer } = await handle.read(Buffer.alloc(size), 0, size, 0);
  const end = buffer.lastIndexOf(0x0a) + 1;
  if (end < size) {
    await handle.truncate(end);
    await handle.datasync();
  }
  return handle;
}

const sink = await recoverSink(job.sinkPath);
const connector = createConnector('teamtailor', { ...job.connectorOptions, rateLimit: false, retry: { baseDelayMs: 5 } });
const postgres = job.state.kind === 'postgres' ? await import('../../src/postgres/index.js') : null;
const store: StateStore & { close?: () => Promise<void> } =
  job.state.kind === 'file'
    ? new FileStateStore(job.state.directory)
    : new postgres!.PostgresStateStore({ connectionString: job.state.url, schema: job.state.schema, tablePrefix: job.state.tablePrefix, maxConnections: 2 });
const engine = createSyncEngine({
  connector,
  store,
  connectionId: 'crash-test',
  models: job.models,
  pageSize: job.pageSize,
});

const onBatch = async (batch: AnySyncBatch): Promise<void> => {
  // Tells the parent a batch is in flight, so it can kill this process inside `onBatch`.
  process.stdout.write(`batch ${batch.model} ${batch.upserted.length + batch.deleted.length}\n`);
  await new Promise((resolve) => setTimeout(resolve, job.sinkLatencyMs));
  const lines: SinkLine[] = [
    ...batch.upserted.map((record) => ({
      model: batch.model,
      op: 'upsert' as const,
      id: record.id,
      remote_updated_at: record.remote_updated_at,
      record: record as unknown as Record<string, unknown>,
    })),
    ...batch.deleted.map((deleted) => ({ model: batch.model, op: 'delete' as const, id: deleted.id, remote_updated_at: null, record: null })),
  ];
  // One write per batch, durable before the engine may checkpoint past it.
  await sink.write(lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  await sink.datasync();
};

/**
 * Runs, waiting while the run lock is held: a killed predecessor's lock is freed by the server
 * once it notices the dead session (PostgreSQL), which can take a moment. Bounded to 100 tries.
 */
async function runWhenFree(): Promise<SyncReport> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await engine.run({ mode: job!.mode, onBatch });
    } catch (error) {
      if (!(error instanceof RunInProgressError) || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

process.stdout.write('ready\n');
const report = await runWhenFree();
await sink.close();
await connector.close();
await store.close?.();
const summary = {
  status: report.status,
  error: report.error?.message ?? null,
  models: report.models.map((model) => ({ model: model.model, status: model.status, upserted: model.upserted, deleted: model.deleted, fullScan: model.fullScan })),
};
process.stdout.write(`done ${JSON.stringify(summary)}\n`);
