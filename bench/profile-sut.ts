/**
 * `node --import tsx --cpu-prof --cpu-prof-dir=bench/results/profiles bench/profile-sut.ts [records] [provider]`:
 * runs the P1 SUT (`syncCandidates()` with no rate limit) twice against a sandbox in its own
 * process, so the CPU profile holds the client only. Prints the top self-time functions.
 */
import { closeConnector, connectorFor, drainModel, providers, type ProviderName } from './connectors.js';
import { startRemoteSandbox } from './sandbox-client.js';

const records = Number(process.argv[2] ?? 5_000);
const provider = (process.argv[3] ?? 'teamtailor') as ProviderName;
if (!providers.includes(provider)) throw new Error(`unknown provider ${provider}`);
const sandbox = await startRemoteSandbox(provider, { records, seed: 7 });
try {
  for (let pass = 0; pass < Number(process.env.PASSES ?? 2); pass += 1) {
    const connector = connectorFor(provider, sandbox, false);
    const started = performance.now();
    const count = await drainModel(connector, 'candidates', { maxItems: records * 2, timeoutMs: 300_000 });
    await closeConnector(connector);
    process.stderr.write(`pass ${pass + 1}: ${count} records in ${(performance.now() - started).toFixed(0)} ms\n`);
  }
} finally {
  await sandbox.close();
}
