import { describe, expect, it } from 'vitest';
import { flatchrDate, toFilterDate } from '../../../src/connectors/flatchr/dates.js';
import { buildLookups } from '../../../src/connectors/flatchr/lookups.js';
import { candidateIdOf } from '../../../src/connectors/flatchr/mappers/common.js';
import { toApplication } from '../../../src/connectors/flatchr/mappers/to-application.js';
import { toCandidate } from '../../../src/connectors/flatchr/mappers/to-candidate.js';
import { toJob, toJobPosting } from '../../../src/connectors/flatchr/mappers/to-job.js';
import { toCommentAttachments, toCvAttachment, toTag } from '../../../src/connectors/flatchr/mappers/to-misc.js';
import { sortColumns, toApplicationStage, toJobStages } from '../../../src/connectors/flatchr/mappers/to-stage.js';
import { toUser } from '../../../src/connectors/flatchr/mappers/to-user.js';
import * as wire from '../../../src/connectors/flatchr/wire.js';
import { ApplicationSchema, ApplicationStageSchema, CandidateSchema, JobPostingSchema, JobSchema, JobStageSchema, TagSchema, UserSchema } from '../../../src/models/index.js';
import { fixture } from './helpers.js';

const body = <T>(name: string) => fixture(name).response.body as T;
const vacancies = body<unknown[]>('vacancies.list').map((v) => wire.vacancySchema.parse(v));
const columns = body<unknown[]>('columns.list').map((c) => wire.columnSchema.parse(c));
const rows = body<unknown[]>('applicants.search-full').map((r) => wire.searchRowSchema.parse(r));
const archived = body<unknown[]>('applicants.search-archived').map((r) => wire.searchRowSchema.parse(r));
const lookups = buildLookups(body('vacancies.list'), body('columns.list'));

describe('flatchr dates: three formats through date-fns', () => {
  it('parses search rows (DD/MM/YY), epoch seconds and ISO 8601 to UTC ISO', () => {
    expect(flatchrDate('09/11/23')).toBe('2023-11-09T00:00:00.000Z');
    expect(flatchrDate('16/02/24')).toBe('2024-02-16T00:00:00.000Z');
    expect(flatchrDate(1712215716)).toBe('2024-04-04T07:28:36.000Z');
    expect(flatchrDate('2024-03-08T13:20:14.589Z')).toBe('2024-03-08T13:20:14.589Z');
    expect(flatchrDate('')).toBeNull();
    expect(flatchrDate(null)).toBeNull();
  });

  it('fails loudly on a new format', () => {
    expect(() => flatchrDate('2024/04/02')).toThrow(RangeError);
    expect(() => flatchrDate('04/13/24')).toThrow(RangeError);
    expect(() => flatchrDate('9 avril 2024')).toThrow(/matches none of/);
  });

  it('formats the filter as MM/DD/YY (US order, UTC day)', () => {
    expect(toFilterDate(Date.UTC(2024, 3, 1, 23, 59))).toBe('04/01/24');
    expect(toFilterDate(Date.UTC(2009, 0, 5))).toBe('01/05/09');
  });
});

