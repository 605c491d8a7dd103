/**
 * Every Gem mapper, straight from the fixtures: field mapping, enums (known, unknown → null/OTHER
 * with the raw value kept in remote_data, B4), '' → null and null/missing/'' (B6), and the
 * prototype-pollution guard (B8). Records are also checked against the strict unified schemas.
 */
import { describe, expect, it } from 'vitest';
import { toApplication } from '../../../src/connectors/gem/mappers/to-application.js';
import { firstApplicationSource, toCandidate } from '../../../src/connectors/gem/mappers/to-candidate.js';
import { toInterview, toInterviewers } from '../../../src/connectors/gem/mappers/to-interview.js';
import { isBetterPost, toHiringTeam, toJob, toJobPosting } from '../../../src/connectors/gem/mappers/to-job.js';
import { toAttachment } from '../../../src/connectors/gem/mappers/to-misc.js';
import { interviewItemsOf, toApplicationStage, toJobStages } from '../../../src/connectors/gem/mappers/to-stage.js';
import { toUser } from '../../../src/connectors/gem/mappers/to-user.js';
import * as wire from '../../../src/connectors/gem/wire.js';
import { mapItems } from '../../../src/core/record-pipeline.js';
import { AttachmentSchema } from '../../../src/models/misc.js';
import { ApplicationSchema, CandidateSchema, HiringTeamMemberSchema, InterviewSchema, JobPostingSchema, JobSchema, JobStageSchema, UserSchema } from '../../../src/models/index.js';
import { fixtureBody, ids, uid } from './helpers.js';

const list = async <T>(name: string, schema: { parse(value: unknown): T }) => (await fixtureBody<unknown[]>(name)).map((item) => schema.parse(item));

describe('toUser', () => {
  it('maps email, names and the disabled flag; deleted_at → remote_deleted_at', async () => {
    const [admin, disabled, deleted] = await list('users.list', wire.userSchema);
    const users = [toUser(admin!), toUser(disabled!), toUser(deleted!)].map((user) => UserSchema.parse(user));
    expect(users[0]).toMatchObject({ id: uid('user', ids.U1), remote_id: ids.U1, first_name: 'Kate', last_name: 'Austen', email: 'kate.austen@example.com', status: 'ACTIVE', remote_deleted_at: null });
    // B6: primary_email_address '' falls back to the first of emails[].
    expect(users[1]).toMatchObject({ email: 'jack.shepard@example.com', status: 'INACTIVE' });
    // B6: null names are split from `name`; disabled null → status null; deleted_at → changed_at.
    expect(users[2]).toMatchObject({ first_name: 'James', last_name: 'Ford', email: null, status: null, remote_deleted_at: '2025-04-01T12:00:00.000Z', changed_at: '2025-04-01T12:00:00.000Z' });
    expect(users[0]!.remote_data).toMatchObject({ site_admin: true });
  });
});

describe('toJob / toJobPosting / toHiringTeam', () => {
  it("maps the first office and department, keeps all in custom_fields, and takes description and post_url from the most recent live post (Kombo's notes)", async () => {
    const [job] = await list('jobs.list', wire.jobSchema);
    const posts = await list('job-posts.live', wire.jobPostSchema);
    const index = new Map<string, wire.GemJobPost>();
    for (const post of posts) if (isBetterPost(post, index.get(post.job_id!))) index.set(post.job_id!, post);
    const mapped = JobSchema.parse(toJob(job!, index));
    expect(mapped).toMatchObject({
      id: uid('job', ids.J1), name: 'Senior Backend Engineer', job_code: 'ENG-104', confidential: false, status: 'OPEN',
      department: 'Engineering', location: { name: 'New York, NY, United States', city: null, country: null },
      description: '<p>We are looking for a backend engineer.</p>', post_url: `https://jobs.gem.com/acme/${ids.P2}`,
      opened_at: '2025-01-08T09:00:00.000Z', closed_at: null,
    });
    expect(mapped.custom_fields).toEqual({ offices: ['New York, NY, United States', 'United States'], departments: ['Engineering', 'Platform'] });
    expect(mapped.integration_fields.find((field) => field.key === 'description_job_post_id')?.value).toBe(ids.P2);
  });

  it('B4/B6: an unknown job status maps to null with the raw value kept; requisition "" → null; no post → null description', async () => {
    const [, deletedJob] = await list('jobs.list', wire.jobSchema);
    const mapped = JobSchema.parse(toJob(deletedJob!, new Map()));
    expect(mapped).toMatchObject({ status: null, job_code: null, description: null, post_url: null, department: null, location: null, confidential: true, remote_deleted_at: '2025-03-01T10:00:00.000Z' });
    expect((mapped.remote_data as { status: string }).status).toBe('on_hold');
  });

  it('isBetterPost ignores posts that are not live, not active or deleted', async () => {
    const posts = await list('job-posts.list', wire.jobPostSchema);
    expect(posts.map((post) => isBetterPost(post, undefined))).toEqual([true, true, false, false]);
    expect(isBetterPost({ ...posts[0]!, deleted_at: '2025-01-01T00:00:00Z' }, undefined)).toBe(false);
  });

  it('maps job posts: status from active/live, visibility, title "" → null, unknown → null', async () => {
    const posts = (await list('job-posts.list', wire.jobPostSchema)).map((post) => JobPostingSchema.parse(toJobPosting(post)));
    expect(posts[1]).toMatchObject({ title: 'Senior Backend Engineer', status: 'ACTIVE', visibility: 'PUBLIC', url: `https://jobs.gem.com/acme/${ids.P2}`, job_id: uid('job', ids.J1) });
    expect(posts[2]).toMatchObject({ title: null, description_html: null, status: 'CLOSED', visibility: 'INTERNAL', url: null });
    expect(posts[3]).toMatchObject({ status: null, visibility: null, description_html: null, job_id: uid('job', ids.J2) });
  });

  it('B4: hiring team roles come from the hiring_team keys; an unknown key is OTHER; a user in two lists has both roles', async () => {
    const [job, deletedJob] = await list('jobs.list', wire.jobSchema);
    const team = toHiringTeam(job!).map((member) => HiringTeamMemberSchema.parse(member));
    const byUser = Object.fromEntries(team.map((member) => [member.user_id, member.roles]));
    expect(byUser).toEqual({
      [uid('user', ids.U2)]: ['HIRING_MANAGER'],
      [uid('user', ids.U1)]: ['RECRUITER', 'COORDINATOR'],
      [uid('user', ids.U3)]: ['OTHER'],
    });
    expect(team[0]!.id).toBe(uid('hiring_team', ids.J1, ids.U2));
    expect(toHiringTeam(deletedJob!)).toEqual([]);
  });
});

