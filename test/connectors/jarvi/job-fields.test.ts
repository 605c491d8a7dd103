/**
 * The job fields read from Jarvi's job-ad custom fields (`joboffer_*` purposes): employment type,
 * remote work, salary range and whether it is shown, minimum experience, the full location; the
 * candidate's location and the records' `remote_url`. Never an invented value: a field Jarvi does
 * not have (currency, weekly hours, category) stays null, an unknown choice is null with the raw
 * value kept in custom fields. Then the same fields end to end through the sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJarviConnector } from '../../../src/connectors/jarvi/index.js';
import { employmentType, jobLocation, purposeBoolean, purposeNumber, remoteWorkStatus, toJob } from '../../../src/connectors/jarvi/mappers/to-job.js';
import { toCandidate } from '../../../src/connectors/jarvi/mappers/to-candidate.js';
import { toApplications } from '../../../src/connectors/jarvi/mappers/to-application.js';
import { profileSchema, projectSchema, type WireFieldValue } from '../../../src/connectors/jarvi/wire.js';
import { JobSchema } from '../../../src/models/index.js';
import { startSandbox, type Sandbox } from '../../../src/testing/index.js';

/** One custom field value with a purpose: text in `value`, or a choice. */
const fv = (purpose: string, value: unknown, choice?: { name: string; technicalValue: string }): WireFieldValue => ({
  id: `fv-${purpose}`,
  field: { id: `f-${purpose}`, name: purpose, type: choice ? 'choice' : 'text', purpose },
  fieldValue: choice ? { id: `c-${purpose}`, ...choice } : null,
  location: null,
  value,
});

