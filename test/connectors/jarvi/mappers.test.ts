/**
 * Jarvi mappers, straight from the fixtures: candidates, applications, jobs, postings, hiring
 * team, users; enums with unknown values (B4), '' / null / missing (B6), `__proto__` keys (B8).
 */
import { describe, expect, it } from 'vitest';
import { decodeId } from '../../../src/core/ids.js';
import { ApplicationSchema, CandidateSchema, HiringTeamMemberSchema, JobPostingSchema, JobSchema, UserSchema } from '../../../src/models/index.js';
import { toApplications } from '../../../src/connectors/jarvi/mappers/to-application.js';
import { phoneType, profileSource, toCandidate } from '../../../src/connectors/jarvi/mappers/to-candidate.js';
import { jarviDate } from '../../../src/connectors/jarvi/mappers/common.js';
import { projectUsers, toHiringTeam, toJob, toJobPosting } from '../../../src/connectors/jarvi/mappers/to-job.js';
import { toUser } from '../../../src/connectors/jarvi/mappers/to-user.js';
import { profileSchema, projectSchema } from '../../../src/connectors/jarvi/wire.js';
import { rows } from './helpers.js';

const profiles = rows('profiles.page-1');
const profile = (index: number) => profileSchema.parse(profiles[index]);
const projects = rows('projects.page-1').map((row) => projectSchema.parse(row));

describe('jarvi toCandidate', () => {
  it('maps the documented profile example', () => {
    const candidate = CandidateSchema.parse(toCandidate(profile(0)));
    expect(candidate).toMatchObject({
      remote_id: '9ef1c5db-9c40-4329-aec6-d3b3230b45b9',
      first_name: 'Camille',
      last_name: 'Moreau',
      company: 'Acme SAS',
      title: 'Développeuse Java senior',
      source: 'Manual',
      changed_at: '2025-01-08T09:12:03.110Z',
      remote_created_at: '2025-01-06T16:26:40.484Z',
      remote_deleted_at: null,
      email_addresses: [{ email_address: 'camille.moreau@example.fr', type: null }],
      phone_numbers: [{ phone_number: '+33612345678', type: 'MOBILE' }],
      social_media: [{ link: 'https://www.linkedin.com/in/camille-moreau/', type: 'LINKEDIN', username: 'camille-moreau' }],
    });
    expect(candidate.tags.map((tag) => tag.name)).toEqual(['java']);
    expect(candidate.custom_fields['00da911c-e3e1-46c1-86cc-0c1ec53e3213']).toBe('3 months');
    expect(decodeId(candidate.id, 'jarvi', 'candidate')).toEqual(['9ef1c5db-9c40-4329-aec6-d3b3230b45b9']);
    expect(candidate.remote_data).toMatchObject({ __typename: 'profiles', statusId: 'b2d697e3-668d-42d1-9f0a-3c4b5d6e7f80' });
  });

  it('drops a contact that leaked through the isTalent filter (quirk 4)', () => {
    expect(profiles[1]).toMatchObject({ isTalent: false, isContact: true });
    expect(toCandidate(profile(1))).toBeNull();
    expect(toApplications(profile(1))).toEqual([]);
  });

  it('flags a soft-deleted talent with remote_deleted_at', () => {
    expect(toCandidate(profile(2))?.remote_deleted_at).toBe('2025-01-09T08:00:00.000Z');
  });

  it("B6: '' , null and missing fields become null or empty lists, never ''", () => {
    const candidate = CandidateSchema.parse(toCandidate(profile(3)));
    expect(candidate.first_name).toBe('Hugo'); // '' effective and manual values fall back to the parsed one
    expect(candidate.title).toBeNull();
    expect(candidate.company).toBeNull();
    expect(candidate.source).toBeNull();
    expect(candidate.email_addresses).toEqual([{ email_address: 'hugo.dubois@example.fr', type: null }]);
    expect(candidate.phone_numbers).toEqual([]);
    const { remote_data: _raw, ...unified } = candidate;
    expect(JSON.stringify(unified)).not.toMatch(/"[a-z_]+":""/);
  });

  it('B4: unknown source and phone type map to null, the raw values stay in remote_data', () => {
    const candidate = CandidateSchema.parse(toCandidate(profile(4)));
    expect(candidate.source).toBeNull();
    expect(candidate.phone_numbers).toEqual([{ phone_number: '+33240493773', type: null }]);
    expect(candidate.remote_data).toMatchObject({ source: 'CHROME_EXTENSION_V9', phoneNumbers: [{ type: 'satellite' }] });
  });

  it('maps every known enum value explicitly', () => {
    expect(['mobile', 'home', 'work', 'other', 'fax'].map(phoneType)).toEqual(['MOBILE', 'HOME', 'WORK', 'OTHER', null]);
    expect(['MANUAL', 'LINKEDIN', 'APPLICATION', 'IMPORT', 'API', 'SOMETHING_NEW', null].map(profileSource)).toEqual([
      'Manual', 'LinkedIn', 'Application', 'Import', 'API', null, null,
    ]);
  });

  it('B3: a row whose emailAddresses is not an array fails the wire schema at that path', () => {
    const parsed = profileSchema.safeParse(profiles[5]);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain('emailAddresses');
  });

  it('B8: __proto__ keys from the wire do not pollute any prototype', () => {
    const candidate = CandidateSchema.parse(toCandidate(profile(6)));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(candidate.custom_fields)).toBe(Object.prototype);
    expect((candidate.custom_fields as Record<string, unknown>).polluted).toBeUndefined();
    // The mapper keeps the odd key as a plain own key; the strict schema may leave it out, never follow it.
    const mapped = toCandidate(profile(6));
    expect(Object.getPrototypeOf(mapped!.custom_fields)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(mapped!.custom_fields)).toEqual(['__proto__']);
    expect(mapped!.integration_fields.find((field) => field.key === '__proto__')?.value).toBe('polluted?');
    expect(Object.getPrototypeOf(candidate.remote_data)).toBe(Object.prototype);
  });

  it('reads the trimmed timestamp forms Jarvi sends (quirk 15)', () => {
    expect(jarviDate('2025-01-06T16:26:40.484813+00:00')).toBe('2025-01-06T16:26:40.484Z');
    expect(jarviDate('2025-01-09T10:15:20.34+00:00')).toBe('2025-01-09T10:15:20.340Z');
    expect(jarviDate('2025-01-06T23:26:00+00:00')).toBe('2025-01-06T23:26:00.000Z');
    expect(jarviDate('')).toBeNull();
    expect(() => jarviDate('yesterday')).toThrow(RangeError);
  });
});

