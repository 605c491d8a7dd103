import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { flatchrSandbox, FLATCHR_SANDBOX_EXPIRED_KEY } from '../../../src/testing/sandboxes/flatchr/sandbox.js';
import { createFlatchrConnector } from '../../../src/connectors/flatchr/index.js';
import { UnsupportedError } from '../../../src/core/errors.js';
import type { SandboxRequest } from '../../../src/testing/sandbox/types.js';
import { collect, sandboxConnector } from './helpers.js';
import { serveFile } from '../../helpers/file-server.js';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('flatchr sandbox: delta', () => {
  it('asks the search with start_update (MM/DD/YY) and returns only what changed', async () => {
    const seen: SandboxRequest[] = [];
    const recording = { ...flatchrSandbox, handle: (request: SandboxRequest, context: Parameters<typeof flatchrSandbox.handle>[1]) => (seen.push(request), flatchrSandbox.handle(request, context)) };
    const { sandbox, connector, close } = await sandboxConnector({ records: 40, provider: recording });
    cleanup = close;
    const since = new Date(sandbox.now()).toISOString();
    const [target] = sandbox.store.list('applicants');
    sandbox.update('applicants', target?.id as string, { column_id: 694 });
    const records = await collect(connector.syncApplications(since));
    expect(records.map((r) => r.remote_id)).toEqual([target?.id]);
    const bodies = seen.filter((r) => r.method === 'POST' && r.path.endsWith('/search/applicants')).map((r) => r.body);
    expect(bodies).toEqual([{ start_update: '01/01/26' }, { start_update: '01/01/26', status: 0 }]);
    const candidates = await collect(connector.syncCandidates(since));
    expect(candidates).toHaveLength(1);
  });
});