describe('jarvi job-ad fields', () => {
  it('employment type: contract kind and the full-time flag; unknown stays null', () => {
    const contract = (name: string, technicalValue: string, fullTime?: string) =>
      employmentType([fv('joboffer_contract_type', null, { name, technicalValue }), ...(fullTime ? [fv('joboffer_is_fulltime', fullTime)] : [])]);
    expect(contract('CDI', 'permanent', 'true')).toBe('FULL_TIME');
    expect(contract('CDI', 'permanent', 'false')).toBe('PART_TIME');
    expect(contract('CDI', 'permanent')).toBeNull();
    expect(contract('CDD', 'fixed_term')).toBe('CONTRACT');
    expect(contract('Freelance', 'freelance')).toBe('CONTRACT');
    expect(contract('Stage', 'internship')).toBe('INTERNSHIP');
    expect(contract('Saisonnier', 'seasonal')).toBe('SEASONAL');
    expect(contract('Alternance', 'apprenticeship')).toBeNull();
    expect(employmentType([fv('joboffer_is_fulltime', 'true')])).toBe('FULL_TIME');
    expect(employmentType([])).toBeNull();
  });

  it('remote days per week: 0 on site, 1–4 hybrid, 5 remote; numbers read from text', () => {
    expect([0, 2, 5, 7].map(remoteWorkStatus)).toEqual(['ON_SITE', 'HYBRID', 'REMOTE', 'REMOTE']);
    expect(remoteWorkStatus(null)).toBeNull();
    expect(purposeNumber([fv('joboffer_remote_days_per_week', '2')], 'joboffer_remote_days_per_week')).toBe(2);
    expect(purposeNumber([fv('x', '2,5')], 'x')).toBe(2.5);
    expect(purposeNumber([fv('x', 'two')], 'x')).toBeNull();
    expect(purposeNumber([fv('x', '')], 'x')).toBeNull();
    expect(purposeBoolean([fv('x', 'false')], 'x')).toBe(false);
    expect(purposeBoolean([fv('x', 'maybe')], 'x')).toBeNull();
  });

  it('a job with every job-ad field maps salary, experience, location and remote_url; currency stays null', () => {
    const project = projectSchema.parse({
      id: 'AAAAAAAA-1111-4111-8111-111111111111',
      name: 'Data engineer',
      isMadeForRecruitment: true,
      createdAt: '2025-02-01T10:00:00+00:00',
      updatedAt: '2025-02-02T10:00:00.5+00:00',
      fieldsValues: [
        fv('joboffer_salary_per_year_min', '45000'),
        fv('joboffer_salary_per_year_max', '55000'),
        fv('joboffer_salary_is_public', 'false'),
        fv('joboffer_min_years_of_experience', '3'),
        fv('joboffer_remote_days_per_week', '2'),
        fv('joboffer_contract_type', null, { name: 'CDI', technicalValue: 'permanent' }),
        fv('joboffer_is_fulltime', 'true'),
        {
          id: 'fv-l',
          field: { id: 'f-l', name: 'Lieu', type: 'location', purpose: 'joboffer_location' },
          fieldValue: null,
          location: { formattedAddress: '12 rue X, 44000 Nantes, France', locality: 'Nantes', postalCode: '44000', administrativeAreaLevel1: 'Pays de la Loire', countryName: 'France', countryShortName: 'FR' },
          value: null,
        },
      ],
    });
    const job = JobSchema.parse(toJob(project));
    expect(job).toMatchObject({
      remote_url: 'https://app.jarvi.tech/#/projects/aaaaaaaa-1111-4111-8111-111111111111',
      employment_type: 'FULL_TIME',
      remote_work_status: 'HYBRID',
      salary_amount: null,
      salary_amount_from: 45000,
      salary_amount_to: 55000,
      salary_currency: null,
      salary_period: 'YEAR',
      salary_shown: false,
      experience_level: '3+ years',
      weekly_hours: null,
      category: null,
      visibility: null,
      location: { name: '12 rue X, 44000 Nantes, France', city: 'Nantes', state: 'Pays de la Loire', zip_code: '44000', country: 'FR', raw: '12 rue X, 44000 Nantes, France', street_1: null, street_2: null },
    });
    expect(jobLocation([])).toBeNull();
  });

  it('candidates and applications carry remote_url; a candidate location is one line, kept as name and raw', () => {
    const profile = profileSchema.parse({
      id: 'BBBBBBBB-2222-4222-8222-222222222222',
      isTalent: true,
      firstName: 'Camille',
      locations: [{ name: 'Nantes, France' }],
      projects: [{ projectId: 'cccccccc-3333-4333-8333-333333333333' }],
    });
    const candidate = toCandidate(profile)!;
    expect(candidate.remote_url).toBe('https://app.jarvi.tech/#/crm/profiles/bbbbbbbb-2222-4222-8222-222222222222');
    expect(candidate.location).toEqual({ name: 'Nantes, France', raw: 'Nantes, France', street_1: null, street_2: null, city: null, state: null, zip_code: null, country: null });
    expect(toCandidate(profileSchema.parse({ id: 'x', isTalent: true }))!.location).toBeNull();
    expect(toApplications(profile)[0]!.remote_url).toBe(candidate.remote_url);
  });
});

describe('jarvi job-ad fields through the sandbox', () => {
  let sandbox: Sandbox<'jarvi'>;
  beforeAll(async () => {
    sandbox = await startSandbox('jarvi', { records: 20, seed: 9 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('every seeded job-ad field arrives on the synced jobs', async () => {
    const ats = createJarviConnector(sandbox.connectorOptions);
    try {
      const jobs = [];
      for await (const job of ats.syncJobs()) jobs.push(job);
      expect(jobs.length).toBeGreaterThan(2);
      for (const job of jobs) {
        const stored = sandbox.store.get('projects', job.remote_id)!;
        const ad = stored.ad as { salaryMin: number; salaryMax: number; remoteDays: number; fullTime: boolean; years: number; public: boolean };
        expect(job, job.remote_id).toMatchObject({
          salary_amount_from: ad.salaryMin,
          salary_amount_to: ad.salaryMax,
          salary_period: 'YEAR',
          salary_shown: ad.public,
          employment_type: ad.fullTime ? 'FULL_TIME' : 'PART_TIME',
          remote_work_status: remoteWorkStatus(ad.remoteDays),
          experience_level: `${ad.years}+ years`,
          remote_url: `https://app.jarvi.tech/#/projects/${job.remote_id}`,
        });
        expect(job.location?.zip_code).toMatch(/^\d{5}$/);
      }
      expect(new Set(jobs.map((job) => job.remote_work_status)).size).toBeGreaterThan(1);
    } finally {
      await ats.close();
    }
  });
});