describe('jarvi toApplications', () => {
  it('makes one application per embedded profile↔project row, staged at the profile status', () => {
    const [application] = toApplications(profile(0)).map((record) => ApplicationSchema.parse(record));
    expect(application).toMatchObject({
      remote_id: '9ef1c5db-9c40-4329-aec6-d3b3230b45b9:0c48cc86-352e-4098-9f34-5785e3aeafa3',
      remote_created_at: '2025-01-07T10:00:00.000Z',
      changed_at: '2025-01-08T09:12:03.110Z',
      outcome: null,
      source: 'Manual',
    });
    expect(decodeId(application!.job_id!, 'jarvi', 'job')).toEqual(['0c48cc86-352e-4098-9f34-5785e3aeafa3']);
    expect(decodeId(application!.current_stage_id!, 'jarvi', 'stage')).toEqual(['b2d697e3-668d-42d1-9f0a-3c4b5d6e7f80']);
    expect(toApplications(profile(7))).toHaveLength(2);
    expect(toApplications(profile(8))).toEqual([]);
  });
});

describe('jarvi projects and offers', () => {
  it('maps recruitment projects to jobs and drops sales deals', () => {
    const [documented, sales, deleted, withAd] = projects.map(toJob);
    expect(JobSchema.parse(documented)).toMatchObject({ name: 'Dev JAVA - IDF', status: null, job_code: null, description: null, remote_deleted_at: null });
    expect(sales).toBeNull();
    expect(JobSchema.parse(deleted)).toMatchObject({ status: 'ARCHIVED', remote_deleted_at: '2024-12-15T10:00:00.000Z' });
    expect(JobSchema.parse(withAd)).toMatchObject({
      name: 'Développeur Java senior (H/F)',
      job_code: 'JARVI001',
      description: "<p>Rejoignez l'équipe plateforme.</p>",
      location: { name: 'Paris, France', city: 'Paris', state: null, zip_code: '75001', country: 'FR', raw: 'Paris, France', street_1: null, street_2: null },
      remote_url: 'https://app.jarvi.tech/#/projects/5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
      // "permanent" without joboffer_is_fulltime: full- or part-time is unknown.
      employment_type: null,
      salary_shown: true,
      salary_amount_from: null,
      salary_period: null,
      salary_currency: null,
    });
    expect(withAd?.custom_fields['44444444-4f26-413a-97ce-7e16c2ac0c29']).toBe('CDI');
  });

  it('maps offers to public, active postings of the same job id', () => {
    const offers = rows('offers.page-1').map((row) => JobPostingSchema.parse(toJobPosting(projectSchema.parse(row))));
    expect(offers[0]).toMatchObject({ title: 'Dev JAVA - IDF', description_html: null, status: 'ACTIVE', visibility: 'PUBLIC' });
    expect(offers[1]).toMatchObject({ title: 'Développeur Java senior (H/F)', description_html: "<p>Rejoignez l'équipe plateforme.</p>" });
    expect(offers[1]?.job_id).toBe(JobSchema.parse(toJob(projects[3]!)).id);
  });

  it('maps owner and assignees to one hiring-team member each, and embedded users to users', () => {
    const team = toHiringTeam(projects[0]!).map((member) => HiringTeamMemberSchema.parse(member));
    expect(team).toHaveLength(2);
    expect(team.every((member) => member.roles.join() === 'RECRUITER')).toBe(true);
    expect(toHiringTeam(projects[1]!)).toEqual([]);
    const users = projectUsers(projects[0]!).map((user) => UserSchema.parse(toUser(user)));
    expect(users[0]).toMatchObject({ first_name: 'Sarah', last_name: 'Le Roué', email: 'sarah@jarvi.example', status: 'ACTIVE' });
    // An assignee copy carries no `disabled`: unknown status, not a guess.
    expect(users[2]).toMatchObject({ first_name: 'Johan', status: null });
  });
});
