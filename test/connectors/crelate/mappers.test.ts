/**
 * Every Crelate mapper, straight from the fixtures: wire schema → pure mapper → strict unified
 * schema. B4 (unknown enum values), B6 (null vs missing vs ''), GUID case normalisation.
 */
import { describe, expect, it } from 'vitest';
import { guid } from '../../../src/connectors/crelate/mappers/common.js';
import { applicationOutcome, toApplication } from '../../../src/connectors/crelate/mappers/to-application.js';
import { isCandidate, toCandidate } from '../../../src/connectors/crelate/mappers/to-candidate.js';
import { toHiringTeam, toJob, toJobPosting } from '../../../src/connectors/crelate/mappers/to-job.js';
import { contentTypeOf, toAttachment, toTag } from '../../../src/connectors/crelate/mappers/to-misc.js';
import { sortStatuses, stageTypeOf, statusesOfType, toApplicationStage, toJobStages } from '../../../src/connectors/crelate/mappers/to-stage.js';
import * as wire from '../../../src/connectors/crelate/wire.js';
import { decodeId } from '../../../src/core/ids.js';
import {
  ApplicationSchema,
  ApplicationStageSchema,
  CandidateSchema,
  HiringTeamMemberSchema,
  JobPostingSchema,
  JobSchema,
  JobStageSchema,
  TagSchema,
} from '../../../src/models/index.js';
import { AttachmentSchema } from '../../../src/models/misc.js';
import { fixtureData } from './helpers.js';

/** The recruiting workflow type of the fixtures (lower case). */
const RECRUITING = 'f6ef012f-998d-4132-b38b-a17a00b2b958';

const list = async (name: string) => (await fixtureData(name)) as unknown[];
const statusesFixture = async () => (await list('workflowstatuses.list')).map((item) => wire.workflowStatusSchema.parse(item));

