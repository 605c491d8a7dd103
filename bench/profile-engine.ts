/**
 * `node --import tsx --cpu-prof --cpu-prof-dir=bench/results/profiles bench/profile-engine.ts [records] [runs]`:
 * runs the engine's full run (`createSyncEngine(...).run({ mode: 'full' })` on a fresh
 * `MemoryStateStore`, Teamtailor candidates only, a no-op `onBatch`) `runs` times against a sandbox
 * in its own process, as `bench/scenarios/engine-overhead.ts` does, so the CPU profile holds the
 * client only. Prints each run's client CPU per record.
 */
import { createSyncEngine, MemoryStateStore } from '../src/sync/index.js';
import { closeConnector, connectorFor } from './connectors.js';
import { startRemoteSandbox } from './sandbox-client.js';

const records = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 3);
const pageSize = 30;
const sandbox = await startRemoteSandbox('teamtailor', { records, seed: 13 });
try {
  for (let pass = 0; pass < runs; pass += 1) {
    const connector = connectorFor('teamtailor', sandbox, false);
    const engine = createSyncEngine({
      connector,
      store: new MemoryStateStore(),
      connectionId: 'profile-engine',
      models: ['candidates'],
      maxPagesPerModel: Math.ceil((records * 2) / pageSize) + 10,
    });
    let delivered = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    try {
      await engine.run({
        mode: 'full',
        onBatch: async (batch) => {
          delivered += batch.upserted.length;
        },
      });
    } finally {
      await closeConnector(connector);
    }
    const used = process.cpuUsage(cpu);
    if (delivered !== records) throw new Error(`profile-engine: delivered ${delivered} of ${records}`);
    process.stderr.write(`run ${pass + 1}: ${delivered} records in ${(performance.now() - started).toFixed(0)} ms, ${((used.user + used.system) / records).toFixed(1)} µs client CPU per record\n`);
  }
} finally {
  await sandbox.close();
}