describe('flatchr mappers (from fixtures)', () => {
  it('maps vacancies to jobs and postings', () => {
    const [first, second] = vacancies.map(toJob);
    expect(JobSchema.parse(first)).toMatchObject({ name: 'Account Executive SaaS H/F', job_code: 'CDI-SALES-EXEC-2024', status: 'OPEN', location: { city: 'Paris', country: 'France' } });
    expect(first?.description).toContain('Qualify and close');
    // '' → null, status 0 → CLOSED (INFERRED), no address → null, empty mission/profile → company blurb.
    expect(JobSchema.parse(second)).toMatchObject({ job_code: null, status: 'CLOSED', location: null, description: '<p>Company blurb</p>', opened_at: '2024-05-01T00:00:00.000Z' });
    expect(second?.remote_data).toMatchObject({ remote: true, salary: 42000 });
    const posting = JobPostingSchema.parse(toJobPosting(vacancies[1] as wire.Vacancy));
    expect(posting).toMatchObject({ status: 'INACTIVE', visibility: null, url: 'https://acme.flatchr.io/vacancy/vq5r6pyxam9ammvp-ingenieur-developpement-h-f', job_id: first ? expect.any(String) : null });
  });

  it('maps an unknown vacancy status to null, keeping it in remote_data (B4)', () => {
    const job = toJob(wire.vacancySchema.parse({ ...(body<unknown[]>('vacancies.list')[0] as object), status: 3 }));
    expect(job.status).toBeNull();
    expect(job.remote_data).toMatchObject({ status: 3 });
  });

  it('maps columns to stages in kanban order, and every column to every job', () => {
    const sorted = sortColumns(columns);
    expect(sorted.map((c) => c.id)).toEqual([694, 695, 696, 699]);
    const stages = sorted.map((c, i) => ApplicationStageSchema.parse(toApplicationStage(c, i)));
    expect(stages.map((s) => [s.name, s.global_index])).toEqual([['Nouveau', 0], ['Pré-qualification RH', 1], ['Entretien RH', 2], ['Recruté', 3]]);
    const jobStages = toJobStages(vacancies[0] as wire.Vacancy, sorted).map((s) => JobStageSchema.parse(s));
    expect(jobStages.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    expect(jobStages[1]?.stage_id).toBe(stages[1]?.id);
  });

  it('maps members to users; unknown status → null, "" → null', () => {
    const users = body<unknown[]>('members.list').map((m) => UserSchema.parse(toUser(wire.memberSchema.parse(m))));
    expect(users.map((u) => u.status)).toEqual(['ACTIVE', null, 'INACTIVE']);
    expect(users[1]).toMatchObject({ last_name: null, email: null, first_name: 'Hugo' });
    expect(users[0]?.remote_id).toBe('KL5kDWnbaLdyawrb');
  });

  it('maps the tag catalogue', () => {
    const tag = TagSchema.parse(toTag(wire.tagSchema.parse(body<unknown[]>('tags.list')[0])));
    expect(tag).toMatchObject({ name: "Niveau d'études", remote_id: '5gQayv9L1Qp6LXE4', changed_at: null });
  });

  it('maps search rows to applications with the run lookups', () => {
    const [hr, hired, nouveau, unknown] = rows.map((row) => ApplicationSchema.parse(toApplication(row, lookups)));
    expect(hr).toMatchObject({ outcome: 'PENDING', changed_at: '2024-04-03T00:00:00.000Z', remote_created_at: '2023-11-09T00:00:00.000Z', source: "L'Apec" });
    expect(hr?.job_id).toBe(toJob(vacancies[1] as wire.Vacancy).id);
    expect(hired?.outcome).toBe('HIRED');
    expect(nouveau?.source).toBeNull();
    // B4: unknown status → null, unknown column title → null, raw kept.
    expect(unknown).toMatchObject({ outcome: null, current_stage_id: null });
    expect(unknown?.remote_data).toMatchObject({ status: 7, column: 'Colonne supprimée' });
    const declined = ApplicationSchema.parse(toApplication(archived[0] as wire.SearchRow, lookups));
    expect(declined.outcome).toBe('DECLINED');
    // Column titles match case- and space-insensitively when the exact title is missing.
    expect(declined.current_stage_id).toBe(toApplicationStage(columns.find((c) => c.id === 695) as wire.Column, 1).id);
  });

  it('maps search rows to candidates; one person per email, case-insensitive', () => {
    const [juliette, , juliette2, lea] = rows.map((row) => CandidateSchema.parse(toCandidate(row)));
    expect(juliette?.id).toBe(juliette2?.id);
    expect(juliette).toMatchObject({ first_name: 'Juliette', remote_id: 'juliette.martin@example.fr', phone_numbers: [{ phone_number: '+33 6 12 34 56 78', type: null }] });
    // B6-style: '' email / phone / last name → null and empty lists, keyed by the applicant.
    expect(lea).toMatchObject({ last_name: null, email_addresses: [], phone_numbers: [], remote_id: 'pX9m2LkQ8rT5vB3n' });
    expect(lea?.id).toBe(candidateIdOf(rows[3] as wire.SearchRow));
  });

  it('treats null, missing and empty fields alike (B6)', () => {
    const base = { applicant: 'B6applicant00001', vacancy_id: 84512, status: 1 };
    for (const variant of [{ firstname: null, source: null }, {}, { firstname: '', source: '  ' }]) {
      const row = wire.searchRowSchema.parse({ ...base, ...variant });
      expect(CandidateSchema.parse(toCandidate(row))).toMatchObject({ first_name: null, source: null, changed_at: null });
      expect(ApplicationSchema.parse(toApplication(row, lookups))).toMatchObject({ source: null, current_stage_id: null });
    }
  });

  it('maps the CV of a full applicant object and comment files', () => {
    const applicant = wire.applicantObjectSchema.parse(body('applicant.get-legacy'));
    const cv = toCvAttachment('candidate-id', applicant.candidate as never);
    expect(cv).toMatchObject({ type: 'CV', content_type: 'application/pdf', file_name: 'juliette-martin.pdf', owner: 'candidate' });
    expect(cv?.url?.startsWith('https://s3.eu-west-1.amazonaws.com/')).toBe(true);
    const files = body<unknown[]>('comments.list').flatMap((c) => toCommentAttachments(wire.commentSchema.parse(c), { kind: 'candidate', id: 'candidate-id' }));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ file_name: 'CV_test.pdf', type: 'CV', content_type: 'application/pdf' });
  });
});

