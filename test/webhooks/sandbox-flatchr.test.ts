/**
 * End to end on the Flatchr sandbox, over loopback: a stage move (sandbox helper or connector
 * action), a new applicant and a new vacancy → the sandbox POSTs Flatchr's documented payload with
 * the secret token in the URL (Flatchr does not sign) → createWebhookHandler checks the token →
 * onEvents gets typed events whose related ids (and job id) are the ones the connector's sync
 * delivers. Edits and deletions send nothing (Flatchr documents no such event).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Application } from '../../src/models/index.js';
import type { SandboxServer as Sandbox } from '../../src/testing/index.js';
import { canarySecret } from '../../src/testing/canary.js';
import { FLATCHR_SANDBOX_COMPANY_ID } from '../../src/testing/sandboxes/flatchr/sandbox.js';
import { createWebhookHandler, type WebhookEvent } from '../../src/webhooks/index.js';
import { collect, sandboxConnector } from '../connectors/flatchr/helpers.js';
import { startHookServer, waitFor, type HookServer } from './helpers.js';

const token = canarySecret('flatchr-webhook-token-0123456789');
let sandbox: Sandbox;
let connector: Awaited<ReturnType<typeof sandboxConnector>>['connector'];
let closeSandbox: () => Promise<void>;
let hooks: HookServer;
let events: WebhookEvent[];

beforeEach(async () => {
  ({ sandbox, connector, close: closeSandbox } = await sandboxConnector({ records: 8, seed: 4 }));
  events = [];
  hooks = await startHookServer(createWebhookHandler({ provider: 'flatchr', secret: token, connectionId: 'acme-fl', accountId: FLATCHR_SANDBOX_COMPANY_ID, onEvents: (batch) => void events.push(...batch) }));
});

afterEach(async () => {
  await closeSandbox();
  await hooks.close();
});

/** The synced application matching an event's related candidate and job. */
function matching(applications: Application[], event: WebhookEvent): Application[] {
  return applications.filter((application) => application.candidate_id === event.related.candidate_id && application.job_id === event.related.job_id);
}

describe('Flatchr sandbox → webhook → handler → typed events', () => {
  it('a stage move arrives as drag_applicant: related candidate, job and new stage match the next sync', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/flatchr`, { secret: token });
    const [application] = (await collect(connector.syncApplications())) as [Application];
    const applicant = sandbox.store.get('applicants', application.remote_id);
    const column = sandbox.store.list('columns').find((entry) => Number(entry.id) !== applicant?.column_id);
    sandbox.moveApplication(application.remote_id, column?.id as string);
    await sandbox.webhooks.flush();
    await waitFor(() => events.length === 1);
    const [event] = events as [WebhookEvent];
    expect(event).toMatchObject({ provider: 'flatchr', event_name: 'drag_applicant', kind: 'stage_changed', model: 'applications', id: null, account_id: FLATCHR_SANDBOX_COMPANY_ID, connection_id: 'acme-fl' });
    const after = matching(await collect(connector.syncApplications()), event);
    expect(after.map((record) => record.id)).toEqual([application.id]);
    expect(after[0]?.current_stage_id).toBe(event.related.stage_id);
    expect(event.related.stage_id).not.toBe(application.current_stage_id);
  });

  it('the connector action moveApplicationToStage also sends drag_applicant', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/flatchr`, { secret: token, token: 'header' });
    const [application] = (await collect(connector.syncApplications())) as [Application];
    const stages = await collect(connector.syncApplicationStages());
    const target = stages.find((stage) => stage.id !== application.current_stage_id);
    await connector.moveApplicationToStage({ application_id: application.id, stage_id: target?.id as string });
    await sandbox.webhooks.flush();
    await waitFor(() => events.length === 1);
    expect(events[0]).toMatchObject({ kind: 'stage_changed', related: { stage_id: target?.id, job_id: application.job_id, candidate_id: application.candidate_id } });
  });

  it('a candidate created through the connector arrives as new_applicant; a new vacancy as new_vacancy', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/flatchr`, { secret: token });
    const jobs = await collect(connector.syncJobs());
    const created = await connector.createCandidate({
      candidate: { first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: 'Ada@Example.fr' }] },
      application: { job_id: jobs[0]?.id as string },
    });
    const vacancy = sandbox.add('vacancies', { id: 'Vq5r6pYxam9AmMvP', vacancy_id: 99001, slug: 'vq5r6pyxam9ammvp-data', title: 'Data Engineer H/F', status: 1, address: null, tags: [] });
    await sandbox.webhooks.flush();
    await waitFor(() => events.length === 2);
    expect(events[0]).toMatchObject({ event_name: 'new_applicant', kind: 'created', model: 'applications', related: { candidate_id: created.candidate.id, job_id: jobs[0]?.id } });
    const job = (await collect(connector.syncJobs())).find((record) => record.remote_id === vacancy);
    expect(events[1]).toMatchObject({ event_name: 'new_vacancy', kind: 'created', model: 'jobs', remote_id: vacancy, id: job?.id });
  });

  it('sends nothing for an edit or a deletion, and a wrong token is refused', async () => {
    sandbox.webhooks.subscribe(`${hooks.url}/hooks/flatchr`, { secret: token });
    sandbox.editCandidate(0);
    const candidate = sandbox.store.list('candidates')[1];
    sandbox.deleteCandidate(candidate?.id as string);
    await sandbox.webhooks.flush();
    expect(sandbox.webhooks.deliveries).toEqual([]);

    sandbox.webhooks.subscribe(`${hooks.url}/hooks/flatchr`, { secret: `${token}-wrong`, events: ['drag_applicant'] });
    const applicant = sandbox.store.list('applicants')[0];
    const column = sandbox.store.list('columns').find((entry) => Number(entry.id) !== applicant?.column_id);
    sandbox.moveApplication(applicant?.id as string, column?.id as string);
    await sandbox.webhooks.flush();
    await waitFor(() => events.length === 1);
    expect(sandbox.webhooks.deliveries.map((delivery) => delivery.status).sort()).toEqual([200, 401]);
  });
});
