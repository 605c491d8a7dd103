/**
 * `projects` → `Job` and `HiringTeamMember`, `offers` → `JobPosting` (B.6.2). Only recruitment
 * projects are jobs (sales deals are dropped). Job-ad content lives in custom fields with
 * `joboffer_*` purposes. Project statuses are workspace-configured UUIDs with no readable names,
 * so a job's status is only known when it was soft-deleted (`ARCHIVED`).
 *
 * Tags such as B.6.2 are defined in docs/connectors/sources/jarvi.md.
 */
import type { HiringTeamMember, Job, JobPosting } from '../../../models/index.js';
import { jarviDescriptor as descriptor } from '../descriptor.js';
import type { WireFieldValue, WireProject, WireUser } from '../wire.js';
import { byPurpose, commonRecord, customFields, fieldValueOf, jarviId, nonEmpty, purposeText } from './common.js';
import { toLocation } from '../../shared/location.js';

/** Whether a project is a job: a recruitment project (B.6.2). */
export function isJob(raw: Pick<WireProject, 'isMadeForRecruitment'>): boolean {
  return raw.isMadeForRecruitment === true;
}

/** Maps one Jarvi project, or returns null for a sales deal. */
export function toJob(raw: WireProject): Job | null {
  if (!isJob(raw)) return null;
  const { custom, integration } = customFields(raw.fieldsValues);
  const values = raw.fieldsValues;
  const salaryFrom = purposeNumber(values, 'joboffer_salary_per_year_min');
  const salaryTo = purposeNumber(values, 'joboffer_salary_per_year_max');
  const minYears = purposeNumber(values, 'joboffer_min_years_of_experience');
  return {
    name: purposeText(raw.fieldsValues, 'joboffer_title') ?? nonEmpty(raw.name),
    // The applicants endpoint targets an offer by `referenceId` (B.7.2): the job's code.
    job_code: nonEmpty(raw.referenceId),
    description: purposeText(raw.fieldsValues, 'joboffer_description'),
    confidential: null,
    status: raw.deletedAt ? 'ARCHIVED' : null,
    department: null,
    post_url: null,
    remote_url: descriptor.appUrls.project(raw.id),
    // Whether the project is published as an offer is not on the project: unknown here.
    visibility: null,
    employment_type: employmentType(values),
    remote_work_status: remoteWorkStatus(purposeNumber(values, 'joboffer_remote_days_per_week')),
    weekly_hours: null,
    category: null,
    experience_level: minYears === null ? null : `${minYears}+ years`,
    salary_amount: null,
    salary_amount_from: salaryFrom,
    salary_amount_to: salaryTo,
    // No currency field in Jarvi's job-ad fields: unknown, never assumed.
    salary_currency: null,
    // The purposes say "per year".
    salary_period: salaryFrom !== null || salaryTo !== null ? 'YEAR' : null,
    salary_shown: purposeBoolean(values, 'joboffer_salary_is_public'),
    screening_questions: [],
    location: jobLocation(values),
    custom_fields: custom,
    integration_fields: [
      ...integration,
      { id: 'statusId', key: 'statusId', type: 'uuid', value: nonEmpty(raw.statusId), label: 'Project status' },
      { id: 'companyId', key: 'companyId', type: 'uuid', value: nonEmpty(raw.companyId), label: 'Client company' },
      { id: 'externalId', key: 'externalId', type: 'string', value: nonEmpty(raw.externalId), label: 'External id' },
    ],
    opened_at: null,
    closed_at: null,
    ...commonRecord('job', raw.id, raw, raw),
  };
}

/** The job-ad place (`joboffer_location`, a location custom field) as a full location. */
export function jobLocation(values: readonly WireFieldValue[] | null | undefined): Job['location'] {
  const place = byPurpose(values, 'joboffer_location')?.location ?? null;
  if (!place) return null;
  const line = nonEmpty(place.formattedAddress) ?? nonEmpty(place.search);
  return toLocation({
    name: line,
    city: nonEmpty(place.locality),
    state: nonEmpty(place.administrativeAreaLevel1),
    zip_code: nonEmpty(place.postalCode),
    country: nonEmpty(place.countryShortName) ?? nonEmpty(place.countryName),
    raw: line,
  });
}

