/**
 * End to end on the Teamtailor sandbox, all over loopback: an edit, a stage move (by the sandbox
 * helper and by the connector's action) and a delete in the sandbox → the sandbox POSTs Teamtailor's
 * payload signed with TT-Signature v2 → createWebhookHandler verifies it → onEvents gets the typed
 * event whose unified id is the one the connector's sync delivered. Wrong secrets and legacy
 * signatures are refused and never reach onEvents; deliveries are never retried; the queue is bounded.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnsupportedError } from '../../src/core/errors.js';
import type { Application, Candidate } from '../../src/models/index.js';
import { startSandbox, type Sandbox } from '../../src/testing/index.js';
import { canarySecret } from '../../src/testing/canary.js';
import { TEAMTAILOR_SANDBOX_COMPANY_UUID } from '../../src/testing/sandboxes/teamtailor/webhooks.js';
import { createWebhookHandler, type WebhookEvent, type WebhookHandlerOptions } from '../../src/webhooks/index.js';
import { sandboxConnector, type SandboxConnector } from '../connectors/teamtailor/sandbox-helpers.js';
import { startHookServer, waitFor, type HookServer } from './helpers.js';

const secret = canarySecret('tt-webhook-signature-key');
let sandbox: Sandbox;
let ats: SandboxConnector;
let hooks: HookServer;
let events: WebhookEvent[];
let candidates: Candidate[];
let applications: Application[];

async function receiver(options: Partial<WebhookHandlerOptions> = {}) {
  const received: WebhookEvent[] = [];
  const handler = createWebhookHandler({ provider: 'teamtailor', secret, connectionId: 'acme-tt', accountId: TEAMTAILOR_SANDBOX_COMPANY_UUID, onEvents: (batch) => void received.push(...batch), ...options });
  const server = await startHookServer(handler);
  return { handler, server, received };
}

beforeEach(async () => {
  sandbox = await startSandbox('teamtailor', { records: 12, seed: 5 });
  ats = sandboxConnector(sandbox);
  candidates = [];
  for await (const record of ats.connector.syncCandidates()) candidates.push(record);
  applications = [];
  for await (const record of ats.connector.syncApplications()) applications.push(record);
  const started = await receiver();
  hooks = started.server;
  events = started.received;
});

afterEach(async () => {
  await ats.close();
  await sandbox.close();
  await hooks.close();
});

describe('Teamtailor sandbox → webhook → handler → typed events', () => {
  it('an edit arrives as candidate.update, with the id the sync delivered', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/teamtailor`, { secret });
    const remoteId = sandbox.editCandidate(0);
    await sandbox.webhooks.flush();
    await waitFor(() => events.length === 1);
    const synced = candidates.find((candidate) => candidate.remote_id === remoteId);
    expect(events[0]).toMatchObject({ provider: 'teamtailor', event_name: 'candidate.update', model: 'candidates', kind: 'updated', remote_id: remoteId, id: synced?.id, connection_id: 'acme-tt' });
    expect(sandbox.webhooks.deliveries).toEqual([{ subscription: 'webhook-1', event: 'candidate.update', status: 200, error: null }]);
  });

  it('typed edits fire too: editCandidate with unified fields and editJob arrive with the synced ids', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/teamtailor`, { secret, events: ['candidate.update', 'job.update'] });
    const jobs = [];
    for await (const job of ats.connector.syncJobs()) jobs.push(job);
    const candidate = candidates[2] as Candidate;
    const job = jobs[0]!;
    expect(sandbox.editCandidate(candidate.remote_id, { last_name: 'Hopper' })).toBe(candidate.remote_id);
    expect(sandbox.editJob(job.remote_id, { name: 'Principal Engineer' })).toBe(job.remote_id);
    await sandbox.webhooks.flush();
    await waitFor(() => events.length === 2);
    expect(events.map((event) => [event.event_name, event.id])).toEqual([
      ['candidate.update', candidate.id],
      ['job.update', job.id],
    ]);
  });

  it('a stage move, by the sandbox or by the connector action, arrives as job_application.update with the job', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/teamtailor`, { secret, events: ['job_application.update'] });
    const application = applications[0] as Application;
    const stages = sandbox.store.list('stages').filter((stage) => (stage.rel as { job: string }).job === (sandbox.store.get('job-applications', application.remote_id)?.rel as { job: string }).job);
    const current = (sandbox.store.get('job-applications', application.remote_id)?.rel as { stage: string }).stage;
    const [first, second] = stages.filter((stage) => stage.id !== current);
    sandbox.moveApplication(application.remote_id, first?.id as string);
    const jobStages: { id: string; stage_id: string; remote_id: string }[] = [];
    for await (const stage of ats.connector.syncJobStages()) jobStages.push(stage);
    const target = jobStages.find((stage) => stage.remote_id.endsWith(`:${second?.id}`));
    await ats.connector.moveApplicationToStage({ application_id: application.id, stage_id: target?.id as string });
    await sandbox.webhooks.flush();
    await waitFor(() => events.length === 2);
    for (const event of events) {
      expect(event).toMatchObject({ event_name: 'job_application.update', model: 'applications', kind: 'updated', remote_id: application.remote_id, id: application.id, account_id: TEAMTAILOR_SANDBOX_COMPANY_UUID });
      expect(event.related.job_id).toBe(application.job_id);
    }
    expect((events[1]?.raw as { data: { attributes: Record<string, unknown> } }).data.attributes['stage-name']).toBe(second?.name);
  });

  it('a delete arrives as candidate.destroy; the applications go quietly with it', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/teamtailor`, { secret });
    const candidate = candidates.find((record) => applications.some((application) => application.candidate_id === record.id)) as Candidate;
    sandbox.deleteCandidate(candidate.remote_id);
    await sandbox.webhooks.flush();
    await waitFor(() => events.length === 1);
    expect(events).toEqual([expect.objectContaining({ event_name: 'candidate.destroy', kind: 'deleted', model: 'candidates', id: candidate.id, remote_id: candidate.remote_id })]);
    expect(events[0]?.raw).toEqual({ event_name: 'candidate.destroy', data: { id: candidate.remote_id, type: 'candidates' } });
    await expect(ats.connector.getCandidate(candidate.id)).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('sends nothing for a change Teamtailor does not report (a tag)', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/teamtailor`, { secret });
    await ats.connector.addTagToCandidate({ candidate_id: candidates[1]?.id as string, tag: { name: 'shortlist' } });
    await sandbox.webhooks.flush();
    expect(sandbox.webhooks.deliveries).toEqual([]);
    sandbox.editCandidate(1);
    await sandbox.webhooks.flush();
    expect(sandbox.webhooks.deliveries.map((delivery) => delivery.event)).toEqual(['candidate.update']);
  });

  it('sends only the subscribed events', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/teamtailor`, { secret, events: ['job.update'] });
    sandbox.editCandidate(2);
    await sandbox.webhooks.flush();
    expect(sandbox.webhooks.deliveries).toEqual([]);
    expect(events).toEqual([]);
  });
});

describe('refused deliveries never reach onEvents', () => {
  it('a wrong secret, and a legacy v1 signature unless allowed', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/wrong`, { secret: 'not-the-signature-key' });
    sandbox.webhooks.subscribe(`${hooks.url}/legacy`, { secret, signature: 'v1' });
    const legacy = await receiver({ allowLegacySignature: true });
    try {
      sandbox.webhooks.subscribe(`${legacy.server.url}/legacy-allowed`, { secret, signature: 'v1' });
      const remoteId = sandbox.editCandidate(3);
      await sandbox.webhooks.flush();
      expect(sandbox.webhooks.deliveries.map((delivery) => delivery.status)).toEqual([401, 401, 200]);
      await waitFor(() => legacy.received.length === 1);
      expect(legacy.received[0]).toMatchObject({ kind: 'updated', remote_id: remoteId });
      expect(events).toEqual([]);
    } finally {
      await legacy.server.close();
    }
  });
});

describe('delivery', () => {
  it('never retries: a receiver that is down gets one attempt, recorded', async () => {
    const down = await startHookServer(createWebhookHandler({ provider: 'teamtailor', secret, onEvents: () => undefined }));
    await down.close();
    sandbox.webhooks.subscribe(`${down.url}/gone`, { secret });
    sandbox.editCandidate(4);
    await sandbox.webhooks.flush();
    expect(sandbox.webhooks.deliveries).toHaveLength(1);
    expect(sandbox.webhooks.deliveries[0]).toMatchObject({ event: 'candidate.update', status: null, error: expect.any(String) });
  });

  it('delivers in order of the changes', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks`, { secret });
    const ids = [0, 1, 2, 3, 4].map((index) => sandbox.editCandidate(index));
    await sandbox.webhooks.flush();
    await waitFor(() => events.length === 5);
    expect(events.map((event) => event.remote_id)).toEqual(ids);
  });

  it('keeps at most 1,000 deliveries queued, and close() drops the rest and aborts the one in flight', async () => {
    let arrived = 0;
    const stuck = await startHookServer(
      Object.assign(
        () => {
          arrived += 1;
        },
        { idle: async () => undefined, close: async () => undefined, pending: 0 },
      ) as never,
    );
    try {
      sandbox.webhooks.subscribe(`${stuck.url}/stuck`, { secret });
      for (let edit = 0; edit < 1100; edit += 1) sandbox.editCandidate(edit % 12);
      expect(sandbox.webhooks.deliveries.filter((delivery) => delivery.error?.startsWith('queue full'))).toHaveLength(100);
      await waitFor(() => arrived === 1);
      const started = Date.now();
      await sandbox.webhooks.close(50);
      expect(Date.now() - started).toBeLessThan(3000);
      const records = sandbox.webhooks.deliveries;
      expect(records.filter((delivery) => delivery.error?.startsWith('sandbox closed'))).toHaveLength(999);
      expect(records.at(-1)).toMatchObject({ status: null });
      expect(arrived).toBe(1);
    } finally {
      await stuck.close();
    }
  });

  it('the sandboxes of providers without a webhook shape refuse subscriptions with the reason', async () => {
    for (const provider of ['gem', 'jarvi', 'crelate'] as const) {
      const other = await startSandbox(provider, { records: 2 });
      try {
        expect(() => other.webhooks.subscribe('http://127.0.0.1:1/x', { secret })).toThrow(UnsupportedError);
        expect(other.webhooks.events).toEqual([]);
      } finally {
        await other.close();
      }
    }
    expect(sandbox.webhooks.events).toContain('job_application.update');
  });
});
