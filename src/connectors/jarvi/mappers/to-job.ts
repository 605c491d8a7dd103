/**
 * `projects` → `Job` and `HiringTeamMember`, `offers` → `JobPosting` (B.6.2). Only recruitment
 * projects are jobs (sales deals are dropped). Job-ad content lives in custom fields with
 * `joboffer_*` purposes. Project statuses are workspace-configured UUIDs with no readable names,
 * so a job's status is only known when it was soft-deleted (`ARCHIVED`).
 */
import type { HiringTeamMember, Job, JobPosting } from '../../../models/index.js';
import { jarviDescriptor as descriptor } from '../descriptor.js';
import type { WireProject, WireUser } from '../wire.js';
import { byPurpose, commonRecord, customFields, jarviId, nonEmpty, purposeText } from './common.js';
import { toLocation } from '../../shared/location.js';

/** Whether a project is a job: a recruitment project (B.6.2). */
export function isJob(raw: Pick<WireProject, 'isMadeForRecruitment'>): boolean {
  return raw.isMadeForRecruitment === true;
}

/** Maps one Jarvi project, or returns null for a sales deal. */
export function toJob(raw: WireProject): Job | null {
  if (!isJob(raw)) return null;
  const { custom, integration } = customFields(raw.fieldsValues);
  const place = byPurpose(raw.fieldsValues, 'joboffer_location')?.location ?? null;
  const placeName = nonEmpty(place?.formattedAddress) ?? nonEmpty(place?.search);
  return {
    name: purposeText(raw.fieldsValues, 'joboffer_title') ?? nonEmpty(raw.name),
    // The applicants endpoint targets an offer by `referenceId` (B.7.2): the job's code.
    job_code: nonEmpty(raw.referenceId),
    description: purposeText(raw.fieldsValues, 'joboffer_description'),
    confidential: null,
    status: raw.deletedAt ? 'ARCHIVED' : null,
    department: null,
    post_url: null,
    remote_url: null,
    visibility: null,
    employment_type: null,
    remote_work_status: null,
    weekly_hours: null,
    category: null,
    experience_level: null,
    salary_amount: null,
    salary_amount_from: null,
    salary_amount_to: null,
    salary_currency: null,
    salary_period: null,
    salary_shown: null,
    screening_questions: [],
    location: place ? toLocation({ name: placeName, city: nonEmpty(place.locality), country: nonEmpty(place.countryName) }) : null,
    custom_fields: custom,
    integration_fields: [
      ...integration,
      { id: 'statusId', key: 'statusId', type: 'uuid', value: nonEmpty(raw.statusId), label: 'Project status' },
      { id: 'companyId', key: 'companyId', type: 'uuid', value: nonEmpty(raw.companyId), label: 'Client company' },
      { id: 'externalId', key: 'externalId', type: 'string', value: nonEmpty(raw.externalId), label: 'External id' },
      { id: 'remote_url', key: 'remote_url', type: 'url', value: descriptor.appUrls.project(raw.id), label: 'Open in Jarvi' },
    ],
    opened_at: null,
    closed_at: null,
    ...commonRecord('job', raw.id, raw, raw),
  };
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
