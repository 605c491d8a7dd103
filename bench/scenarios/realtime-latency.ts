/**
 * Real time (issue 16): latency from a sandbox edit to the `onBatch` call that delivers it, through
 * the whole path (the Teamtailor sandbox posts its signed webhook over loopback →
 * `createWebhookHandler` verifies and answers → `engine.applyEvents` reads the record fresh →
 * `onBatch`), p50 / p99 over sequential edits; and requests per event for bursts: 1,000 events for
 * 10 records in one `applyEvents` call (coalesced), and edits posted one webhook each through the
 * handler (each request applied on its own).
 *
 * Registered in bench/run.ts as `rt` (runs by default). The sandbox runs in this process, so the
 * latency includes its work; it is a regression signal, not a production figure.
 */
import { createServer } from 'node:http';
import { createTeamtailorConnector } from '../../src/connectors/teamtailor/index.js';
import { createSyncEngine, MemoryStateStore, type AnySyncBatch } from '../../src/sync/index.js';
import { startSandbox } from '../../src/testing/index.js';
import { createWebhookHandler, parseWebhook, type WebhookEvent } from '../../src/webhooks/index.js';
import { quantile, round } from '../statistics.js';

/** Options of {@link runRealtimeLatency}. */
export interface RealtimeOptions {
  /** Sequential edits measured (default 200). */
  edits?: number;
  /** Events in the coalesced burst (default 1,000). */
  burstEvents?: number;
  /** Distinct records the burst names (default 10). */
  burstRecords?: number;
  /** Most time for one edit to reach onBatch before the scenario fails (default 10 s). */
  editTimeoutMs?: number;
}

/** What the scenario measured. */
export interface RealtimeResult {
  edits: number;
  /** Edit → onBatch, in ms. */
  latencyMs: { p50: number; p99: number; max: number };
  /** One applyEvents call with `burstEvents` events for `burstRecords` records. */
  coalescedBurst: { events: number; records: number; requests: number; requestsPerEvent: number; wallMs: number };
  /** The same records edited `burstEvents / burstRecords` times each, one webhook per edit, through the handler. */
  webhookBurst: { events: number; records: number; requests: number; requestsPerEvent: number; wallMs: number };
}

const secret = 'bench-realtime-signature-key';

export async function runRealtimeLatency(options: RealtimeOptions, log: (line: string) => void): Promise<RealtimeResult> {
  const edits = options.edits ?? 200;
  const burstEvents = options.burstEvents ?? 1_000;
  const burstRecords = options.burstRecords ?? 10;
  const editTimeoutMs = options.editTimeoutMs ?? 10_000;
  const sandbox = await startSandbox('teamtailor', { records: Math.max(50, burstRecords), seed: 16 });
  const ats = createTeamtailorConnector({ ...sandbox.connectorOptions, rateLimit: false });
  const engine = createSyncEngine({ connector: ats, store: new MemoryStateStore(), connectionId: 'bench-rt', models: ['candidates'] });
  // The waiter of the edit in flight: resolved by the onBatch that delivers its record.
  let waiting: { id: string; resolve: () => void } | null = null;
  const onBatch = async (batch: AnySyncBatch) => {
    if (waiting && batch.upserted.some((record) => record.remote_id === waiting?.id)) waiting.resolve();
  };
  const handler = createWebhookHandler({ provider: 'teamtailor', secret, connectionId: 'bench-rt', onEvents: async (events) => void (await engine.applyEvents(events, { onBatch })) });
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    await engine.run({ mode: 'delta', onBatch: async () => {} });
    const subscription = sandbox.webhooks.subscribe(`http://127.0.0.1:${port}/hooks`, { secret, events: ['candidate.update'] });
    const candidates = sandbox.store.list('candidates');

    // Latency: one edit at a time, edit → onBatch.
    const samples: number[] = [];
    for (let index = 0; index < edits; index += 1) {
      const candidate = candidates[index % candidates.length]!;
      let timer: NodeJS.Timeout | undefined;
      const delivered = new Promise<void>((resolve, reject) => {
        waiting = { id: candidate.id, resolve };
        timer = setTimeout(() => reject(new Error(`realtime: edit ${index} did not reach onBatch within ${editTimeoutMs} ms`)), editTimeoutMs);
      });
      const started = performance.now();
      sandbox.update('candidates', candidate.id, { 'first-name': `Edit ${index}` });
      await delivered.finally(() => clearTimeout(timer));
      samples.push(performance.now() - started);
      waiting = null;
    }
    await handler.idle();
    const sorted = [...samples].sort((a, b) => a - b);

    // Webhook burst: every edit posts its own webhook; the handler applies them one request at a time.
    const burstTargets = candidates.slice(0, burstRecords);
    const perRecord = Math.max(1, Math.round(burstEvents / burstRecords));
    let before = ats.requestCount;
    let started = performance.now();
    for (let pass = 0; pass < perRecord; pass += 1) {
      for (const candidate of burstTargets) sandbox.update('candidates', candidate.id, { 'last-name': `Burst ${pass}` });
    }
    await sandbox.webhooks.flush();
    await handler.idle();
    const webhookEvents = perRecord * burstTargets.length;
    const webhookBurst = { events: webhookEvents, records: burstTargets.length, requests: ats.requestCount - before, requestsPerEvent: 0, wallMs: round(performance.now() - started, 1) };
    webhookBurst.requestsPerEvent = round(webhookBurst.requests / webhookEvents, 3);
    subscription.unsubscribe();

    // Coalesced burst: the same volume handed to applyEvents at once (a queue drained in batches).
    const events: WebhookEvent[] = [];
    for (let index = 0; index < burstEvents; index += 1) {
      const candidate = burstTargets[index % burstTargets.length]!;
      events.push(...parseWebhook('teamtailor', JSON.stringify({ payload: { event_name: 'candidate.update', data: { id: candidate.id, type: 'candidates' } } })));
    }
    for (const candidate of burstTargets) sandbox.update('candidates', candidate.id, { 'last-name': 'Coalesced' });
    before = ats.requestCount;
    started = performance.now();
    const applied = await engine.applyEvents(events, { onBatch });
    const coalescedBurst = { events: events.length, records: applied.records, requests: ats.requestCount - before, requestsPerEvent: 0, wallMs: round(performance.now() - started, 1) };
    coalescedBurst.requestsPerEvent = round(coalescedBurst.requests / events.length, 4);
    if (applied.upserted !== burstTargets.length) throw new Error(`realtime: the coalesced burst delivered ${applied.upserted} records, expected ${burstTargets.length}`);

    const result: RealtimeResult = {
      edits,
      latencyMs: { p50: round(quantile(sorted, 0.5), 2), p99: round(quantile(sorted, 0.99), 2), max: round(sorted.at(-1) ?? Number.NaN, 2) },
      coalescedBurst,
      webhookBurst,
    };
    log(
      `realtime: edit -> onBatch p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms over ${edits} edits; ` +
        `burst ${coalescedBurst.events} events / ${coalescedBurst.records} records in one applyEvents: ${coalescedBurst.requests} requests (${coalescedBurst.requestsPerEvent}/event); ` +
        `${webhookBurst.events} webhooks through the handler: ${webhookBurst.requests} requests (${webhookBurst.requestsPerEvent}/event)`,
    );
    return result;
  } finally {
    await handler.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await ats.close();
    await sandbox.close();
  }
}