describe('flatchr application outcome from the column (rows without status or hired)', () => {
  const row = (column: string, extra: Record<string, unknown> = {}) => wire.searchRowSchema.parse({ applicant: 'a1', column, email: 'x@y.io', ...extra });
  const lookupsWith = (cols: unknown[]) => buildLookups([], cols);

  it('takes HIRED from a column flagged hired, or titled like "Recruté" when the column list does not say', () => {
    expect(toApplication(row('Signé'), lookupsWith([{ id: 1, title: 'Signé', hired: true }])).outcome).toBe('HIRED');
    expect(toApplication(row('Recruté(e)'), lookupsWith([])).outcome).toBe('HIRED');
    expect(toApplication(row('Hired'), lookupsWith([])).outcome).toBe('HIRED');
    // The column's own flag wins over its title; "Recrutement" is not "Recruté".
    expect(toApplication(row('Recruté'), lookupsWith([{ id: 2, title: 'Recruté', hired: false }])).outcome).toBeNull();
    expect(toApplication(row('Recrutement'), lookupsWith([])).outcome).toBeNull();
    // An explicit hired: false on the row is kept.
    expect(toApplication(row('Recruté', { hired: false, status: 1 }), lookupsWith([])).outcome).toBe('PENDING');
  });

  it('takes DECLINED from a column titled like "Refusé" / "Non retenu"; archived stays DECLINED', () => {
    expect(toApplication(row('Refusé'), lookupsWith([{ id: 3, title: 'Refusé', hired: false }])).outcome).toBe('DECLINED');
    expect(toApplication(row('Non retenu', { status: 1 }), lookupsWith([])).outcome).toBe('DECLINED');
    expect(toApplication(row('Entretien RH', { status: 0 }), lookupsWith([])).outcome).toBe('DECLINED');
    expect(toApplication(row('Entretien RH', { status: 1 }), lookupsWith([])).outcome).toBe('PENDING');
    expect(toApplication(row('Entretien RH'), lookupsWith([])).outcome).toBeNull();
  });
});

describe('flatchr job fields (issue 19.3) and screening questions (19.4)', () => {
  const raw = body<Record<string, unknown>[]>('vacancies.list');
  it('maps salary range, period, contract, remote, experience and the full address', () => {
    const [first, second] = raw.map((v) => JobSchema.parse(toJob(wire.vacancySchema.parse(v))));
    expect(first).toMatchObject({
      salary_amount: null,
      salary_amount_from: 45000,
      salary_amount_to: 55000,
      salary_currency: 'EUR',
      salary_period: 'YEAR',
      salary_shown: null,
      employment_type: 'FULL_TIME',
      remote_work_status: 'HYBRID',
      experience_level: '1-3 years',
      remote_url: null,
      location: { street_1: '59 Boulevard Exelmans', city: 'Paris', state: 'Île-de-France', zip_code: '75016', country: 'France', raw: '59 Boulevard Exelmans, 75016 Paris, France', name: null },
    });
    // One figure, no period given; remote `true` (2022 payloads) says only "possible": null; no contract → null.
    expect(second).toMatchObject({ salary_amount: 42000, salary_amount_from: null, salary_period: null, remote_work_status: null, employment_type: null, experience_level: '3-5 years' });
    const partTime = toJob(wire.vacancySchema.parse({ ...raw[0], partial: true, salary: '0', salary_max: null, remote: 'notime', show_salary: false }));
    expect(partTime).toMatchObject({ employment_type: 'PART_TIME', salary_amount: null, salary_currency: null, salary_shown: false, remote_work_status: 'ON_SITE' });
    expect(toJob(wire.vacancySchema.parse({ ...raw[0], contract_type_id: null, contract_type: 'Stage' })).employment_type).toBe('INTERNSHIP');
    expect(toJob(wire.vacancySchema.parse({ ...raw[0], contract_type_id: 7 })).employment_type).toBeNull();
  });

  it('reads application-form questions leniently; one without an id is skipped', () => {
    const job = JobSchema.parse(toJob(wire.vacancySchema.parse({
      ...raw[0],
      questions: [
        { id: 531, title: 'Permis B ?', type: 'boolean', required: true },
        { id: 532, label: 'Langues', values: 'Anglais;Espagnol', multiple: true },
        { title: 'no id' },
      ],
    })));
    expect(job.screening_questions).toMatchObject([
      { remote_id: '531', title: 'Permis B ?', type: 'BOOLEAN', required: true, options: [], index: 0 },
      { remote_id: '532', title: 'Langues', type: 'MULTI_SELECT', required: null, options: [{ name: 'Anglais' }, { name: 'Espagnol' }], index: 1 },
    ]);
    expect(job.screening_questions).toHaveLength(2);
  });
});
