/**
 * A record that fails its schema anywhere is quarantined with its remote id, never dropped: a
 * full scan that silently missed it would let the sweep deliver it as deleted. Each case breaks
 * one record in a sandbox the way a provider's payload could, and reads the model built from it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConnector, type ProviderName } from '../../../src/connectors/index.js';
import type { Connector } from '../../../src/actions/results.js';
import type { ModelName } from '../../../src/models/registry.js';
import type { QuarantinedRecord } from '../../../src/core/stream.js';
import { startSandbox, type Sandbox } from '../../../src/testing/index.js';

let sandbox: Sandbox | undefined;
let connector: Connector | undefined;
afterEach(async () => {
  await connector?.close();
  await sandbox?.close();
  connector = undefined;
  sandbox = undefined;
});

async function open(provider: ProviderName): Promise<{ sandbox: Sandbox; connector: Connector }> {
  sandbox = await startSandbox(provider, { records: 6, seed: 4 });
  connector = createConnector(provider, { ...sandbox.connectorOptions, rateLimit: false });
  return { sandbox, connector };
}

async function read(connector: Connector, model: ModelName): Promise<{ ids: string[]; quarantined: QuarantinedRecord[] }> {
  const ids: string[] = [];
  const quarantined: QuarantinedRecord[] = [];
  for await (const page of connector.syncModel(model).pages()) {
    ids.push(...page.records.map((record) => record.remote_id));
    quarantined.push(...page.quarantined);
  }
  return { ids, quarantined };
}

describe('failing records are quarantined with their remote id, never dropped', () => {
  it('Teamtailor: a job stage that fails its schema is quarantined as <jobId>:<stageId>', async () => {
    const { sandbox, connector } = await open('teamtailor');
    const stage = sandbox.store.list('stages')[1]!;
    const jobId = String((stage.rel as { job: string }).job);
    sandbox.update('stages', stage.id, { 'row-order': 'second' });
    const { ids, quarantined } = await read(connector, 'job_stages');
    expect(ids).not.toContain(`${jobId}:${stage.id}`);
    expect(quarantined).toContainEqual(expect.objectContaining({ remote_id: `${jobId}:${stage.id}`, reason: 'wire_schema' }));
    expect(quarantined.find((entry) => entry.remote_id === `${jobId}:${stage.id}`)?.issues).toEqual([{ path: ['attributes', 'row-order'], code: 'invalid_type' }]);
  });

  it('Gem: a job stage that fails its schema is quarantined as <jobId>:<stageId> (the job stage remote id)', async () => {
    const { sandbox, connector } = await open('gem');
    const stage = sandbox.store.list('job_stages').find((entry) => entry.job_id)!;
    sandbox.update('job_stages', stage.id, { priority: 'first' });
    const { ids, quarantined } = await read(connector, 'job_stages');
    expect(ids).not.toContain(`${String(stage.job_id)}:${stage.id}`);
    expect(quarantined.map((entry) => entry.remote_id)).toContain(`${String(stage.job_id)}:${stage.id}`);
  });

  it('Crelate: a workflow status that fails its schema is quarantined as a stage and as every job\'s stage', async () => {
    const { sandbox, connector } = await open('crelate');
    const status = sandbox.store.list('workflowstatuses')[0]!;
    sandbox.update('workflowstatuses', status.id, { SortOrder: 'top' });
    const stages = await read(connector, 'application_stages');
    expect(stages.quarantined.map((entry) => entry.remote_id)).toContain(status.id.toLowerCase());
    const jobStages = await read(connector, 'job_stages');
    const job = sandbox.store.list('jobs')[0]!;
    expect(jobStages.quarantined.map((entry) => entry.remote_id)).toContain(`${job.id.toLowerCase()}:${status.id.toLowerCase()}`);
  });

  it('Crelate: the applications of a job that fails its schema are still read', async () => {
    const { sandbox, connector } = await open('crelate');
    const before = await read(connector, 'applications');
    const job = sandbox.store.list('jobs').find((entry) => sandbox.store.list('pipeline').some((item) => JSON.stringify(item).includes(entry.id)))!;
    sandbox.update('jobs', job.id, { IsOnHold: 'maybe' });
    const after = await read(connector, 'applications');
    expect(after.ids.sort()).toEqual(before.ids.sort());
    expect((await read(connector, 'jobs')).quarantined.map((entry) => entry.remote_id)).toContain(job.id.toLowerCase());
  });

  it('Flatchr: a column that fails its schema is quarantined as every vacancy\'s <vacancy>:<column> job stage', async () => {
    const { sandbox, connector } = await open('flatchr');
    const column = sandbox.store.list('columns')[0]!;
    sandbox.update('columns', column.id, { position: 'left' });
    const { quarantined } = await read(connector, 'job_stages');
    const vacancy = sandbox.store.list('vacancies')[0]!;
    expect(quarantined.map((entry) => entry.remote_id)).toContain(`${vacancy.id}:${column.id}`);
  });

  it('Jarvi: the users of a project that fails its schema are still delivered (each user checked on its own)', async () => {
    const { sandbox, connector } = await open('jarvi');
    const before = await read(connector, 'users');
    for (const project of sandbox.store.list('projects')) sandbox.update('projects', project.id, { name: 12 });
    const after = await read(connector, 'users');
    expect(after.ids.sort()).toEqual(before.ids.sort());
    expect(after.ids.length).toBeGreaterThan(0);
    expect((await read(connector, 'jobs')).quarantined.length).toBeGreaterThan(0);
  });
});