describe('contacts → candidates', () => {
  it('contact points keep payload order per family (websites before instant addresses); the primary address wins wherever it is', () => {
    const raw = wire.contactSchema.parse({
      Id: '6B1E0C52-4F3A-4D8E-A1C2-19F3C7A2DD08',
      RecordType: 1,
      FirstName: 'Ada',
      InstantAddresses_Skype: { Value: ' ada.skype ' },
      Websites_GitHub: { Value: 'https://github.com/ada' },
      PhoneNumbers_Home: { Value: '' },
      EmailAddresses_Work: { Value: 'ada@work.example' },
      PhoneNumbers_Mobile: { Value: '+1 555 0100' },
      EmailAddresses_Personal: null,
      Websites_LinkedIn: { Value: 'https://linkedin.com/in/ada' },
      EmailAddresses_Personal_Other: { Value: 'ada@home.example' },
      Addresses_Home: { City: 'Springfield', IsPrimary: false },
      Addresses_Business: null,
      Addresses_Other: { City: 'Chicago', State: 'IL', IsPrimary: true },
      ModifiedOn: '2024-05-02T14:40:03Z',
    });
    const candidate = CandidateSchema.parse(toCandidate(raw));
    expect(candidate.phone_numbers).toEqual([{ phone_number: '+1 555 0100', type: 'MOBILE' }]);
    expect(candidate.email_addresses).toEqual([
      { email_address: 'ada@work.example', type: 'WORK' },
      { email_address: 'ada@home.example', type: 'PERSONAL' },
    ]);
    expect(candidate.social_media).toEqual([
      { link: 'https://github.com/ada', type: 'GITHUB', username: null },
      { link: 'https://linkedin.com/in/ada', type: 'LINKEDIN', username: null },
      { link: null, type: 'SKYPE', username: 'ada.skype' },
    ]);
    expect(candidate.location).toMatchObject({ city: 'Chicago', state: 'IL', name: 'Chicago, IL' });
    const noPrimary = CandidateSchema.parse(toCandidate(wire.contactSchema.parse({ ...raw, Addresses_Other: { City: 'Chicago', IsPrimary: false } })));
    expect(noPrimary.location).toMatchObject({ city: 'Springfield' });
  });

  it('maps every slot family of a full contact, with lower-case ids and typed contact points', async () => {
    const raw = wire.contactSchema.parse(await fixtureData('contacts.get-candidate'));
    const candidate = CandidateSchema.parse(toCandidate(raw));
    expect(candidate.remote_id).toBe('6b1e0c52-4f3a-4d8e-a1c2-19f3c7a2dd08');
    expect(decodeId(candidate.id, 'crelate', 'candidate')).toEqual([candidate.remote_id]);
    expect(candidate).toMatchObject({ first_name: 'Maria', last_name: 'Okafor', company: 'Northwind Logistics', title: 'Senior Data Engineer', source: 'LinkedIn' });
    expect(candidate.email_addresses).toEqual([
      { email_address: 'maria.okafor@example.com', type: 'PERSONAL' },
      { email_address: 'm.okafor@northwind.example', type: 'WORK' },
      { email_address: 'mokafor@example.net', type: 'OTHER' },
    ]);
    expect(candidate.phone_numbers).toEqual([
      { phone_number: '+13125550142', type: 'MOBILE' },
      { phone_number: '+13125550199', type: 'WORK' },
    ]);
    expect(candidate.social_media).toEqual([
      { link: 'https://www.linkedin.com/in/maria-okafor', type: 'LINKEDIN', username: null },
      { link: 'https://github.com/mokafor', type: 'GITHUB', username: null },
      { link: null, type: 'SKYPE', username: 'maria.okafor.chi' },
    ]);
    // The upper-case tag id is normalised.
    expect(candidate.tags.map((tag) => [decodeId(tag.id as string, 'crelate', 'tag')[0], tag.name])).toEqual([
      ['4b3a2c1d-0e9f-4a8b-7c6d-5e4f3a2bdd08', 'Python'],
      ['e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3fdd08', 'Chicago'],
    ]);
    expect(candidate.changed_at).toBe('2025-01-07T09:41:03.200Z');
    expect(candidate.remote_created_at).toBe('2024-11-18T16:02:11.470Z');
    expect(candidate.remote_data).toMatchObject({ Id: '6b1e0c52-4f3a-4d8e-a1c2-19f3c7a2dd08', KeyDates_Birthday: { Value: '1990-03-07T00:00:00' } });
    expect(candidate.integration_fields.find((field) => field.key === 'PrimaryDocumentAttachmentId')?.value).toBe('f0e1d2c3-b4a5-4968-8778-695a4b3cdd08');
  });

  it('skips client contacts and leads, keeps candidate+client (RecordType bitmask)', async () => {
    const client = wire.contactSchema.parse(await fixtureData('contacts.get-client-contact'));
    expect(toCandidate(client)).toBeNull();
    const page = (await list('contacts.page-1')).map((item) => wire.contactSchema.parse(item));
    const kept = page.filter(isCandidate);
    expect(kept).toHaveLength(99);
    expect(kept.some((contact) => contact.RecordType === 3)).toBe(true);
    expect(isCandidate({ RecordType: null })).toBe(false);
    expect(isCandidate({ RecordType: 4 })).toBe(false);
  });

  it("B6: '' and whitespace become null, missing keys and null slots are empty, Name is not split from ''", async () => {
    const [b6, lead, upper] = (await list('contacts.page-2')).map((item) => wire.contactSchema.parse(item));
    const candidate = CandidateSchema.parse(toCandidate(b6!));
    expect(candidate).toMatchObject({ first_name: null, last_name: null, source: null, remote_created_at: null, phone_numbers: [], social_media: [], tags: [] });
    expect(candidate.email_addresses.map((email) => email.type)).toEqual(['PERSONAL']);
    expect(toCandidate(lead!)).toBeNull();
    const normalised = CandidateSchema.parse(toCandidate(upper!));
    expect(normalised.remote_id).toBe('9b2d7e51-0c3a-4f6e-8d1b-2a3c4d5edd08');
    expect(normalised.integration_fields.find((field) => field.key === 'PrimaryOwner')?.value).toBe('2617363a-2a08-4800-102d-1e69cd28dd08');
  });

  it('falls back to Name ("Last, First") only when both name fields are empty', () => {
    const raw = wire.contactSchema.parse({ Id: 'ABC', RecordType: 1, FirstName: null, LastName: '', Name: 'Lee, Ann' });
    expect(toCandidate(raw)).toMatchObject({ first_name: 'Ann', last_name: 'Lee', remote_id: 'abc' });
  });
});

