/**
 * Every Teamtailor mapper, straight from the fixtures: wire schema → pure mapper → strict unified
 * schema, as the record pipeline runs them. B4 (unknown enum values) and B6 (null vs missing vs
 * '') included, with a golden snapshot of the normalised candidate.
 */
import { describe, expect, it } from 'vitest';
import { indexIncluded, type IncludedIndex } from '../../../src/connectors/teamtailor/jsonapi.js';
import { toApplication } from '../../../src/connectors/teamtailor/mappers/to-application.js';
import { tagId, toCandidate, uniqueTags } from '../../../src/connectors/teamtailor/mappers/to-candidate.js';
import { toHiringTeam, toJob, toJobPosting } from '../../../src/connectors/teamtailor/mappers/to-job.js';
import { contentTypeOf, toRejectionReason, toResumeAttachment, toTag, toUploadAttachment } from '../../../src/connectors/teamtailor/mappers/to-misc.js';
import { stageType, toApplicationStage, toJobStages } from '../../../src/connectors/teamtailor/mappers/to-stage.js';
import { toUser } from '../../../src/connectors/teamtailor/mappers/to-user.js';
import * as wire from '../../../src/connectors/teamtailor/wire.js';
import { decodeId } from '../../../src/core/ids.js';
import {
  ApplicationSchema,
  ApplicationStageSchema,
  CandidateSchema,
  HiringTeamMemberSchema,
  JobPostingSchema,
  JobSchema,
  JobStageSchema,
  RejectionReasonSchema,
  TagSchema,
  UserSchema,
} from '../../../src/models/index.js';
import { AttachmentSchema } from '../../../src/models/misc.js';
import { fixture } from './fixture-server.js';

type Body = { data: unknown; included?: unknown[] };

/** The `data` items of a fixture (a list or a single resource) and its included index. */
async function page(name: string): Promise<{ items: unknown[]; included: IncludedIndex }> {
  const body = (await fixture(name)).response.body as Body;
  return { items: Array.isArray(body.data) ? body.data : [body.data], included: indexIncluded(body.included) };
}

/** Parses an item with a wire schema, failing the test with the issue paths if it does not fit. */
function parse<T>(schema: { parse: (value: unknown) => T }, item: unknown): T {
  return schema.parse(item);
}

const remote = (id: string, kind: string) => decodeId(id, 'teamtailor', kind)[0];

describe('toCandidate (candidates.page-1, candidates.page-2)', () => {
  it('maps names, one email, one phone, LinkedIn, tags, source and custom fields from included', async () => {
    const { items, included } = await page('candidates.page-1');
    const [omar, lena] = items.map((item) => CandidateSchema.parse(toCandidate(parse(wire.candidateSchema, item), included)));
    expect(lena).toMatchObject({
      remote_id: '24810317',
      first_name: 'Lena',
      last_name: 'Holm',
      email_addresses: [{ email_address: 'lena.holm@example.com', type: null }],
      phone_numbers: [{ phone_number: '+46701234567', type: null }],
      social_media: [{ link: 'https://www.linkedin.com/in/lena-holm-example', type: 'LINKEDIN', username: null }],
      tags: [
        { id: tagId('ruby'), name: 'ruby' },
        { id: tagId('senior'), name: 'senior' },
      ],
      source: 'LinkedIn',
      custom_fields: { notice_period: '3 months' },
      integration_fields: [{ id: '77001', key: 'notice_period', type: 'CustomField::Text', value: '3 months', label: 'Notice period' }],
      // +01:00 / +02:00 offsets become UTC instants.
      remote_created_at: '2024-03-11T08:14:52.318Z',
      remote_updated_at: '2024-05-02T14:40:03.902Z',
      changed_at: '2024-05-02T14:40:03.902Z',
      remote_deleted_at: null,
    });
    expect(remote(lena!.id, 'candidate')).toBe('24810317');
    expect(lena!.remote_data).toEqual(items[1]);
    // A -03:00 offset is an instant too, not a string to compare.
    expect(omar!.remote_updated_at).toBe('2024-04-20T14:02:17.600Z');
    expect(omar).toMatchObject({ phone_numbers: [], social_media: [], tags: [], source: 'Teamtailor', custom_fields: {} });
  });

  it('marks a sourced candidate without a referring site as source "Sourced"', async () => {
    const { items, included } = await page('candidates.page-2');
    const ines = CandidateSchema.parse(toCandidate(parse(wire.candidateSchema, items[0]), included));
    expect(ines.source).toBe('Sourced');
    expect(ines.phone_numbers).toEqual([{ phone_number: '+34 600 000 123', type: null }]);
  });
});

