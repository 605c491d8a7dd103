/**
 * Real time end to end, over loopback: an edit, a stage move or a delete in the Teamtailor or
 * Flatchr sandbox → the sandbox posts the provider's webhook → `createWebhookHandler` verifies it →
 * `engine.applyEvents` reads the record fresh and delivers it through `onBatch` (with its stage
 * change) → the following delta poll delivers nothing new. Refused requests (tampered body, wrong
 * secret, replayed or stale timestamp) and events for another connection fetch nothing; a burst
 * costs at most one read per distinct record.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unifiedId } from '../../src/index.js';
import type { Application, Candidate } from '../../src/models/index.js';
import { bufferEvents, createSyncEngine, EventRefusedError, MemoryStateStore, type AnySyncBatch, type StageChange, type SyncEngine } from '../../src/sync/index.js';
import { startSandbox, type Sandbox, type SandboxServer } from '../../src/testing/index.js';
import { canarySecret } from '../../src/testing/canary.js';
import { FLATCHR_SANDBOX_COMPANY_ID } from '../../src/testing/sandboxes/flatchr/sandbox.js';
import { TEAMTAILOR_SANDBOX_COMPANY_UUID } from '../../src/testing/sandboxes/teamtailor/webhooks.js';
import { createWebhookHandler, parseWebhook, signTeamtailorWebhook, type WebhookEvent, type WebhookHandler } from '../../src/webhooks/index.js';
import { sandboxConnector as flatchrConnector } from '../connectors/flatchr/helpers.js';
import { sandboxConnector, type SandboxConnector } from '../connectors/teamtailor/sandbox-helpers.js';
import { startHookServer, type HookServer } from '../webhooks/helpers.js';

type Rel = Record<string, string>;

/** Everything delivered, by kind. */
function sink() {
  const batches: AnySyncBatch[] = [];
  return {
    batches,
    onBatch: async (batch: AnySyncBatch) => void batches.push(batch),
    upserted: (model: string) => batches.filter((batch) => batch.model === model).flatMap((batch) => batch.upserted.map((record) => record.id)),
    deleted: (model: string) => batches.filter((batch) => batch.model === model).flatMap((batch) => batch.deleted.map((record) => record.id)),
    stageChanges: () => batches.flatMap((batch): StageChange[] => batch.stageChanges),
    reset: () => void (batches.length = 0),
  };
}

