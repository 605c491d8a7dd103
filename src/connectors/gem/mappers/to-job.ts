/**
 * `GET /jobs/` → `Job` and `HiringTeamMember`; `GET /job_posts/` → `JobPosting`.
 * Kombo's notes, explained from the raw API: a job has `offices[]` and `departments[]`, so the
 * first of each becomes `location`/`department` and all of them stay in `custom_fields`; the job
 * has no description or URL, so both come from its most recent live, active post.
 */
import { idText, rawField } from '../../../core/raw-fields.js';
import { toIsoUtc } from '../../../core/dates.js';
import type { HiringTeamMember, Job, JobPosting } from '../../../models/index.js';
import { gemDescriptor } from '../descriptor.js';
import type { GemJob, GemJobPost } from '../wire.js';
import { commonRecord, gemId, integrationField, nonEmpty, plainRecord } from './common.js';
import { toLocation } from '../../shared/location.js';
import { assignedRole, jobRole } from './to-role.js';

/** The post chosen for each job id (built once per run from the live posts). */
export type PostIndex = ReadonlyMap<string, GemJobPost>;

/** Maps one Gem job; `posts` supplies description and post URL. */
export function toJob(raw: GemJob, posts: PostIndex): Job {
  const office = raw.offices?.[0] ?? null;
  const post = posts.get(raw.id) ?? null;
  const officeNames = (raw.offices ?? []).map((entry) => nonEmpty(entry.location?.name) ?? nonEmpty(entry.name)).filter((name) => name !== null);
  const departmentNames = (raw.departments ?? []).map((entry) => nonEmpty(entry.name)).filter((name) => name !== null);
  return {
    name: nonEmpty(raw.name),
    job_code: nonEmpty(raw.requisition_id),
    description: post ? nonEmpty(post.content) : null,
    confidential: raw.confidential ?? null,
    status: jobStatus(raw.status),
    department: nonEmpty(raw.departments?.[0]?.name),
    post_url: post ? postUrl(post) : null,
    remote_url: null,
    // A confidential job is CONFIDENTIAL; otherwise the live post it is advertised by says it.
    visibility: raw.confidential === true ? 'CONFIDENTIAL' : post ? postingVisibility(post) : null,
    // Gem's ATS job has none of these: null, never guessed.
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
    location: office ? toLocation({ name: nonEmpty(office.location?.name) ?? nonEmpty(office.name) }) : null,
    custom_fields: plainRecord([
      ['offices', officeNames],
      ['departments', departmentNames],
    ]),
    integration_fields: [
      integrationField('offices', 'office[]', raw.offices ?? [], 'Offices'),
      integrationField('departments', 'department[]', raw.departments ?? [], 'Departments'),
      integrationField('description_job_post_id', 'string', post?.id ?? null, 'Job post the description comes from'),
    ],
    opened_at: toIsoUtc(raw.opened_at),
    closed_at: toIsoUtc(raw.closed_at),
    ...commonRecord('job', raw.id, raw, raw),
  };
}

/** Maps one Gem job post. */
export function toJobPosting(raw: GemJobPost): JobPosting {
  return {
    title: nonEmpty(raw.title),
    description_html: nonEmpty(raw.content),
    status: postingStatus(raw),
    visibility: postingVisibility(raw),
    url: postUrl(raw),
    job_id: raw.job_id ? gemId('job', raw.job_id) : null,
    ...commonRecord('job_posting', raw.id, raw, raw),
  };
}

/** The hiring team of one job: each `hiring_team.<role>[]` list gives its role. */
export function toHiringTeam(raw: GemJob): HiringTeamMember[] {
  const members = new Map<string, Set<string>>();
  for (const [key, list] of Object.entries(raw.hiring_team ?? {})) {
    if (!Array.isArray(list)) continue;
    for (const user of list) {
      const userId = idText(rawField(user, 'id'));
      if (!userId) continue;
      const keys = members.get(userId) ?? new Set();
      keys.add(key);
      members.set(userId, keys);
    }
  }
  return [...members].map(([userId, keys]) => ({
    job_id: gemId('job', raw.id),
    user_id: gemId('user', userId),
    roles: [...new Set([...keys].map(teamRole))],
    job_roles: [...keys].map((key) => assignedRole(jobRole(key))),
    ...commonRecord('hiring_team', `${raw.id}:${userId}`, raw, raw, [raw.id, userId]),
  }));
}

/**
 * Whether `candidate` should replace `current` as a job's description source: live, active,
 * not deleted, most recently first published (ties broken by `updated_at`).
 */
export function isBetterPost(candidate: GemJobPost, current: GemJobPost | undefined): boolean {
  if (!candidate.live || !candidate.active || candidate.deleted_at) return false;
  if (!current) return true;
  const key = (post: GemJobPost) => [Date.parse(post.first_published_at ?? '') || 0, Date.parse(post.updated_at ?? '') || 0] as const;
  const [published, updated] = key(candidate);
  const [currentPublished, currentUpdated] = key(current);
  return published > currentPublished || (published === currentPublished && updated > currentUpdated);
}

/** INFERRED: the ATS post type has no URL; the Job Board's `absolute_url` is read when present. */
function postUrl(post: GemJobPost): string | null {
  for (const key of gemDescriptor.postUrlFields) {
    const value = (post as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return null;
}

function jobStatus(status: string | null | undefined): Job['status'] {
  switch (status) {
    case 'open':
      return 'OPEN';
    case 'closed':
      return 'CLOSED';
    case 'draft':
    case 'pending_approval':
    case 'approved':
      return 'DRAFT';
    default:
      return null;
  }
}

function postingStatus(post: GemJobPost): JobPosting['status'] {
  if (post.deleted_at) return 'CLOSED';
  const state = `${String(post.active ?? '')}/${String(post.live ?? '')}`;
  switch (state) {
    case 'true/true':
      return 'ACTIVE';
    case 'true/false':
      return 'INACTIVE';
    case 'false/false':
    case 'false/true':
      return 'CLOSED';
    default:
      return null;
  }
}

/** INFERRED: `internal`/`external` are Harvest flags Gem may send; a live post is on the public board. */
function postingVisibility(post: GemJobPost): JobPosting['visibility'] {
  if (post.external === true) return 'PUBLIC';
  if (post.internal === true) return 'INTERNAL';
  if (post.live === true) return 'PUBLIC';
  return null;
}

function teamRole(key: string): HiringTeamMember['roles'][number] {
  switch (key) {
    case 'hiring_managers':
      return 'HIRING_MANAGER';
    case 'recruiters':
      return 'RECRUITER';
    case 'coordinators':
      return 'COORDINATOR';
    case 'sourcers':
      return 'SOURCER';
    case 'interviewers':
      return 'INTERVIEWER';
    default:
      return 'OTHER';
  }
}