describe('stages', () => {
  it('orders a job pipeline by priority (not list order) and keeps every stage as an application stage', async () => {
    const stages = await list('jobs.stages', wire.jobStageSchema);
    const pipeline = toJobStages(ids.J1, stages).map((stage) => JobStageSchema.parse(stage));
    expect(pipeline.map((stage) => [stage.stage_id, stage.index])).toEqual([
      [uid('stage', ids.S1), 0],
      [uid('stage', ids.S2), 1],
      [uid('stage', ids.S3), 2],
    ]);
    expect(pipeline[0]!.id).toBe(uid('job_stage', ids.J1, ids.S1));
    expect(toApplicationStage(stages[0]!)).toMatchObject({ id: uid('stage', ids.S3), name: 'Offer', global_index: null });
    expect(stages.flatMap(interviewItemsOf)).toEqual([['item-9', ids.S2]]);
  });
});

describe('toCandidate', () => {
  it('maps contact data, tags, confidentiality, and the source of the earliest application', async () => {
    const [frank] = await list('candidates.page-1', wire.candidateSchema);
    const candidate = CandidateSchema.parse(toCandidate(frank!));
    expect(candidate).toMatchObject({
      id: uid('candidate', ids.C1), first_name: 'Frank', last_name: 'Doe', company: 'Acme Inc.', title: 'Backend Engineer', confidential: false,
      // Kombo's note: the earliest application (2024-06, a referral) gives the candidate's source.
      source: 'Referral',
      phone_numbers: [{ phone_number: '+1 555 010 2000', type: 'MOBILE' }],
      email_addresses: [{ email_address: 'frank.doe@example.com', type: 'PERSONAL' }, { email_address: 'work.frank.doe@example.com', type: 'WORK' }],
      social_media: [{ link: 'https://www.linkedin.com/in/frankdoe', type: 'LINKEDIN', username: null }, { link: 'https://github.com/example', type: 'GITHUB', username: null }],
    });
    // Duplicate tags (case and whitespace) are delivered once; their id is derived from the name.
    expect(candidate.tags).toEqual([{ id: uid('tag', 'referral'), name: 'Referral' }, { id: uid('tag', 'python'), name: 'Python' }]);
    expect(candidate.integration_fields.map((field) => field.key)).toEqual(['educations', 'employments', 'last_activity', 'application_ids']);
  });

  it('B6 + B4: "" and null become null, unknown phone/email types become null, a malformed embedded application is skipped', async () => {
    const [empty] = await fixtureBody<unknown[]>('candidates.empty-values');
    const candidate = CandidateSchema.parse(toCandidate(wire.candidateSchema.parse(empty)));
    expect(candidate).toMatchObject({
      first_name: null, last_name: null, company: null, title: null, confidential: null, source: null,
      phone_numbers: [{ phone_number: '+1 555 0199', type: null }],
      email_addresses: [{ email_address: 'x@example.edu', type: null }],
      social_media: [{ link: 'not a url', type: null, username: null }],
      tags: [], changed_at: null, remote_updated_at: null,
    });
    expect((candidate.remote_data as { phone_numbers: { type: string }[] }).phone_numbers[0]!.type).toBe('pager');
    expect(firstApplicationSource([{ id: 1, applied_at: 'x', source: { public_name: 'Later' } }, 'junk', null])).toBe('Later');
  });

  it('B8: __proto__ and constructor keys in the payload do not pollute Object.prototype or the records', async () => {
    const items = await fixtureBody<unknown[]>('candidates.empty-values');
    const { records } = mapItems(items, { wire: wire.candidateSchema, unified: CandidateSchema, map: toCandidate, remoteId: () => null }, null, null);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(records[0])).toBe(Object.prototype);
    expect((records[0] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(records[0]!.custom_fields)).toBe(Object.prototype);
  });

  it('B3: the record with wrong types is quarantined with issue paths only; the other is delivered', async () => {
    const items = await fixtureBody<unknown[]>('candidates.empty-values');
    const { records, quarantined } = mapItems(items, { wire: wire.candidateSchema, unified: CandidateSchema, map: toCandidate, remoteId: (item) => String((item as { id: string }).id) }, null, null);
    expect(records.map((record) => record.remote_id)).toEqual([ids.C4]);
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]!.reason).toBe('wire_schema');
    expect(quarantined[0]!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['email_addresses', 'first_name']);
    expect(JSON.stringify(quarantined)).not.toContain('nope');
  });
});