describe('Teamtailor: sandbox webhook → handler → applyEvents → onBatch', () => {
  const secret = canarySecret('tt-webhook-signature-key');
  let sandbox: Sandbox<'teamtailor'>;
  let ats: SandboxConnector;
  let engine: SyncEngine;
  let handler: WebhookHandler;
  let hooks: HookServer;
  let delivered: ReturnType<typeof sink>;
  let errors: unknown[];
  let subscription: { unsubscribe(): void };

  beforeEach(async () => {
    sandbox = await startSandbox('teamtailor', { records: 12, seed: 5 });
    ats = sandboxConnector(sandbox);
    engine = createSyncEngine({ connector: ats.connector, store: new MemoryStateStore(), connectionId: 'acme-tt', models: ['jobs', 'candidates', 'applications'] });
    await engine.run({ mode: 'delta', onBatch: async () => {} });
    delivered = sink();
    errors = [];
    handler = createWebhookHandler({
      provider: 'teamtailor',
      secret,
      connectionId: 'acme-tt',
      accountId: TEAMTAILOR_SANDBOX_COMPANY_UUID,
      onEvents: async (events) => void (await engine.applyEvents(events, { onBatch: delivered.onBatch })),
      onError: (error) => void errors.push(error),
    });
    hooks = await startHookServer(handler);
    subscription = sandbox.webhooks.subscribe(`${hooks.url}/hooks/teamtailor`, { secret });
  });

  afterEach(async () => {
    await ats.close();
    await sandbox.close();
    await hooks.close();
  });

  /** Lets the sandbox send, and the handler finish applying. */
  const settle = async () => {
    await sandbox.webhooks.flush();
    await handler.idle();
  };

  /** A delta poll after the webhook: what it delivers. */
  const poll = async () => {
    const after = sink();
    const report = await engine.run({ mode: 'delta', onBatch: after.onBatch });
    expect(report.status).toBe('ok');
    return after;
  };

  it('an edit is read fresh and delivered; the next poll delivers nothing', async () => {
    const before = ats.connector.requestCount;
    const remoteId = sandbox.editCandidate(0);
    await settle();
    const id = unifiedId('teamtailor', 'candidate', remoteId);
    expect(delivered.upserted('candidates')).toEqual([id]);
    expect(ats.connector.requestCount - before).toBe(1);
    expect((await poll()).batches).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a stage move is delivered with its stage change; the next poll delivers nothing', async () => {
    const application = sandbox.store.list('job-applications')[0]!;
    const rel = application.rel as Rel;
    const stage = sandbox.store.list('stages').find((entry) => (entry.rel as Rel).job === rel.job && entry.id !== rel.stage)!;
    sandbox.moveApplication(application.id, stage.id);
    await settle();
    const id = unifiedId('teamtailor', 'application', application.id);
    expect(delivered.upserted('applications')).toEqual([id]);
    expect(delivered.stageChanges()).toEqual([
      expect.objectContaining({ application_id: id, from_stage_id: unifiedId('teamtailor', 'stage', rel.stage!), to_stage_id: unifiedId('teamtailor', 'stage', stage.id), initial: false }),
    ]);
    const after = await poll();
    expect(after.batches).toEqual([]);
  });

  it('a delete is confirmed by a 404 and delivered as a deletion, once', async () => {
    const candidate = sandbox.store.list('candidates')[2]!;
    sandbox.deleteCandidate(candidate.id);
    await settle();
    const id = unifiedId('teamtailor', 'candidate', candidate.id);
    expect(delivered.deleted('candidates')).toEqual([id]);
    const deletion = delivered.batches[0]?.deleted[0];
    expect(deletion).toMatchObject({ id, remote_id: candidate.id, record: null, remote_deleted_at: expect.any(String) });
    expect(await engine.lastSynced('candidates', id)).toBe(deletion?.remote_deleted_at);
    // The same event again (a duplicate): confirmed again, nothing new delivered.
    delivered.reset();
    const event = parseWebhook('teamtailor', JSON.stringify({ payload: { event_name: 'candidate.destroy', data: { id: candidate.id, type: 'candidates' } } }));
    const result = await engine.applyEvents(event, { onBatch: delivered.onBatch });
    expect(result).toMatchObject({ fetches: 1, deleted: 0, unchanged: 1 });
    expect(delivered.batches).toEqual([]);
    expect((await poll()).batches).toEqual([]);
  });

  it('refused requests reach neither the engine nor the provider', async () => {
    const body = JSON.stringify({ payload: { event_name: 'candidate.update', data: { id: sandbox.store.list('candidates')[0]!.id, type: 'candidates' } } });
    const now = Math.floor(Date.now() / 1000);
    const before = ats.connector.requestCount;
    // Tampered body: the signature is for another body.
    expect((await hooks.post('/', body.replace('candidate.update', 'candidate.create'), { 'tt-signature': signTeamtailorWebhook(body, secret, now) })).status).toBe(401);
    // Wrong secret.
    expect((await hooks.post('/', body, { 'tt-signature': signTeamtailorWebhook(body, 'another-key', now) })).status).toBe(401);
    // Old timestamp (a captured request played back later).
    expect((await hooks.post('/', body, { 'tt-signature': signTeamtailorWebhook(body, secret, now - 3600) })).status).toBe(401);
    // The very same request twice: the second is a replay.
    const headers = { 'tt-signature': signTeamtailorWebhook(body, secret, now) };
    expect((await hooks.post('/', body, headers)).status).toBe(200);
    await handler.idle();
    expect(ats.connector.requestCount - before).toBe(1);
    expect((await hooks.post('/', body, headers)).status).toBe(409);
    await handler.idle();
    expect(ats.connector.requestCount - before).toBe(1);
    expect(errors).toEqual([]);
  });

  it('events for another connection or provider are refused before any read', async () => {
    const [event] = parseWebhook('teamtailor', JSON.stringify({ payload: { event_name: 'candidate.update', data: { id: sandbox.store.list('candidates')[0]!.id, type: 'candidates' } } }), { connectionId: 'acme-tt' }) as [WebhookEvent];
    const before = ats.connector.requestCount;
    const refused = (events: unknown[]) => engine.applyEvents(events as WebhookEvent[], { onBatch: delivered.onBatch });
    await expect(refused([event, { ...event, connection_id: 'other-account' }])).rejects.toMatchObject({ name: 'EventRefusedError', reason: 'other_connection' });
    await expect(refused([{ ...event, provider: 'flatchr' }])).rejects.toBeInstanceOf(EventRefusedError);
    await expect(refused([{ ...event, id: unifiedId('crelate', 'candidate', 'aaaaaaaa-0000-4000-8000-000000000000') }])).rejects.toMatchObject({ reason: 'foreign_id' });
    await expect(refused([null])).rejects.toMatchObject({ reason: 'not_events' });
    expect(ats.connector.requestCount).toBe(before);
    expect(delivered.batches).toEqual([]);
  });

  it('an onBatch that throws leaves the state as it was: the next poll delivers the change', async () => {
    subscription.unsubscribe();
    const remoteId = sandbox.editCandidate(4);
    const [event] = parseWebhook('teamtailor', JSON.stringify({ payload: { event_name: 'candidate.update', data: { id: remoteId, type: 'candidates' } } })) as [WebhookEvent];
    await expect(engine.applyEvents([event], { onBatch: async () => Promise.reject(new Error('database down')) })).rejects.toThrow('database down');
    const after = await poll();
    expect(after.upserted('candidates')).toEqual([unifiedId('teamtailor', 'candidate', remoteId)]);
  });

  it('with a filter, an event for a record that does not match is filtered, with its reasons, and not delivered', async () => {
    subscription.unsubscribe();
    const filtered = createSyncEngine({
      connector: ats.connector,
      store: new MemoryStateStore(),
      connectionId: 'acme-tt',
      models: ['candidates'],
      filter: { candidates: [{ id: 'nobody', name: 'Named Nobody', active: true, when: { path: 'first_name', op: 'equals', value: 'Nobody' } }] },
    });
    const remoteId = sandbox.editCandidate(5);
    const events = parseWebhook('teamtailor', JSON.stringify({ payload: { event_name: 'candidate.update', data: { id: remoteId, type: 'candidates' } } }));
    const result = await filtered.applyEvents(events, { onBatch: delivered.onBatch });
    expect(result.upserted).toBe(0);
    expect(result.filtered).toEqual([{ id: unifiedId('teamtailor', 'candidate', remoteId), remote_id: remoteId, reasons: [expect.stringContaining('rule "Named Nobody": first_name is')] }]);
    expect(delivered.batches).toEqual([]);
  });

  it('bufferEvents coalesces across webhook requests: 60 edits of 3 candidates, one webhook each, cost 3 reads', async () => {
    await hooks.close();
    const buffer = bufferEvents({ engine, onBatch: delivered.onBatch, windowMs: 10_000, maxEvents: 60 });
    const buffered = createWebhookHandler({ provider: 'teamtailor', secret, connectionId: 'acme-tt', onEvents: (events) => buffer.push(events) });
    hooks = await startHookServer(buffered);
    subscription.unsubscribe();
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/teamtailor`, { secret });
    const candidates = sandbox.store.list('candidates').slice(0, 3);
    const before = ats.connector.requestCount;
    for (let pass = 0; pass < 20; pass += 1) {
      for (const candidate of candidates) sandbox.update('candidates', candidate.id, { 'last-name': `Pass ${pass}` });
    }
    await sandbox.webhooks.flush();
    await buffered.idle();
    await buffer.close();
    expect(sandbox.webhooks.deliveries.filter((delivery) => delivery.status === 200)).toHaveLength(60);
    expect(ats.connector.requestCount - before).toBe(3);
    expect(delivered.upserted('candidates').sort()).toEqual(candidates.map((candidate) => unifiedId('teamtailor', 'candidate', candidate.id)).sort());
    expect(() => buffer.push([])).toThrow(/closed/);
    expect((await poll()).batches).toEqual([]);
  });

  it('a burst of 1,000 events costs one read per distinct record; unknown events are listed, not applied', async () => {
    // The burst is applied by hand here: the sandbox must not post its own events meanwhile.
    subscription.unsubscribe();
    const candidates = sandbox.store.list('candidates').slice(0, 3);
    for (const candidate of candidates) sandbox.update('candidates', candidate.id, { 'first-name': `Edited ${candidate.id}` });
    const events: WebhookEvent[] = [];
    for (let index = 0; index < 1000; index += 1) {
      const candidate = candidates[index % candidates.length]!;
      events.push(...parseWebhook('teamtailor', JSON.stringify({ payload: { event_name: 'candidate.update', data: { id: candidate.id, type: 'candidates' } } })));
    }
    events.push(...parseWebhook('teamtailor', JSON.stringify({ payload: { event_name: 'company.rename', data: { id: '1' } } })));
    const before = ats.connector.requestCount;
    const result = await engine.applyEvents(events, { onBatch: delivered.onBatch });
    expect(result).toMatchObject({ events: 1001, records: 3, fetches: 3, upserted: 3 });
    expect(result.requests).toBe(3);
    expect(ats.connector.requestCount - before).toBe(3);
    expect(result.ignored).toEqual([{ index: 1000, event_name: 'company.rename', reason: 'kind "unknown" is not applied' }]);
    expect(delivered.upserted('candidates').sort()).toEqual(candidates.map((candidate) => unifiedId('teamtailor', 'candidate', candidate.id)).sort());
    expect((await poll()).batches).toEqual([]);
  });
});

describe('Flatchr: sandbox webhook (token in the URL) → handler → applyEvents → onBatch', () => {
  const token = canarySecret('flatchr-webhook-token-0123456789');
  let sandbox: SandboxServer;
  let connector: Awaited<ReturnType<typeof flatchrConnector>>['connector'];
  let close: () => Promise<void>;
  let engine: SyncEngine;
  let handler: WebhookHandler;
  let hooks: HookServer;
  let delivered: ReturnType<typeof sink>;

  beforeEach(async () => {
    ({ sandbox, connector, close } = await flatchrConnector({ records: 8, seed: 4 }));
    engine = createSyncEngine({ connector, store: new MemoryStateStore(), connectionId: 'acme-fl', models: ['jobs', 'candidates', 'applications'] });
    await engine.run({ mode: 'delta', onBatch: async () => {} });
    delivered = sink();
    handler = createWebhookHandler({ provider: 'flatchr', secret: token, connectionId: 'acme-fl', accountId: FLATCHR_SANDBOX_COMPANY_ID, onEvents: async (events) => void (await engine.applyEvents(events, { onBatch: delivered.onBatch })) });
    hooks = await startHookServer(handler);
  });

  afterEach(async () => {
    await close();
    await hooks.close();
  });

  it('a stage move (drag_applicant, no application id) is found by candidate and job, delivered with its stage change; the next poll delivers nothing', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/flatchr`, { secret: token });
    const applications: Application[] = [];
    for await (const record of connector.syncApplications()) applications.push(record);
    const application = applications[0]!;
    const applicant = sandbox.store.get('applicants', application.remote_id);
    const column = sandbox.store.list('columns').find((entry) => Number(entry.id) !== applicant?.column_id)!;
    sandbox.moveApplication(application.remote_id, column.id);
    await sandbox.webhooks.flush();
    await handler.idle();
    expect(delivered.upserted('applications')).toEqual([application.id]);
    expect(delivered.stageChanges()).toEqual([expect.objectContaining({ application_id: application.id, from_stage_id: application.current_stage_id, initial: false })]);
    expect(delivered.stageChanges()[0]?.to_stage_id).not.toBe(application.current_stage_id);
    const after = sink();
    await engine.run({ mode: 'delta', onBatch: after.onBatch });
    expect(after.upserted('applications')).toEqual([]);
    expect(after.stageChanges()).toEqual([]);
  });

  it('a wrong token is refused and nothing is read', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/flatchr`, { secret: canarySecret('not-the-token-0123456789abcdef') });
    const before = connector.requestCount;
    const [application] = sandbox.store.list('applicants');
    const column = sandbox.store.list('columns').find((entry) => Number(entry.id) !== application?.column_id)!;
    sandbox.moveApplication(application!.id, column.id);
    await sandbox.webhooks.flush();
    await handler.idle();
    expect(sandbox.webhooks.deliveries.map((delivery) => delivery.status)).toEqual([401]);
    expect(connector.requestCount).toBe(before);
    expect(delivered.batches).toEqual([]);
  });

  it('a new applicant (new_applicant) created through the connector is delivered, candidate first-seen as initial', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/flatchr`, { secret: token });
    const jobs = [];
    for await (const job of connector.syncJobs()) jobs.push(job);
    const created = await connector.createCandidate({
      candidate: { first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: 'ada@example.fr' }] },
      application: { job_id: jobs[0]!.id },
    });
    await sandbox.webhooks.flush();
    await handler.idle();
    const candidate = created.candidate as Candidate;
    const [change] = delivered.stageChanges();
    expect(change).toMatchObject({ candidate_id: candidate.id, job_id: jobs[0]!.id, from_stage_id: null, initial: true });
    expect(delivered.upserted('applications')).toEqual([change?.application_id]);
  });
});
