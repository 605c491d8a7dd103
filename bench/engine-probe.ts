/**
 * `node --import tsx bench/engine-probe.ts [rounds] [records]`: client CPU per record of the sync
 * engine's own work, without HTTP, measured with `process.cpuUsage` in interleaved rounds (steadier
 * than wall time on a shared machine). Real Teamtailor candidates are read once from a sandbox;
 * then each round runs every stage over them:
 *
 * - `contentHash (reference)`: the serialiser and hash as they were before issue 17 (kept below
 *   as the reference the current one must match bit for bit);
 * - `contentHash`: the current `contentHash`;
 * - `engine full run (in memory)`: `createSyncEngine(...).run({ mode: 'full' })` on a fresh
 *   `MemoryStateStore` over the same pages served from memory (page guard, store lookups,
 *   classification, checkpoints, the sweep): the engine's overhead per record alone;
 * - `engine delta rerun (in memory)`: the same pages again into the store of a previous run
 *   (every record unchanged);
 * - `JSON.stringify (floor)`: V8's own `JSON.stringify` of the hashed content (the record without
 *   its volatile fields, copied beforehand, so not timed): what serialising the same text costs
 *   natively, a floor for any serialiser written in JavaScript;
 * - `SHA-256 of the text`: the one-shot SHA-256 of each record's serialised content (serialised
 *   beforehand), the hash's part of `contentHash`.
 *
 * `node --import tsx --cpu-prof bench/engine-probe.ts 60 3000 'engine full run (in memory)'` profiles
 * one stage. Development aid; `BENCH_ONLY=engine npm run bench` is the report.
 */
import { hash } from 'node:crypto';
import { createSyncStream, type Page } from '../src/core/stream.js';
import type { ModelName } from '../src/models/registry.js';
import { contentHash, createSyncEngine, defaultVolatileFields, MemoryStateStore, stableStringify, type SyncSource } from '../src/sync/index.js';
import { closeConnector, connectorFor } from './connectors.js';
import { startRemoteSandbox } from './sandbox-client.js';

const rounds = Number(process.argv[2] ?? 20);
const records = Number(process.argv[3] ?? 3_000);
/** Stages to run (comma-separated names), all by default: e.g. `engine full run (in memory)` under --cpu-prof. */
const only = process.argv[4]?.split(',');
const sandbox = await startRemoteSandbox('teamtailor', { records, seed: 13 });
const pages: Page<unknown>[] = [];
const connector = connectorFor('teamtailor', sandbox, false);
try {
  for await (const page of connector.syncCandidates().pages()) pages.push(page as Page<unknown>);
} finally {
  await closeConnector(connector);
  await sandbox.close();
}
const all = pages.flatMap((page) => page.records) as object[];
if (all.length !== records) throw new Error(`engine-probe: read ${all.length} of ${records}`);

/** The connector's capabilities with `syncModel` serving the pages read above. */
const source: SyncSource = {
  provider: connector.provider,
  capabilities: connector.capabilities,
  requestCount: 0,
  syncModel: ((model: ModelName) => {
    if (model !== 'candidates') throw new Error(`engine-probe serves candidates only, not ${model}`);
    return createSyncStream(async function* () {
      yield* pages;
    });
  }) as SyncSource['syncModel'],
};