describe('B6: null vs missing vs empty string (candidates.empty-values)', () => {
  it('B6: normalises "", whitespace, null and missing to null or [] (golden snapshot)', async () => {
    const { items, included } = await page('candidates.empty-values');
    const candidate = CandidateSchema.parse(toCandidate(parse(wire.candidateSchema, items[0]), included));
    const { remote_data: _raw, id: _id, ...normalised } = candidate;
    expect(normalised).toMatchInlineSnapshot(`
      {
        "changed_at": "2024-05-04T10:00:00.000Z",
        "company": null,
        "confidential": null,
        "custom_fields": {},
        "email_addresses": [],
        "first_name": "Zoe",
        "integration_fields": [],
        "last_name": null,
        "location": null,
        "phone_numbers": [],
        "remote_created_at": "2024-05-04T10:00:00.000Z",
        "remote_deleted_at": null,
        "remote_id": "24810330",
        "remote_updated_at": "2024-05-04T10:00:00.000Z",
        "remote_url": null,
        "social_media": [],
        "source": null,
        "tags": [
          {
            "id": "WyJ0ZWFtdGFpbG9yIiwidGFnIiwidmlwIl0",
            "name": "vip",
          },
        ],
        "title": null,
      }
    `);
    // The raw values stay untouched in remote_data.
    expect((candidate.remote_data as { attributes: Record<string, unknown> }).attributes).toMatchObject({ email: '', phone: '   ', 'last-name': null });
    expect(JSON.stringify(normalised)).not.toContain('""');
  });

  it('B6: uniqueTags drops empty tags and case duplicates, keeping the first spelling', () => {
    expect(uniqueTags(['', ' vip ', 'VIP', 'Ruby', 'ruby'])).toEqual(['vip', 'Ruby']);
    expect(uniqueTags(null)).toEqual([]);
    expect(uniqueTags(undefined)).toEqual([]);
  });
});

describe('toApplication (job-applications.list)', () => {
  it('derives candidate, job, stage, outcome and rejection from the included resources', async () => {
    const { items, included } = await page('job-applications.list');
    const [rejected, pending, hired] = items.map((item) => ApplicationSchema.parse(toApplication(parse(wire.applicationSchema, item), included)));
    expect(pending).toMatchObject({ remote_id: '51230987', outcome: 'PENDING', rejected_at: null, rejection_reason_name: null, source: 'LinkedIn' });
    expect(remote(pending!.candidate_id!, 'candidate')).toBe('24810317');
    expect(remote(pending!.job_id!, 'job')).toBe('632859');
    expect(remote(pending!.current_stage_id!, 'stage')).toBe('3305121');
    expect(rejected).toMatchObject({
      remote_id: '51230990',
      outcome: 'DECLINED',
      rejected_at: '2024-05-03T07:00:41.017Z',
      rejection_reason_name: 'Not enough experience',
    });
    expect(hired).toMatchObject({ remote_id: '51230995', outcome: 'HIRED', source: 'Sourced' });
    expect(pending!.integration_fields).toEqual([
      { id: 'changed-stage-at', key: 'changed-stage-at', type: 'datetime', value: '2024-05-02T14:40:03.880Z', label: 'Moved to current stage at' },
    ]);
  });

  it('has no outcome when the stage was not included (linkage only exists for included relationships)', () => {
    const raw = parse(wire.applicationSchema, { id: '1', type: 'job-applications', attributes: { 'rejected-at': null } });
    const application = ApplicationSchema.parse(toApplication(raw, new Map()));
    expect(application).toMatchObject({ outcome: null, candidate_id: null, job_id: null, current_stage_id: null });
  });
});