describe('jobs → jobs, postings, hiring team', () => {
  it('maps status from ClosedOn / IsLead / IsOnHold, location from Portal fields, and "" to null', async () => {
    const jobs = (await list('jobs.page-1')).map((item) => JobSchema.parse(toJob(wire.jobSchema.parse(item))));
    expect(jobs.map((job) => job.status)).toEqual(['OPEN', null, 'CLOSED', 'DRAFT']);
    expect(jobs[0]).toMatchObject({ name: 'Northwind - Senior Data Engineer (DW)', job_code: 'NW-001', location: { name: 'Chicago, IL', city: 'Chicago', country: 'United States' }, post_url: null });
    expect(jobs[2]?.closed_at).toBe('2024-12-20T17:00:00.000Z');
    expect(jobs[3]).toMatchObject({ job_code: null, description: null, location: null });
    expect(jobs[1]?.integration_fields.find((field) => field.key === 'IsOnHold')?.value).toBe(true);
    expect(jobs[0]?.integration_fields.find((field) => field.key === 'WorkflowTypeId')?.value).toBe('f6ef012f-998d-4132-b38b-a17a00b2b958');
  });

  it('B4: a posting exists only for portal jobs; visibility and status from OnPortal / IsHidden / ClosedOn, an unknown PortalVisibility kept raw', async () => {
    const postings = (await list('jobs.page-1')).map((item) => toJobPosting(wire.jobSchema.parse(item)));
    expect(postings.map((posting) => posting && [posting.status, posting.visibility])).toEqual([['ACTIVE', 'PUBLIC'], null, ['CLOSED', 'UNLISTED'], null]);
    const closed = JobPostingSchema.parse(postings[2]);
    expect(closed.title).toBe('QA Engineer');
    expect((closed.remote_data as { PortalVisibility: number }).PortalVisibility).toBe(7);
  });

  it('hiring team: recruiter and primary owner are RECRUITER, other owners OTHER', async () => {
    const jobs = (await list('jobs.page-1')).map((item) => wire.jobSchema.parse(item));
    const team = toHiringTeam(jobs[1]!).map((member) => HiringTeamMemberSchema.parse(member));
    expect(team.map((member) => [decodeId(member.user_id, 'crelate', 'user')[0], member.roles])).toEqual([
      ['7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8edd08', ['RECRUITER']],
      ['2617363a-2a08-4800-102d-1e69cd28dd08', ['RECRUITER']],
      ['8e9f0a1b-2c3d-4e4f-9a5b-6c7d8e9fdd08', ['OTHER']],
    ]);
    expect(toHiringTeam(jobs[3]!)).toHaveLength(1);
  });
});

