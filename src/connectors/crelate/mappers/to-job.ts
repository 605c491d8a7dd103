/**
 * Jobs → `Job`, `JobPosting` (the portal side of the same job, `Portal*` fields) and
 * `HiringTeamMember` (the job's `Owners` and `RecruiterId`) (A.7.2). Crelate job names are
 * internal and may name the client (quirk 14): `Job.name` is `Name`, the posting title is
 * `PortalTitle`.
 *
 * Tags such as A.7.2 are defined in docs/connectors/sources/crelate.md (quirk numbers too).
 */
import { rawField } from '../../../core/raw-fields.js';
import type { HiringTeamMember, Job, JobPosting } from '../../../models/index.js';
import { crelateDescriptor as descriptor } from '../descriptor.js';
import type { WireJob } from '../wire.js';
import { commonRecord, crelateDate, crId, guid, lookupId, nonEmpty } from './common.js';
import { toLocation } from '../../shared/location.js';

/** Maps one Crelate job. */
export function toJob(raw: WireJob): Job {
  const city = nonEmpty(raw.PortalCity);
  const state = nonEmpty(raw.PortalState);
  const country = nonEmpty(raw.PortalCountryId?.Title);
  const zip = nonEmpty(raw.PortalZip);
  return {
    name: nonEmpty(raw.Name) ?? nonEmpty(raw.PortalTitle),
    job_code: nonEmpty(raw.JobCode),
    description: nonEmpty(raw.Description),
    confidential: null,
    status: jobStatus(raw),
    department: null,
    // The public portal host is per account and not in the payload (INFERRED), so no post URL.
    post_url: null,
    // The job's page in the Crelate app (INFERRED from the contact URL pattern).
    remote_url: descriptor.appUrl.job(guid(raw.Id)),
    visibility: jobVisibility(raw),
    employment_type: employmentType(raw),
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
    location: city || state || country || zip ? toLocation({ name: [city, state].filter(Boolean).join(', ') || country, city, state, zip_code: zip, country }) : null,
    custom_fields: {},
    integration_fields: [
      { id: 'AccountId', key: 'AccountId', type: 'company', value: lookupId(raw.AccountId), label: nonEmpty(raw.AccountId?.Title) },
      { id: 'JobTitleId', key: 'JobTitleId', type: 'job_title', value: lookupId(raw.JobTitleId), label: nonEmpty(raw.JobTitleId?.Title) },
      { id: 'WorkflowTypeId', key: 'WorkflowTypeId', type: 'workflow_type', value: lookupId(raw.WorkflowTypeId), label: nonEmpty(raw.WorkflowTypeId?.Title) },
      { id: 'IsOnHold', key: 'IsOnHold', type: 'boolean', value: raw.IsOnHold ?? null, label: 'On hold' },
      { id: 'remote_url', key: 'remote_url', type: 'url', value: descriptor.appUrl.job(guid(raw.Id)), label: 'Open in Crelate (INFERRED URL pattern)' },
    ],
    // Crelate has no "opened" date; the creation date is not the same thing, so null.
    opened_at: null,
    closed_at: crelateDate(raw.ClosedOn),
    ...commonRecord('job', raw.Id, raw, raw),
  };
}

/**
 * Job-level visibility (the notes' mapping): on the portal and not hidden → PUBLIC; off the portal
 * or hidden → INTERNAL; null when neither flag is sent.
 */
function jobVisibility(raw: WireJob): Job['visibility'] {
  if (raw.OnPortal === true && raw.IsHidden !== true) return 'PUBLIC';
  if (raw.OnPortal === false || raw.IsHidden === true) return 'INTERNAL';
  return null;
}

/**
 * Employment type from the job types (`JobTypeIds` titles, customer-editable). Only unambiguous
 * words map; "Direct Hire" (a permanent placement, full- or part-time) and others stay null, with
 * the raw list in `remote_data`.
 */
function employmentType(raw: WireJob): Job['employment_type'] {
  for (const type of raw.JobTypeIds ?? []) {
    const title = nonEmpty(type.Title)?.toLowerCase() ?? '';
    if (/full[\s-]?time/.test(title)) return 'FULL_TIME';
    if (/part[\s-]?time/.test(title)) return 'PART_TIME';
    if (/^contract\b/.test(title)) return 'CONTRACT';
    if (/\b(temporary|temp|seasonal)\b/.test(title)) return 'SEASONAL';
    if (/\bintern(ship)?\b/.test(title)) return 'INTERNSHIP';
  }
  return null;
}

/** Whether a job is open: not closed (`ClosedOn` unset). On-hold jobs count as open for pipelines. */
export function isOpenJob(raw: Pick<WireJob, 'ClosedOn'>): boolean {
  return nonEmpty(raw.ClosedOn) === null;
}

/**
 * Job status (INFERRED, A.7.2: `ClosedOn` set → closed). A job lead (`IsLead`) is a draft; an
 * on-hold job has no unified status, so it is null (the flag stays in `integration_fields`).
 */
function jobStatus(raw: WireJob): Job['status'] {
  if (!isOpenJob(raw)) return 'CLOSED';
  if (rawField(raw, 'IsLead') === true) return 'DRAFT';
  if (raw.IsOnHold === true) return null;
  return 'OPEN';
}

/** Maps the portal side of one job, or null when the job was never put on the portal. */
export function toJobPosting(raw: WireJob): JobPosting | null {
  if (raw.OnPortal !== true && nonEmpty(raw.PortalTitle) === null) return null;
  return {
    title: nonEmpty(raw.PortalTitle) ?? nonEmpty(raw.Name),
    description_html: nonEmpty(raw.PortalDescription),
    status: !isOpenJob(raw) ? 'CLOSED' : raw.OnPortal === true ? 'ACTIVE' : 'INACTIVE',
    // INFERRED: `IsHidden` on a portal job hides it from listings (reachable by link).
    visibility: raw.OnPortal !== true ? 'INTERNAL' : raw.IsHidden === true ? 'UNLISTED' : 'PUBLIC',
    url: null,
    job_id: crId('job', raw.Id),
    ...commonRecord('job_posting', raw.Id, raw, raw),
  };
}

/**
 * Maps the hiring team of one job: `RecruiterId` and the primary owner are recruiters, other
 * owners have no more precise role (OTHER). User ids are Crelate user GUIDs.
 */
export function toHiringTeam(raw: WireJob): HiringTeamMember[] {
  const members = new Map<string, Set<HiringTeamMember['roles'][number]>>();
  const add = (userId: string | null, role: HiringTeamMember['roles'][number]) => {
    if (!userId) return;
    const roles = members.get(userId) ?? new Set();
    roles.add(role);
    members.set(userId, roles);
  };
  add(lookupId(raw.RecruiterId), 'RECRUITER');
  for (const owner of raw.Owners ?? []) add(lookupId(owner), owner.IsPrimary ? 'RECRUITER' : 'OTHER');
  return [...members].map(([userId, roles]) => ({
    job_id: crId('job', raw.Id),
    user_id: crId('user', userId),
    roles: [...roles],
    job_roles: [],
    ...commonRecord('hiring_team', `${raw.Id}:${userId}`, raw, raw, [raw.Id, userId]),
  }));
}