describe('flatchr sandbox: actions change state', () => {
  it('an attachment given by URL is downloaded and sent as bytes (Flatchr takes bytes only)', async () => {
    // The file server is on loopback, which downloads refuse unless the connector opts in.
    const { sandbox, connector, close } = await sandboxConnector({ records: 10, connector: { downloads: { allowPrivateNetwork: true } } });
    const file = await serveFile('scorecard.pdf', new TextEncoder().encode('%PDF scorecard'));
    cleanup = async () => {
      await file.close();
      await close();
    };
    const [active] = (await collect(connector.syncApplications())).filter((a) => a.outcome === 'PENDING');
    const result = await connector.addAttachmentToApplication({ application_id: active?.id as string, attachment: { name: 'scorecard.pdf', content_type: 'application/pdf', url: file.url } });
    expect(file.requests).toBe(1);
    expect(result.warnings.join(' ')).toMatch(/downloaded from attachment\.url/);
    const comment = sandbox.store.list('comments').filter((c) => c.applicant === active?.remote_id).at(-1);
    expect((comment?.attachments as { name: string }[])[0]?.name).toBe('scorecard.pdf');
  });

  it('moves, rejects, comments, tags, creates and lists attachments', async () => {
    const { sandbox, connector, close } = await sandboxConnector({ records: 20 });
    cleanup = close;
    const applications = await collect(connector.syncApplications());
    const stages = await collect(connector.syncApplicationStages());
    const active = applications.find((a) => a.outcome === 'PENDING');
    const applicant = active?.remote_id as string;

    await connector.moveApplicationToStage({ application_id: active?.id as string, stage_id: stages[2]?.id as string });
    expect(sandbox.store.get('applicants', applicant)?.column_id).toBe(Number(stages[2]?.remote_id));

    await connector.addNoteToApplication({ application_id: active?.id as string, content: 'Great call' });
    await connector.addResultLinkToApplication({ application_id: active?.id as string, label: 'Assessment', url: 'https://results.example/r/1' });
    await connector.addAttachmentToApplication({ application_id: active?.id as string, attachment: { name: 'report.pdf', content_type: 'application/pdf', data: new TextEncoder().encode('%PDF report') } });
    const comments = sandbox.store.list('comments').filter((c) => c.applicant === applicant);
    expect(comments.map((c) => c.text)).toEqual(['<p>Great call</p>', '<p><a href="https://results.example/r/1">Assessment</a></p>', '<p>report.pdf</p>']);
    expect((comments[2]?.attachments as { name: string }[])[0]?.name).toBe('report.pdf');

    const rejected = await connector.rejectApplication({ application_id: active?.id as string, note: 'Position filled' });
    expect(rejected.warnings).toEqual([]);
    expect(sandbox.store.get('applicants', applicant)?.status).toBe(0);
    expect((await connector.getApplication(active?.id as string)).outcome).toBe('DECLINED');

    const candidate = await connector.getCandidate(active?.candidate_id as string);
    const note = await connector.addNoteToCandidate({ candidate_id: candidate.id, content: 'Person-level note' });
    expect(note.warnings[0]).toMatch(/most recent application/);
    await connector.addTagToCandidate({ candidate_id: candidate.id, tag: { name: 'Niveau: Senior' } });
    expect(sandbox.store.list('traits').map((t) => t.value)).toEqual(['Senior']);

    const attachments = await connector.getCandidateAttachments({ candidate_id: candidate.id });
    expect(attachments.map((a) => a.type)).toContain('CV');
    const chunks: Uint8Array[] = [];
    for await (const chunk of await (attachments.find((a) => a.type === 'CV') as (typeof attachments)[number]).download()) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString('utf8')).toMatch(/^%PDF-1.4 sandbox CV of /);

    const jobs = await collect(connector.syncJobs());
    const before = sandbox.store.count('applicants');
    const created = await connector.createCandidate({
      candidate: { first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: 'ada@example.fr' }], company: 'Analytical Engines' },
      application: { job_id: jobs[0]?.id as string, stage_id: stages[1]?.id as string },
    });
    expect(sandbox.store.count('applicants')).toBe(before + 1);
    expect(created.candidate.email_addresses[0]?.email_address).toBe('ada@example.fr');
    expect(created.application?.current_stage_id).toBe(stages[1]?.id);
    expect(created.warnings.join(' ')).toMatch(/no company, title or source/);
  });

  it('logs in again when the user token expired', async () => {
    const { sandbox, connector, close } = await sandboxConnector({ records: 5 });
    cleanup = close;
    const [application] = await collect(connector.syncApplications());
    await connector.addNoteToApplication({ application_id: application?.id as string, content: 'one' });
    for (const session of sandbox.store.list('sessions')) sandbox.remove('sessions', session.id);
    await connector.addNoteToApplication({ application_id: application?.id as string, content: 'two' });
    expect(sandbox.store.count('sessions')).toBe(1);
    expect(sandbox.store.count('comments')).toBe(2);
  });

  it('throws UnsupportedError with a readable message for what Flatchr cannot do', async () => {
    const { connector, close } = await sandboxConnector({ records: 5, withUser: false });
    cleanup = close;
    const [application] = await collect(connector.syncApplications());
    const candidate = application?.candidate_id as string;
    await expect(connector.removeTagFromCandidate({ candidate_id: candidate, tag: { name: 'x' } })).rejects.toThrow(/flatchr does not support removeTagFromCandidate: .*no endpoint/);
    await expect(connector.addNoteToApplication({ application_id: application?.id as string, content: 'x' })).rejects.toThrow(UnsupportedError);
    await expect(connector.addNoteToCandidate({ candidate_id: candidate, content: 'x' })).rejects.toThrow(/userEmail and userPassword/);
    for (const model of ['hiring_team', 'interviews', 'interviewers', 'rejection_reasons'] as const) {
      const sync = connector.syncModel(model) as AsyncIterable<unknown>;
      await expect(collect(sync)).rejects.toThrow(UnsupportedError);
    }
    expect(connector.capabilities.actions.addNoteToApplication.supported).toBe(false);
  });

  it('reads an expired key as invalid_credentials and never prints the key (X1)', async () => {
    const { sandbox, close } = await sandboxConnector({ records: 5 });
    cleanup = close;
    const connector = createFlatchrConnector({ apiKey: FLATCHR_SANDBOX_EXPIRED_KEY, companyId: sandbox.credentials.companyId as string, baseUrl: sandbox.url, rateLimit: false });
    const status = await connector.checkConnection();
    expect(status.status).toBe('invalid_credentials');
    const error = await collect(connector.syncJobs()).catch((e: unknown) => e);
    for (const text of [inspect(error, { depth: Infinity, showHidden: true }), inspect(connector, { depth: Infinity, showHidden: true }), JSON.stringify(status)]) {
      expect(text.includes(FLATCHR_SANDBOX_EXPIRED_KEY)).toBe(false);
    }
    await connector.close();
  });
});