describe('workflow statuses → stages', () => {
  it('keeps recruiting statuses in SortOrder with global_index, drops another workflow', async () => {
    const sorted = sortStatuses(statusesOfType(await statusesFixture(), RECRUITING));
    const stages = sorted.map((status, index) => ApplicationStageSchema.parse(toApplicationStage(status, index)));
    expect(stages.map((stage) => [stage.name, stage.global_index])).toEqual([
      ['New Candidates', 0],
      ['Screening', 1],
      ['Submitted to Client', 2],
      ['Placed', 3],
      ['Not a Fit', 4],
      ['Client On Hold', 5],
    ]);
  });

  it('B4: stage types are read without case or spaces; an unknown type is null', async () => {
    const types = Object.fromEntries((await statusesFixture()).map((status) => [status.Name, stageTypeOf(status)]));
    expect(types).toMatchObject({ 'Submitted to Client': 'IN_PROGRESS', Placed: 'DONE_POSITIVE', 'Not a Fit': 'DONE_NEGATIVE', 'Client On Hold': null });
    expect(stageTypeOf(wire.workflowStatusSchema.parse({ Id: 'x', StageType: 3 }))).toBeNull();
  });

  it("job stages: every job gets the recruiting list; changed_at is the later of the job's and the status's", async () => {
    const sorted = sortStatuses(statusesOfType(await statusesFixture(), RECRUITING));
    const job = wire.jobSchema.parse((await list('jobs.page-1'))[0]);
    const stages = toJobStages(guid(job.Id), sorted, job).map((stage) => JobStageSchema.parse(stage));
    expect(stages.map((stage) => stage.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(decodeId(stages[0]!.id, 'crelate', 'job_stage', { parts: 2 })).toEqual([guid(job.Id), '1e0c7f3a-2b4d-4c6e-8a9b-0d1e2f3add08']);
    expect(stages[0]?.changed_at).toBe('2025-01-06T08:02:55.100Z');
  });
});

describe('pipeline items → applications', () => {
  it('maps api3-style and legacy-style items; outcome from the stage type; B4 unknown type → null', async () => {
    const statuses = new Map((await statusesFixture()).map((status) => [guid(status.Id), status]));
    const jobId = '0b6c1d2e-7a1f-4a2b-9c3d-5e6f7a8bdd08';
    const items = (await list('pipeline.list')).map((item) => wire.pipelineItemSchema.parse(item));
    const mapped = items.slice(0, 5).map((item) => ApplicationSchema.parse(toApplication(item, { jobId, statuses })));
    expect(mapped.map((application) => application.outcome)).toEqual(['PENDING', 'HIRED', 'DECLINED', null, null]);
    expect(mapped[2]).toMatchObject({ rejection_reason_name: 'Not a Fit', changed_at: null });
    expect(decodeId(mapped[1]!.id, 'crelate', 'application', { parts: 2 })).toEqual([jobId, 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3bdd08']);
    expect(decodeId(mapped[1]!.current_stage_id!, 'crelate', 'stage')).toEqual(['4b3f0a6d-5e7a-4f9b-9d2e-3a4b5c6ddd08']);
    expect(mapped[0]?.changed_at).toBe('2025-01-06T15:30:00.500Z');
    expect(() => toApplication(items[5]!, { jobId, statuses })).toThrow(TypeError);
    expect(applicationOutcome(wire.workflowStatusSchema.parse({ Id: 'x', Name: 'Anything' }))).toBe('PENDING');
  });
});

describe('tags and artifacts', () => {
  it('tags keep their category; an entry without id or title is skipped', () => {
    const tag = TagSchema.parse(toTag({ Id: 'E1F2A3B4-C5D6-4E7F-8A9B-0C1D2E3FDD08', Title: 'Chicago' }, 'C7D6E5F4-A3B2-4C1D-9E8F-7A6B5C4DDD08'));
    expect(tag).toMatchObject({ remote_id: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3fdd08', name: 'Chicago', remote_data: { TagCategoryId: 'c7d6e5f4-a3b2-4c1d-9e8f-7a6b5c4ddd08' } });
    expect(toTag({ Id: null, Title: 'x' }, 'c')).toBeNull();
    expect(toTag({ Id: 'a', Title: ' ' }, 'c')).toBeNull();
  });

  it('artifacts: CV from the primary document or type, cover letter by type, content type from the extension, "" file name replaced', async () => {
    const contactId = '6b1e0c52-4f3a-4d8e-a1c2-19f3c7a2dd08';
    const items = (await list('artifacts.list')).map((item) => AttachmentSchema.parse(toAttachment(wire.artifactSchema.parse(item), contactId, 'f0e1d2c3-b4a5-4968-8778-695a4b3cdd08')));
    expect(items.map((item) => [item.file_name, item.type, item.content_type])).toEqual([
      ['Maria_Okafor_Resume.pdf', 'CV', 'application/pdf'],
      ['Cover letter - Maria Okafor.docx', 'COVER_LETTER', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['screening-notes.txt', 'OTHER', 'text/plain'],
    ]);
    expect(items.every((item) => item.url === null && item.owner === 'candidate')).toBe(true);
    expect(contentTypeOf('noextension')).toBeNull();
  });
});
