/**
 * The model-parity fields Gem exposes (#19), through the sandbox and the real mappers: roles from
 * the shape of Gem's API (site admin, the hiring-team roles), `system_roles` on users, `job_roles`
 * on hiring-team members, job visibility, application files, and what stays null or unsupported.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UnsupportedError } from '../../../src/core/errors.js';
import { collect } from './helpers.js';
import { gid, startGemSandbox, type GemSandbox } from './sandbox-helpers.js';

let box: GemSandbox;
afterEach(async () => {
  await box?.close();
});
const store = () => box.sandbox.store;

describe('roles', () => {
  it('syncRoles lists the site admin and the four hiring-team roles, with one one-user page of users', async () => {
    box = await startGemSandbox();
    const roles = await collect(box.connector.syncRoles());
    expect(roles.map((role) => [role.remote_id, role.remote_label, role.scope, role.unified_type])).toEqual([
      ['site_admin', 'Site admin', 'SYSTEM', 'ADMIN'],
      ['hiring_managers', 'Hiring manager', 'JOB', 'HIRING_MANAGER'],
      ['recruiters', 'Recruiter', 'JOB', 'RECRUITER'],
      ['coordinators', 'Coordinator', 'JOB', 'COORDINATOR'],
      ['sourcers', 'Sourcer', 'JOB', 'SOURCER'],
    ]);
    expect(roles.map((role) => role.id)).toEqual(roles.map((role) => gid('role', role.remote_id)));
    expect(box.requests()).toEqual(['GET /users/?per_page=1']);
  });

  it('site admins carry the system role; other users none', async () => {
    box = await startGemSandbox();
    const users = await collect(box.connector.syncUsers());
    const admin = store().list('users').find((user) => user.site_admin)!;
    for (const user of users) {
      expect(user.system_roles, String(user.remote_id)).toEqual(
        user.remote_id === admin.id ? [{ role_id: gid('role', 'site_admin'), remote_id: 'site_admin', remote_label: 'Site admin', scope: 'SYSTEM', unified_type: 'ADMIN' }] : [],
      );
    }
  });

  it('hiring-team members carry their job roles, one per hiring_team key', async () => {
    box = await startGemSandbox();
    const job = store().list('jobs').find((record) => !record.is_template && (record.hiring_team as { coordinators: string[] }).coordinators.length > 0)!;
    const team = job.hiring_team as { hiring_managers: string[]; recruiters: string[]; coordinators: string[] };
    const members = (await collect(box.connector.syncHiringTeam())).filter((member) => member.job_id === gid('job', job.id));
    const coordinator = members.find((member) => member.user_id === gid('user', team.coordinators[0]!))!;
    expect(coordinator.job_roles.map((role) => role.remote_id)).toEqual(team.recruiters.includes(team.coordinators[0]!) ? ['recruiters', 'coordinators'] : ['coordinators']);
    const manager = members.find((member) => member.user_id === gid('user', team.hiring_managers[0]!))!;
    expect(manager.job_roles).toEqual([{ role_id: gid('role', 'hiring_managers'), remote_id: 'hiring_managers', remote_label: 'Hiring manager', scope: 'JOB', unified_type: 'HIRING_MANAGER' }]);
    expect(manager.roles).toEqual(['HIRING_MANAGER']);
  });
});

describe('job and application fields', () => {
  it('visibility: CONFIDENTIAL for a confidential job, the live post\'s visibility otherwise, null without one', async () => {
    box = await startGemSandbox({ records: 300 });
    const jobs = await collect(box.connector.syncJobs());
    const byRemote = new Map(jobs.map((job) => [job.remote_id, job]));
    const stored = store().list('jobs').filter((job) => !job.is_template);
    const confidential = stored.find((job) => job.confidential)!;
    expect(byRemote.get(confidential.id)!.visibility).toBe('CONFIDENTIAL');
    const openPublic = stored.find((job) => !job.confidential && job.status === 'open')!;
    expect(byRemote.get(openPublic.id)!.visibility).toBe('PUBLIC');
    const draft = stored.find((job) => !job.confidential && job.status === 'draft')!;
    expect(byRemote.get(draft.id)!.visibility).toBeNull();
    // What Gem's ATS job does not carry stays null.
    expect(byRemote.get(openPublic.id)).toMatchObject({ employment_type: null, salary_amount_from: null, weekly_hours: null, remote_url: null, screening_questions: [] });
  });

  it('getApplicationAttachments: the files of the application\'s candidate, typed from Gem\'s type', async () => {
    box = await startGemSandbox({ records: 40 });
    const candidate = store().list('candidates').find((record) => (record.attachments as unknown[]).length > 0)!;
    const application = store().list('applications').find((record) => record.candidate_id === candidate.id)!;
    const files = await box.connector.getApplicationAttachments({ application_id: gid('application', application.id) });
    const [expected] = candidate.attachments as { filename: string; url: string }[];
    expect(files.map((file) => [file.file_name, file.type, file.url, file.owner, file.owner_id])).toEqual([[expected!.filename, 'CV', expected!.url, 'candidate', gid('candidate', candidate.id)]]);
    expect(box.requests()).toEqual([`GET /applications/${encodeURIComponent(application.id)}`, `GET /candidates/${encodeURIComponent(candidate.id)}`]);
  });

  it('offers are unsupported, with the reason', async () => {
    box = await startGemSandbox();
    expect(box.connector.capabilities.models.offers).toMatchObject({ read: false });
    expect(box.connector.capabilities.models.offers.note).toMatch(/offer/i);
    expect(() => box.connector.syncOffers()).not.toThrow();
    await expect(collect(box.connector.syncOffers())).rejects.toBeInstanceOf(UnsupportedError);
  });
});