describe('toJob, toJobPosting, toHiringTeam (jobs.public-feed, jobs.internal-feed)', () => {
  it('maps a published job with department, location and careersite URL', async () => {
    const { items, included } = await page('jobs.public-feed');
    const raw = parse(wire.jobSchema, items[0]);
    expect(JobSchema.parse(toJob(raw, included))).toMatchObject({
      remote_id: '632859',
      name: 'Backend Engineer',
      status: 'OPEN',
      department: 'Product Development',
      location: { name: 'Stockholm HQ', city: 'Stockholm', country: 'Sweden' },
      post_url: 'https://acme.teamtailor.com/jobs/632859-backend-engineer',
      opened_at: '2024-02-04T23:00:00.000Z',
      closed_at: null,
    });
    expect(JobPostingSchema.parse(toJobPosting(raw))).toMatchObject({ title: 'Backend Engineer', status: 'ACTIVE', visibility: 'PUBLIC' });
  });

  it('maps the recruiter and the team membership (with its included user) to hiring team members', async () => {
    const { items, included } = await page('jobs.public-feed');
    const team = toHiringTeam(parse(wire.jobSchema, items[0]), included).map((member) => HiringTeamMemberSchema.parse(member));
    expect(team.map((member) => [remote(member.user_id, 'user'), member.roles])).toEqual([
      ['819', ['RECRUITER']],
      ['820', ['HIRING_MANAGER']],
    ]);
    expect(decodeId(team[1]!.id, 'teamtailor', 'hiring_team', { parts: 2 })).toEqual(['632859', '820']);
  });

  it('maps an internal unlisted job: OPEN job, INTERNAL posting, empty pitch ignored, no department', async () => {
    const { items, included } = await page('jobs.internal-feed');
    const raw = parse(wire.jobSchema, items[0]);
    const job = JobSchema.parse(toJob(raw, included));
    expect(job).toMatchObject({ status: 'OPEN', department: null, location: null, closed_at: '2024-06-30T21:59:59.000Z' });
    expect(JobPostingSchema.parse(toJobPosting(raw))).toMatchObject({ status: 'ACTIVE', visibility: 'INTERNAL' });
  });
});

describe('B4: unknown enum values (jobs.unknown-enums)', () => {
  it('B4: an unknown job status, human status, role, stage type and user role map to null/OTHER with the raw value kept', async () => {
    const { items, included } = await page('jobs.unknown-enums');
    const raw = parse(wire.jobSchema, items[0]);
    const job = JobSchema.parse(toJob(raw, included));
    expect(job.status).toBeNull();
    expect((job.remote_data as { attributes: { status: string } }).attributes.status).toBe('on-hold');
    const posting = JobPostingSchema.parse(toJobPosting(raw));
    expect(posting.status).toBeNull();
    expect((posting.remote_data as { attributes: Record<string, string> }).attributes['human-status']).toBe('paused-for-review');
    expect(job.integration_fields.find((field) => field.key === 'remote-status')?.value).toBe('mostly');

    const [member] = toHiringTeam(raw, included).map((m) => HiringTeamMemberSchema.parse(m));
    expect(member!.roles).toEqual(['OTHER']);

    const stage = included.get('stages:3305300')!;
    expect(stageType(stage)).toBe('Assessment');
    expect(ApplicationStageSchema.parse(toApplicationStage(parse(wire.stageSchema, stage))).name).toBe('Assessment');

    const user = UserSchema.parse(toUser(parse(wire.userSchema, included.get('users:822'))));
    expect(user.status).toBeNull();
    expect((user.remote_data as { attributes: { role: string } }).attributes.role).toBe('hiring_lead');
  });

  it('B4: an application in a stage of unknown type is PENDING, not HIRED', async () => {
    const { included } = await page('jobs.unknown-enums');
    const raw = parse(wire.applicationSchema, {
      id: '9',
      type: 'job-applications',
      attributes: { 'rejected-at': null },
      relationships: { stage: { data: { type: 'stages', id: '3305300' } } },
    });
    expect(ApplicationSchema.parse(toApplication(raw, included)).outcome).toBe('PENDING');
  });
});