/** A number of a purpose field (text values like `"45000"` or `"2.5"`), or null. */
export function purposeNumber(values: readonly WireFieldValue[] | null | undefined, purpose: string): number | null {
  const entry = byPurpose(values, purpose);
  const value = entry ? fieldValueOf(entry) : null;
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim().replace(',', '.')) : Number.NaN;
  return Number.isFinite(number) ? number : null;
}

/** A boolean of a purpose field (`"true"` / `"false"` as text, as the offers documentation shows), or null. */
export function purposeBoolean(values: readonly WireFieldValue[] | null | undefined, purpose: string): boolean | null {
  const entry = byPurpose(values, purpose);
  const value = entry ? fieldValueOf(entry) : null;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return null;
}

/**
 * Employment type from `joboffer_contract_type` (a choice; INFERRED values: French contract kinds)
 * and `joboffer_is_fulltime`. A permanent contract is full- or part-time by the flag (null without
 * it); an unknown choice is null (its raw value stays in custom fields).
 */
export function employmentType(values: readonly WireFieldValue[] | null | undefined): Job['employment_type'] {
  const entry = byPurpose(values, 'joboffer_contract_type');
  const choice = (nonEmpty(entry?.fieldValue?.technicalValue) ?? nonEmpty(entry?.fieldValue?.name) ?? (typeof entry?.value === 'string' ? nonEmpty(entry.value) : null))?.toLowerCase() ?? null;
  const fullTime = purposeBoolean(values, 'joboffer_is_fulltime');
  const byFlag = fullTime === null ? null : fullTime ? 'FULL_TIME' : 'PART_TIME';
  if (choice === null) return byFlag;
  if (/intern|stage|stagiaire/.test(choice)) return 'INTERNSHIP';
  if (/saison|season/.test(choice)) return 'SEASONAL';
  if (/freelance|cdd|fixed|contract|interim|intérim|temp/.test(choice)) return 'CONTRACT';
  // A permanent contract may be full- or part-time: only the flag says which.
  if (/cdi|permanent/.test(choice)) return byFlag;
  if (/part/.test(choice)) return 'PART_TIME';
  if (/full/.test(choice)) return 'FULL_TIME';
  return null;
}

/** Remote work from `joboffer_remote_days_per_week`: 0 on site, 5 or more remote, between hybrid. */
export function remoteWorkStatus(days: number | null): Job['remote_work_status'] {
  if (days === null || days < 0) return null;
  if (days === 0) return 'ON_SITE';
  return days >= 5 ? 'REMOTE' : 'HYBRID';
}

/**
 * Maps one offer (a published job ad). INFERRED: `/offers` lists published ads only, so a listed
 * offer is `ACTIVE` and `PUBLIC` unless soft-deleted; the careers-page URL needs the customer's
 * careers domain, so `url` is null (`shortId` stays in `remote_data`).
 */
export function toJobPosting(raw: WireProject): JobPosting {
  return {
    title: purposeText(raw.fieldsValues, 'joboffer_title') ?? nonEmpty(raw.name),
    description_html: purposeText(raw.fieldsValues, 'joboffer_description'),
    status: raw.deletedAt ? 'CLOSED' : 'ACTIVE',
    visibility: 'PUBLIC',
    url: null,
    // Offers are project records (B.6.2): the same id is the job's.
    job_id: jarviId('job', raw.id),
    ...commonRecord('job_posting', raw.id, raw, raw),
  };
}

/**
 * Maps the hiring team of one recruitment project: the owner (`user`) and the `assignees`.
 * INFERRED roles: both are recruiters (Jarvi has no role on assignees).
 */
export function toHiringTeam(raw: WireProject): HiringTeamMember[] {
  if (!isJob(raw)) return [];
  const members = new Map<string, WireUser>();
  for (const user of projectUsers(raw)) members.set(user.id, user);
  return [...members.keys()].map((userId) => ({
    job_id: jarviId('job', raw.id),
    user_id: jarviId('user', userId),
    roles: ['RECRUITER'],
    job_roles: [],
    ...commonRecord('hiring_team', `${raw.id}:${userId}`, raw, { projectId: raw.id, user: members.get(userId) }, [raw.id, userId]),
  }));
}

/** The users embedded in a project: owner first, then assignees. */
export function projectUsers(raw: WireProject): WireUser[] {
  const users: WireUser[] = [];
  if (raw.user) users.push(raw.user);
  for (const assignee of raw.assignees ?? []) if (assignee.user) users.push(assignee.user);
  return users;
}