describe('toApplication', () => {
  it('maps job, stage, outcome, source and activity; applications have no updated_at', async () => {
    const [active, rejected, deleted] = (await list('applications.list', wire.applicationSchema)).map((raw) => ApplicationSchema.parse(toApplication(raw)));
    expect(active).toMatchObject({
      id: uid('application', ids.A1), candidate_id: uid('candidate', ids.C1), job_id: uid('job', ids.J1), current_stage_id: uid('stage', ids.S2),
      outcome: 'PENDING', rejection_reason_name: null, rejected_at: null, source: 'Company Career Site',
      changed_at: '2025-04-02T08:15:00.000Z', remote_created_at: '2025-03-01T12:00:00.000Z',
    });
    expect(active!.custom_fields).toEqual({ source: 'Company Career Site' });
    expect(rejected).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: 'Not enough experience', rejected_at: '2025-04-05T10:00:00.000Z' });
    expect(rejected!.integration_fields.find((field) => field.key === 'credited_to')?.value).toBe(ids.U2);
    // B4: unknown status → null, raw kept; deleted_at → remote_deleted_at; no source → null and no custom field.
    expect(deleted).toMatchObject({ outcome: null, source: null, custom_fields: {}, remote_deleted_at: '2025-04-06T10:00:00.000Z' });
    expect((deleted!.remote_data as { status: string }).status).toBe('transferred');
  });
});

describe('interviews', () => {
  it('maps times, the stage through the interview item, and the interviewers once each', async () => {
    const [interview, allDay] = await list('scheduled-interviews.list', wire.scheduledInterviewSchema);
    const items = new Map([['item-9', ids.S2]]);
    expect(InterviewSchema.parse(toInterview(interview!, items))).toMatchObject({
      id: uid('interview', ids.I1), application_id: uid('application', ids.A1), stage_id: uid('stage', ids.S2), title: 'System Design',
      starting_at: '2025-04-10T15:00:00.000Z', ending_at: '2025-04-10T16:00:00.000Z', canceled: false, location: 'Zoom', video_conferencing_url: 'https://zoom.us/j/123',
    });
    // All-day (date only), unknown status (B4) → canceled null, '' location → null, unknown item → no stage.
    expect(InterviewSchema.parse(toInterview(allDay!, items))).toMatchObject({ starting_at: '2025-04-12T00:00:00.000Z', canceled: null, location: null, stage_id: null, title: 'Onsite' });
    const interviewers = toInterviewers(interview!);
    expect(interviewers.map((entry) => entry.user_id)).toEqual([uid('user', ids.U2), uid('user', ids.U3)]);
    expect(interviewers[0]).toMatchObject({ id: uid('interviewer', ids.I1, ids.U2), interview_id: uid('interview', ids.I1) });
  });
});

describe('attachments', () => {
  it('maps attachments[]: resume → CV, unknown type → OTHER, content type from the extension', async () => {
    const candidate = wire.candidateSchema.parse(await fixtureBody('candidates.get'));
    const [cv, other] = (candidate.attachments ?? []).map((entry, index) => AttachmentSchema.parse(toAttachment(ids.C1, entry, index)));
    expect(cv).toMatchObject({ owner: 'candidate', owner_id: uid('candidate', ids.C1), file_name: 'Frank_Doe_CV.pdf', content_type: 'application/pdf', type: 'CV' });
    expect(other).toMatchObject({ file_name: 'portfolio.zip', content_type: null, type: 'OTHER' });
  });
});