describe('toApplicationStage, toJobStages (stages.list, job-stages.*)', () => {
  it('maps each stage to its own application stage without a global index', async () => {
    const { items } = await page('stages.list');
    const stages = items.map((item) => ApplicationStageSchema.parse(toApplicationStage(parse(wire.stageSchema, item))));
    expect(stages.map((stage) => [stage.remote_id, stage.name, stage.global_index])).toEqual([
      ['3305120', 'Inbox', null],
      ['3305121', 'Phone screen', null],
      ['3305124', 'Hired', null],
      ['3305200', 'Inbox', null],
      ['3305201', 'Hired', null],
    ]);
  });

  it('maps a job pipeline in row-order to job stages with composite ids and positions', async () => {
    const { items } = await page('job-stages.backend-engineer');
    const stages = toJobStages('632859', items.map((item) => parse(wire.stageSchema, item))).map((s) => JobStageSchema.parse(s));
    expect(stages.map((stage) => [stage.index, remote(stage.stage_id, 'stage')])).toEqual([
      [0, '3305120'],
      [1, '3305121'],
      [2, '3305124'],
    ]);
    expect(decodeId(stages[0]!.id, 'teamtailor', 'job_stage', { parts: 2 })).toEqual(['632859', '3305120']);
    expect(remote(stages[0]!.job_id, 'job')).toBe('632859');
  });

  it('reads the stage type from legacy-stage-type-name, or from an old-version stage-type attribute', () => {
    expect(stageType({ attributes: { 'legacy-stage-type-name': 'Hired' } })).toBe('Hired');
    expect(stageType({ attributes: { 'stage-type': 'Inbox' } })).toBe('Inbox');
    expect(stageType({ attributes: { 'stage-type': { id: '1' } } })).toBeNull();
  });
});

describe('toUser (users.list)', () => {
  it('splits the name, falls back to login-email, and maps no_access to INACTIVE', async () => {
    const { items } = await page('users.list');
    const users = items.map((item) => UserSchema.parse(toUser(parse(wire.userSchema, item))));
    expect(users.map(({ first_name, last_name, email, status }) => ({ first_name, last_name, email, status }))).toEqual([
      { first_name: 'Anna', last_name: 'Berg', email: 'anna.berg@acme.example', status: 'ACTIVE' },
      { first_name: 'Erik', last_name: 'van der Lund', email: 'erik.lund@acme.example', status: 'ACTIVE' },
      { first_name: 'Sam', last_name: null, email: 'former.user@acme.example', status: 'INACTIVE' },
    ]);
  });
});

describe('toRejectionReason, toTag (reject-reasons.list)', () => {
  it('maps reasons without timestamps', async () => {
    const { items } = await page('reject-reasons.list');
    const reasons = items.map((item) => RejectionReasonSchema.parse(toRejectionReason(parse(wire.rejectReasonSchema, item))));
    expect(reasons.map((reason) => [reason.remote_id, reason.name, reason.changed_at])).toEqual([
      ['12', 'Not enough experience', null],
      ['13', 'Accepted another offer', null],
    ]);
  });

  it('a tag is identified by its lower-cased name', () => {
    const tag = TagSchema.parse(toTag('Senior'));
    expect(tag).toMatchObject({ name: 'Senior', remote_id: 'Senior', changed_at: null });
    expect(tag.id).toBe(tagId('senior'));
  });
});

describe('attachments (candidates.get-with-uploads, uploads.list)', () => {
  it('maps an upload: type and MIME type from the file name, since uploads have neither', async () => {
    const { items } = await page('uploads.list');
    const attachment = AttachmentSchema.parse(toUploadAttachment(parse(wire.uploadSchema, items[0]), '24810317'));
    expect(attachment).toMatchObject({
      remote_id: '446842',
      owner: 'candidate',
      file_name: 'cover_letter.pdf',
      content_type: 'application/pdf',
      type: 'COVER_LETTER',
    });
    expect(remote(attachment.owner_id, 'candidate')).toBe('24810317');
  });

  it('maps the generated resume as a CV', async () => {
    const { items } = await page('candidates.get-with-uploads');
    const candidate = parse(wire.candidateSchema, items[0]);
    const resume = AttachmentSchema.parse(toResumeAttachment('24810317', candidate.attributes.resume!, candidate.attributes['updated-at']));
    expect(resume).toMatchObject({ type: 'CV', content_type: 'application/pdf', file_name: 'resume.pdf', remote_id: 'resume:24810317' });
  });

  it('derives MIME types from extensions, null when unknown', () => {
    expect(contentTypeOf('cv.DOCX')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(contentTypeOf('photo.jpeg')).toBe('image/jpeg');
    expect(contentTypeOf('archive.zip')).toBeNull();
    expect(contentTypeOf('no-extension')).toBeNull();
  });
});
