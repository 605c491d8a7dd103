/**
 * The Jarvi sandbox's typed edits (`editCandidate`, `editJob`, `moveApplication`,
 * `removeCandidate`): each changes the store the way Jarvi would and returns the remote id the
 * connector reports for that record, so a test can find the change in the next delta sync. The
 * sandbox handle's hooks (`sandbox.editCandidate(index)`, `moveApplication`, `deleteCandidate`)
 * go through them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJarviConnector } from '../../../src/connectors/jarvi/index.js';
import { encodeId } from '../../../src/core/ids.js';
import { startSandbox, type Sandbox } from '../../../src/testing/index.js';
import { jarviEdits } from '../../../src/testing/sandboxes/jarvi/edits.js';
import type { SandboxContext } from '../../../src/testing/sandbox/types.js';
import { SeededRandom } from '../../../src/testing/sandbox/random.js';

let sandbox: Sandbox<'jarvi'>;
let ats: ReturnType<typeof createJarviConnector>;
/** The edits need a context: the sandbox's store and clock (its random source is not used). */
const context = (): SandboxContext => ({ store: sandbox.store, now: () => sandbox.now(), random: new SeededRandom(1), updatedSinceFilter: 'inclusive' });

beforeEach(async () => {
  sandbox = await startSandbox('jarvi', { records: 25, seed: 31 });
  ats = createJarviConnector(sandbox.connectorOptions);
});
afterEach(async () => {
  await ats.close();
  await sandbox.close();
});

async function changedSince<T extends { remote_id: string }>(stream: AsyncIterable<T>): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for await (const record of stream) out.set(record.remote_id, record);
  return out;
}

describe('jarvi sandbox edits', () => {
  it('editCandidate returns the remote id the connector reports, and the change shows in the next delta', async () => {
    const since = new Date(sandbox.now()).toISOString();
    const byIndex = sandbox.editCandidate(2);
    const byId = jarviEdits.editCandidate(context(), byIndex.toUpperCase(), { last_name: 'Lovelace', email: 'ada.new@example.test', phone: '+33700000000' });
    expect(byId).toBe(byIndex);
    const changed = await changedSince(ats.syncCandidates(since));
    const candidate = changed.get(byIndex)!;
    expect(candidate.first_name).toMatch(/-edited$/);
    expect(candidate.last_name).toBe('Lovelace');
    expect(candidate.email_addresses[0]?.email_address).toBe('ada.new@example.test');
    expect(candidate.phone_numbers[0]?.phone_number).toBe('+33700000000');
    expect(() => jarviEdits.editCandidate(context(), 'no-such-id', {})).toThrow(/No Jarvi candidate/);
    expect(() => jarviEdits.editCandidate(context(), 10_000, {})).toThrow(/no Jarvi candidate/);
  });

  it('editJob renames the job (its job-ad title too) and archives or reopens it; other statuses cannot be shown', async () => {
    const since = new Date(sandbox.now()).toISOString();
    const jobId = jarviEdits.editJob(context(), 0, { name: 'Staff engineer' });
    let job = (await changedSince(ats.syncJobs(since))).get(jobId)!;
    expect(job).toMatchObject({ name: 'Staff engineer', status: null });
    expect(jarviEdits.editJob(context(), jobId, { status: 'ARCHIVED' })).toBe(jobId);
    job = await ats.getJob(jobId);
    expect(job.status).toBe('ARCHIVED');
    jarviEdits.editJob(context(), jobId, { status: 'OPEN' });
    expect((await ats.getJob(jobId)).remote_deleted_at).toBeNull();
    expect(() => jarviEdits.editJob(context(), jobId, { status: 'DRAFT' })).toThrow(/ARCHIVED or OPEN/);
    const edited = jarviEdits.editJob(context(), 1, {});
    expect((await ats.getJob(edited)).name).toMatch(/ \(edited\)$/);
  });

  it('moveApplication takes the application remote id and a status id, and the application shows the stage', async () => {
    const row = sandbox.store.list('applications').find((entry) => sandbox.store.get('profiles', String(entry.profileId))?.isTalent === true)!;
    const remoteId = `${String(row.profileId)}:${String(row.projectId)}`;
    const status = sandbox.store.list('statuses').find((entry) => entry.id !== sandbox.store.get('profiles', String(row.profileId))!.statusId)!;
    expect(jarviEdits.moveApplication(context(), remoteId, status.id)).toBe(remoteId);
    const application = await ats.getApplication(remoteId);
    expect(application.remote_id).toBe(remoteId);
    expect(application.current_stage_id).toBe(encodeId('jarvi', 'stage', status.id));
    sandbox.moveApplication(remoteId, status.id);
    expect(() => jarviEdits.moveApplication(context(), `${String(row.profileId)}:00000000-0000-4000-8000-000000000000`, status.id)).toThrow(/No Jarvi application/);
    expect(() => jarviEdits.moveApplication(context(), remoteId, '00000000-0000-4000-8000-000000000000')).toThrow(/No Jarvi status/);
  });

  it('removeCandidate soft-deletes the talent (deletedAt), which the next delta reports as deleted', async () => {
    const since = new Date(sandbox.now()).toISOString();
    const profile = sandbox.store.list('profiles').find((entry) => entry.isTalent === true && !entry.deletedAt)!;
    expect(jarviEdits.removeCandidate(context(), profile.id)).toBe(profile.id);
    const candidate = (await changedSince(ats.syncCandidates(since))).get(profile.id)!;
    expect(candidate.remote_deleted_at).not.toBeNull();
    const other = sandbox.store.list('profiles').find((entry) => entry.isTalent === true && !entry.deletedAt)!;
    sandbox.deleteCandidate(other.id);
    expect(sandbox.store.get('profiles', other.id)!.deletedAt).toBeTruthy();
    expect(() => jarviEdits.removeCandidate(context(), 'missing')).toThrow(/No Jarvi candidate/);
  });
});
