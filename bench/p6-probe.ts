/**
 * `node --import tsx bench/p6-probe.ts [records] [engine]`: the P6 setup of `bench/scenarios/memory-and-incremental.ts`
 * (seed, a full `syncCandidates()` for the checkpoint, 1 % edited), then the connector delta with
 * every request URL logged by the sandbox, printed with the number of rows each page delivered;
 * with `engine`, the engine's full run and delta as well (requests and exactness).
 * Development aid for the delta's request count; the bench's P6 is the report.
 */
import { createSyncEngine, MemoryStateStore } from '../src/sync/index.js';
import { closeConnector, connectorFor } from './connectors.js';
import { startRemoteSandbox } from './sandbox-client.js';

const records = Number(process.argv[2] ?? 20_000);
const withEngine = process.argv[3] === 'engine';
const sandbox = await startRemoteSandbox('teamtailor', { records, seed: 11 });
process.stdout.write(`seeded ${records} in ${(sandbox.seedMs / 1000).toFixed(1)} s\n`);
try {
  const connector = connectorFor('teamtailor', sandbox, false);
  let checkpoint: string | null = null;
  let full = 0;
  for await (const page of connector.syncCandidates().pages()) {
    full += page.records.length;
    checkpoint = page.checkpoint ?? checkpoint;
  }
  process.stdout.write(`full run: ${full} records, checkpoint ${checkpoint}\n`);
  const engine = withEngine ? createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'probe', models: ['candidates'], maxPagesPerModel: Math.ceil((records * 2) / 30) }) : null;
  await engine?.run({ mode: 'full', onBatch: async () => undefined });
  const changed = new Set(await sandbox.editCandidates(Math.round(records / 100)));
  await sandbox.resetStats();
  await sandbox.recordUrls(true);
  const delivered = new Set<string>();
  const perPage: number[] = [];
  for await (const page of connector.syncCandidates(checkpoint ?? undefined).pages()) {
    perPage.push(page.records.length);
    for (const record of page.records) delivered.add(record.remote_id);
  }
  const urls = await sandbox.takeUrls();
  const stats = await sandbox.stats();
  urls.forEach((url, index) => process.stdout.write(`${String(index + 1).padStart(3)} ${decodeURIComponent(url)}  -> ${perPage[index] ?? '?'} new\n`));
  let missing = 0;
  for (const id of changed) if (!delivered.has(id)) missing += 1;
  let extra = 0;
  for (const id of delivered) if (!changed.has(id)) extra += 1;
  process.stdout.write(`requests ${stats.requests} (bound ${Math.ceil(changed.size / 30) + 2}), changed ${changed.size}, delivered ${delivered.size}, missing ${missing}, extra ${extra}\n`);
  if (engine) {
    await sandbox.resetStats();
    await sandbox.recordUrls(true);
    const engineDelivered = new Set<string>();
    await engine.run({ mode: 'delta', onBatch: async (batch) => { for (const record of batch.upserted) engineDelivered.add(record.remote_id); } });
    const engineUrls = await sandbox.takeUrls();
    let engineMissing = 0;
    for (const id of changed) if (!engineDelivered.has(id)) engineMissing += 1;
    let engineExtra = 0;
    for (const id of engineDelivered) if (!changed.has(id)) engineExtra += 1;
    for (const url of engineUrls.slice(0, 3)) process.stdout.write(`engine: ${decodeURIComponent(url)}\n`);
    process.stdout.write(`engine delta: requests ${(await sandbox.stats()).requests} (${engineUrls.length} logged), delivered ${engineDelivered.size}, missing ${engineMissing}, extra ${engineExtra}\n`);
  }
  await closeConnector(connector);
} finally {
  await sandbox.close();
}
