/**
 * `unified-ats sync <provider>`: syncs an account into a folder — one JSON Lines file per model
 * (`<model>.jsonl`, one upsert or delete per line, in delivery order) plus the engine's state in
 * `<folder>/.state`, so the next run is a delta.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createConnector, type ProviderName } from '../connectors/index.js';
import type { ModelName } from '../models/registry.js';
import { createSyncEngine, FileStateStore } from '../sync/index.js';
import { ExitCode } from './exit-codes.js';
import { progress, table } from './output.js';

/** Settings of one sync run. */
export interface SyncCommandSettings {
  provider: ProviderName;
  options: Record<string, string>;
  folder: string;
  mode: 'delta' | 'full';
  models?: ModelName[];
}

/** Runs the sync; returns the exit code. */
export async function syncCommand(settings: SyncCommandSettings, out: NodeJS.WriteStream, err: NodeJS.WriteStream): Promise<number> {
  mkdirSync(settings.folder, { recursive: true });
  const connector = createConnector(settings.provider, settings.options as never);
  const files = new Map<string, WriteStream>();
  const fileOf = (model: string) => {
    let file = files.get(model);
    if (!file) {
      file = createWriteStream(join(settings.folder, `${model}.jsonl`), { flags: 'a' });
      files.set(model, file);
    }
    return file;
  };
  const bar = progress(err);
  let delivered = 0;
  try {
    const engine = createSyncEngine({
      connector,
      store: new FileStateStore(join(settings.folder, '.state')),
      connectionId: settings.provider,
      ...(settings.models ? { models: settings.models } : {}),
    });
    const report = await engine.run({
      mode: settings.mode,
      onBatch: async ({ model, upserted, deleted }) => {
        const file = fileOf(model);
        const lines = [
          ...upserted.map((record) => JSON.stringify({ op: 'upsert', record })),
          ...deleted.map((record) => JSON.stringify({ op: 'delete', record })),
        ];
        if (lines.length > 0) await new Promise<void>((resolve, reject) => file.write(`${lines.join('\n')}\n`, (error) => (error ? reject(error) : resolve())));
        delivered += upserted.length + deleted.length;
        bar.update(`${settings.provider}: ${model} … ${delivered} records written`);
      },
    });
    bar.done();
    out.write(`${summaryTable(report)}\n`);
    out.write(`status: ${report.status}${report.retryAfterMs ? ` (retry after ${Math.ceil(report.retryAfterMs / 1000)} s)` : ''}\n`);
    if (report.status === 'rate_limited') return ExitCode.rateLimited;
    return report.status === 'ok' ? ExitCode.ok : ExitCode.failed;
  } finally {
    await Promise.all([...files.values()].map((file) => new Promise((resolve) => file.end(resolve))));
    await connector.close();
  }
}

/** A per-model table of a sync report. */
export function summaryTable(report: Awaited<ReturnType<ReturnType<typeof createSyncEngine>['run']>>): string {
  const rows = report.models.map((m) => [
    m.model,
    m.status,
    m.fetched,
    m.upserted,
    m.unchanged,
    m.deleted,
    m.quarantined.length,
    m.requests,
  ]);
  return table(['model', 'status', 'fetched', 'upserted', 'unchanged', 'deleted', 'quarantined', 'requests'], rows);
}
