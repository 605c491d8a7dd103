/**
 * `unified-ats demo`: for every provider with a sandbox — start it on loopback, run a full sync,
 * edit a few candidates the way a recruiter would, run a delta sync, perform a write action, and
 * print one summary table. The delta column must equal the edits column: the engine's content
 * hashes drop everything that did not change.
 */
import { createConnector, providers, type ProviderName } from '../connectors/index.js';
import { createSyncEngine, MemoryStateStore } from '../sync/index.js';
import { startSandbox } from '../testing/index.js';
import { ExitCode } from './exit-codes.js';
import { table } from './output.js';

/** How many candidates the demo edits between the two syncs. */
const EDITS = 3;

interface DemoRow {
  provider: string;
  full: number;
  edited: number;
  delta: number;
  action: string;
  requests: number;
  ms: number;
}

/** Runs the demo; returns the exit code. */
export async function demoCommand(out: NodeJS.WriteStream, settings: { records: number }): Promise<number> {
  const rows: DemoRow[] = [];
  let failures = 0;
  for (const provider of providers) {
    const started = Date.now();
    out.write(`${provider}: starting sandbox with ${settings.records} candidates…\n`);
    try {
      rows.push({ ...(await demoOne(provider, settings.records)), ms: Date.now() - started });
    } catch (error) {
      failures += 1;
      out.write(`${provider}: demo failed — ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  out.write('\n');
  out.write(
    `${table(
      ['provider', 'full sync records', 'candidates edited', 'delta sync records', 'write action', 'requests', 'time'],
      rows.map((row) => [row.provider, row.full, row.edited, row.delta, row.action, row.requests, `${(row.ms / 1000).toFixed(1)} s`]),
    )}\n`,
  );
  const wrong = rows.filter((row) => row.delta !== row.edited);
  if (wrong.length > 0) out.write(`\nDelta did not match the edits for: ${wrong.map((row) => row.provider).join(', ')}\n`);
  else out.write('\nEvery delta sync delivered exactly the records the demo edited.\n');
  return failures > 0 || wrong.length > 0 ? ExitCode.failed : ExitCode.ok;
}

async function demoOne(provider: ProviderName, records: number): Promise<Omit<DemoRow, 'ms'>> {
  const sandbox = await startSandbox(provider, { records, seed: 42 });
  // The sandbox enforces no rate limit here, so the demo turns the client-side limiter off too.
  const connector = createConnector(provider, { ...sandbox.connectorOptions, rateLimit: false });
  try {
    const engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: `demo-${provider}` });
    let full = 0;
    const first = await engine.run({ mode: 'full', onBatch: async ({ upserted }) => void (full += upserted.length) });
    if (first.status !== 'ok') throw new Error(`full sync ended ${first.status}`);
    const edited = new Set<string>();
    for (let index = 0; index < EDITS; index += 1) edited.add(sandbox.editCandidate(index * 7));
    let delta = 0;
    const second = await engine.run({ mode: 'delta', onBatch: async ({ upserted }) => void (delta += upserted.length) });
    if (second.status !== 'ok') throw new Error(`delta sync ended ${second.status}`);
    const action = await writeAction(connector);
    return { provider, full, edited: edited.size, delta, action, requests: connector.requestCount };
  } finally {
    await connector.close();
    await sandbox.close();
  }
}

/** Adds a note (or, where notes are unsupported, a tag) to the first candidate. */
async function writeAction(connector: ReturnType<typeof createConnector>): Promise<string> {
  let candidateId: string | null = null;
  for await (const candidate of connector.syncCandidates()) {
    candidateId = candidate.id;
    break;
  }
  if (!candidateId) return 'no candidate';
  if (connector.capabilities.actions.addNoteToCandidate.supported) {
    const result = await connector.addNoteToCandidate({ candidate_id: candidateId, content: 'Reviewed by the unified-ats demo.' });
    return `note added${result.warnings.length ? ' (with warnings)' : ''}`;
  }
  if (connector.capabilities.actions.addTagToCandidate.supported) {
    await connector.addTagToCandidate({ candidate_id: candidateId, tag: { name: 'unified-ats-demo' } });
    return 'tag added';
  }
  return 'none supported';
}