const volatile = new Set(defaultVolatileFields);
const engineRun = async (store: MemoryStateStore, mode: 'full' | 'delta') => {
  const engine = createSyncEngine({ connector: source, store, connectionId: 'probe', models: ['candidates'], maxPagesPerModel: pages.length + 10 });
  let delivered = 0;
  const report = await engine.run({ mode, onBatch: async (batch) => void (delivered += batch.upserted.length) });
  if (report.status !== 'ok') throw new Error(`engine-probe: run ${report.status}: ${String(report.error)}`);
  return delivered;
};
let sink = 0;
/** Each record without its volatile fields, and its serialised content, made before any round. */
const hashedContent = all.map((record) => Object.fromEntries(Object.entries(record).filter(([key]) => !volatile.has(key))));
const contentTexts = hashedContent.map((content) => stableStringify(content));
const rerunStore = new MemoryStateStore();
await engineRun(rerunStore, 'full');
for (const record of all) if (referenceContentHash(record, volatile) !== contentHash(record, volatile)) throw new Error('engine-probe: contentHash differs from the reference');
const stages: Record<string, () => Promise<void> | void> = {
  'contentHash (reference)': () => {
    for (const record of all) sink += referenceContentHash(record, volatile).length;
  },
  contentHash: () => {
    for (const record of all) sink += contentHash(record, volatile).length;
  },
  'JSON.stringify (floor)': () => {
    for (const content of hashedContent) sink += JSON.stringify(content).length;
  },
  'SHA-256 of the text': () => {
    for (const text of contentTexts) sink += hash('sha256', text, 'base64url').length;
  },
  'engine full run (in memory)': async () => {
    sink += await engineRun(new MemoryStateStore(), 'full');
  },
  'engine delta rerun (in memory)': async () => {
    sink += 1 + (await engineRun(rerunStore, 'delta'));
  },
};
for (const name of Object.keys(stages)) if (only && !only.includes(name)) delete stages[name];
const samples = new Map<string, number[]>(Object.keys(stages).map((name) => [name, []]));
for (let round = 0; round <= rounds; round += 1) {
  for (const [name, run] of Object.entries(stages)) {
    const before = process.cpuUsage();
    await run();
    const used = process.cpuUsage(before);
    if (round > 0) samples.get(name)?.push((used.user + used.system) / records);
  }
}
if (sink === 0) throw new Error('nothing measured');
for (const [name, values] of samples) {
  const sorted = values.sort((a, b) => a - b);
  const at = (share: number) => (sorted[Math.floor(sorted.length * share)] as number).toFixed(2);
  process.stdout.write(`${name.padEnd(32)} ${at(0.5)} µs/record (p25 ${at(0.25)}, p75 ${at(0.75)})\n`);
}

/** `contentHash` as it was before issue 17: an explicit stack of tasks, one `JSON.stringify` per key and primitive. */
function referenceContentHash(record: object, volatileFields: ReadonlySet<string>): string {
  let text = '{';
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const value = (record as Record<string, unknown>)[key];
    if (volatileFields.has(key) || value === undefined || typeof value === 'function') continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${referenceSerialise(value, 1)}`;
    first = false;
  }
  return hash('sha256', `${text}}`, 'base64url').slice(0, 22);
}

function referenceSerialise(root: unknown, rootDepth: number): string {
  let out = '';
  const stack: (string | { value: unknown; depth: number })[] = [{ value: root, depth: rootDepth }];
  let nodes = 1_000_000;
  while (stack.length > 0) {
    const task = stack.pop()!;
    if (typeof task === 'string') {
      out += task;
      continue;
    }
    const { value, depth } = task;
    if (value === null || typeof value !== 'object') {
      out += JSON.stringify(value) ?? 'null';
      continue;
    }
    nodes -= 1;
    if (nodes < 0) throw new Error('too large');
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') {
      stack.push({ value: withJson.toJSON(), depth });
      continue;
    }
    if (depth >= 100) throw new Error('too deep');
    if (Array.isArray(value)) {
      out += '[';
      stack.push(']');
      for (let index = value.length - 1; index >= 0; index -= 1) {
        const item: unknown = value[index];
        stack.push(item === undefined || typeof item === 'function' ? 'null' : { value: item, depth: depth + 1 });
        if (index > 0) stack.push(',');
      }
      continue;
    }
    out += '{';
    stack.push('}');
    const keys = Object.keys(value)
      .sort()
      .filter((key) => {
        const nested = (value as Record<string, unknown>)[key];
        return nested !== undefined && typeof nested !== 'function';
      });
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index]!;
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
      stack.push(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`);
    }
  }
  return out;
}
