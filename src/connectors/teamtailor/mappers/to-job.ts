/**
 * `jobs` → `Job`, `JobPosting` (the careersite side of the same job) and `HiringTeamMember`
 * (the recruiter `user` and the `team-memberships`). Department and location come from the page's
 * `included` array.
 */
import type { z } from 'zod';
import { toIsoUtc } from '../../../core/dates.js';
import type { HiringTeamMember, Job, JobPosting, ScreeningQuestion } from '../../../models/index.js';
import { attribute, relatedId, relatedIds, relatedResource, type IncludedIndex } from '../jsonapi.js';
import type { jobSchema } from '../wire.js';
import { commonRecord, nonEmpty, ttId } from './common.js';
import { toLocation } from '../../shared/location.js';

type WireJob = z.infer<typeof jobSchema>;

/** Maps one Teamtailor job. */
export function toJob(raw: WireJob, included: IncludedIndex): Job {
  const a = raw.attributes;
  const location = included.get(`locations:${relatedIds(raw, 'locations')[0] ?? ''}`) ?? null;
  return {
    name: nonEmpty(a.title),
    job_code: null,
    description: nonEmpty(a.body),
    confidential: null,
    status: jobStatus(a.status, a['human-status']),
    department: attribute(relatedResource(raw, 'department', 'departments', included), 'name'),
    post_url: careersiteUrl(raw),
    remote_url: null,
    visibility: a.internal ? 'INTERNAL' : a.status === 'unlisted' ? 'UNLISTED' : a.status ? 'PUBLIC' : null,
    employment_type: employmentType(a['employment-type']),
    remote_work_status: remoteWorkStatus(a['remote-status']),
    weekly_hours: null,
    category: null,
    experience_level: a['employment-level'] && a['employment-level'] !== 'none' ? a['employment-level'] : null,
    salary_amount: null,
    salary_amount_from: a['min-salary'] ?? null,
    salary_amount_to: a['max-salary'] ?? null,
    salary_currency: nonEmpty(a.currency),
    salary_period: salaryPeriod(a['salary-time-unit']),
    salary_shown: null,
    screening_questions: screeningQuestions(raw, included),
    location: location
      ? toLocation({
          name: attribute(location, 'name'),
          street_1: attribute(location, 'address'),
          city: attribute(location, 'city'),
          zip_code: attribute(location, 'zip'),
          country: attribute(location, 'country'),
        })
      : null,
    custom_fields: {},
    integration_fields: [
      { id: 'remote-status', key: 'remote-status', type: 'string', value: a['remote-status'] ?? null, label: 'Remote status' },
      { id: 'tags', key: 'tags', type: 'string[]', value: a.tags ?? [], label: 'Tags' },
    ],
    opened_at: toIsoUtc(a['start-date']),
    closed_at: toIsoUtc(a['end-date']),
    ...commonRecord('job', raw.id, a, raw),
  };
}

/** Maps the careersite side of one Teamtailor job. */
export function toJobPosting(raw: WireJob): JobPosting {
  const a = raw.attributes;
  return {
    title: nonEmpty(a.title),
    description_html: nonEmpty(a.body),
    status: postingStatus(a['human-status']),
    visibility: a.internal ? 'INTERNAL' : a.status === 'unlisted' ? 'UNLISTED' : a.status ? 'PUBLIC' : null,
    url: careersiteUrl(raw),
    job_id: ttId('job', raw.id),
    ...commonRecord('job_posting', raw.id, a, raw),
  };
}

/**
 * Maps the hiring team of one job: the `user` relationship is the recruiter; each included
 * team membership adds its user with its role (INFERRED attribute name `role`).
 */
export function toHiringTeam(raw: WireJob, included: IncludedIndex): HiringTeamMember[] {
  const members = new Map<string, Map<string, HiringTeamMember['roles'][number]>>();
  const add = (userId: string | null, label: string) => {
    if (!userId) return;
    const roles = members.get(userId) ?? new Map();
    roles.set(label, teamRole(label));
    members.set(userId, roles);
  };
  add(relatedId(raw, 'user'), 'recruiter');
  for (const membershipId of relatedIds(raw, 'team-memberships')) {
    const membership = included.get(`team-memberships:${membershipId}`);
    if (!membership) continue;
    add(relatedId(membership, 'user'), attribute(membership, 'role') ?? 'member');
  }
  return [...members].map(([userId, roles]) => ({
    job_id: ttId('job', raw.id),
    user_id: ttId('user', userId),
    roles: [...new Set(roles.values())],
    // The labels are the membership's `role` attribute (INFERRED name) and "recruiter" for the job's user.
    job_roles: [...roles].map(([label, role]) => ({
      role_id: null,
      remote_id: null,
      remote_label: label,
      scope: 'JOB' as const,
      unified_type: role === 'OTHER' ? null : role,
    })),
    ...commonRecord('hiring_team', `${raw.id}:${userId}`, raw.attributes, raw, [raw.id, userId]),
  }));
}

function careersiteUrl(raw: WireJob): string | null {
  const url = raw.links?.['careersite-job-url'];
  return typeof url === 'string' && url !== '' ? url : null;
}

function jobStatus(status: string | null | undefined, human: string | null | undefined): Job['status'] {
  if (human === 'expired') return 'CLOSED';
  switch (status) {
    case 'open':
    case 'unlisted':
      return 'OPEN';
    case 'draft':
    case 'temp':
      return 'DRAFT';
    case 'archived':
      return 'ARCHIVED';
    default:
      return null;
  }
}

function postingStatus(human: string | null | undefined): JobPosting['status'] {
  switch (human) {
    case 'published':
    case 'unlisted':
      return 'ACTIVE';
    case 'scheduled':
      return 'INACTIVE';
    case 'draft':
    case 'unsaved':
      return 'DRAFT';
    case 'archived':
    case 'expired':
      return 'CLOSED';
    default:
      return null;
  }
}

/** `employment-type` (recent API versions; values INFERRED from the UI's choices). */
function employmentType(value: string | null | undefined): Job['employment_type'] {
  switch (value?.toLowerCase().replace(/[\s_-]/g, '')) {
    case 'fulltime':
      return 'FULL_TIME';
    case 'parttime':
      return 'PART_TIME';
    case 'contract':
    case 'temporary':
      return 'CONTRACT';
    case 'internship':
      return 'INTERNSHIP';
    case 'seasonal':
      return 'SEASONAL';
    default:
      return null;
  }
}

/** `remote-status`: `none`, `temporary`, `hybrid`, `fully` (documented values). */
function remoteWorkStatus(value: string | null | undefined): Job['remote_work_status'] {
  switch (value) {
    case 'fully':
      return 'REMOTE';
    case 'hybrid':
      return 'HYBRID';
    case 'temporary':
      return 'TEMPORARY';
    case 'none':
      return 'ON_SITE';
    default:
      return null;
  }
}

/** `salary-time-unit` (recent API versions; values INFERRED). */
function salaryPeriod(value: string | null | undefined): Job['salary_period'] {
  switch (value?.toLowerCase()) {
    case 'yearly':
    case 'year':
    case 'annually':
      return 'YEAR';
    case 'monthly':
    case 'month':
      return 'MONTH';
    case 'weekly':
    case 'week':
      return 'WEEK';
    case 'daily':
    case 'day':
      return 'DAY';
    case 'hourly':
    case 'hour':
      return 'HOUR';
    default:
      return null;
  }
}

function teamRole(role: string | null): HiringTeamMember['roles'][number] {
  switch (role) {
    case 'recruiter':
      return 'RECRUITER';
    case 'hiring_manager':
    case 'hiring-manager':
      return 'HIRING_MANAGER';
    case 'coordinator':
      return 'COORDINATOR';
    case 'interviewer':
      return 'INTERVIEWER';
    case 'sourcer':
      return 'SOURCER';
    default:
      return 'OTHER';
  }
}

/**
 * The job's application-form questions: its `picked-questions` (the job-question link, with
 * `mandatory`) in their order, each with its included `question` (`title`, `question-type`,
 * `alternatives`, `multiple`). A picked question whose question was not included is skipped.
 * INFERRED: the nested include `picked-questions.question` (nested includes work elsewhere).
 */
export function screeningQuestions(raw: WireJob, included: IncludedIndex): ScreeningQuestion[] {
  const questions: ScreeningQuestion[] = [];
  for (const pickedId of relatedIds(raw, 'picked-questions')) {
    const picked = included.get(`picked-questions:${pickedId}`);
    const question = picked ? relatedResource(picked, 'question', 'questions', included) : null;
    if (!picked || !question) continue;
    const mandatory = picked.attributes.mandatory;
    const type = questionType(question.attributes['question-type'], question.attributes.multiple);
    questions.push({
      id: ttId('screening_question', question.id),
      remote_id: question.id,
      title: attribute(question, 'title'),
      description: null,
      type,
      options: type === 'SINGLE_SELECT' || type === 'MULTI_SELECT' ? questionOptions(question.id, question.attributes.alternatives) : [],
      required: typeof mandatory === 'boolean' ? mandatory : null,
      index: questions.length,
    });
  }
  return questions;
}

/**
 * Teamtailor question types (`Boolean`, `Choice` with `multiple`, `Text`, `Range`, `Video`, and in
 * recent versions `Number`, `Date`, `File`) as unified kinds. `Range` answers are a number within
 * the range; a video answer has no unified kind (`UNKNOWN`, the raw question stays on the job).
 */
export function questionType(value: unknown, multiple: unknown): ScreeningQuestion['type'] {
  switch (value) {
    case 'Boolean':
      return 'BOOLEAN';
    case 'Choice':
      return multiple === true ? 'MULTI_SELECT' : 'SINGLE_SELECT';
    case 'Text':
      return 'TEXT';
    case 'Range':
    case 'Number':
      return 'NUMBER';
    case 'Date':
      return 'DATE';
    case 'File':
      return 'FILE';
    default:
      return 'UNKNOWN';
  }
}

/**
 * The `alternatives` of a choice question. Their shape is not documented (null in every example):
 * a bare string is an option named by itself (no remote id); an object gives its `id` and
 * `title`/`name`/`text`. Anything else is left out.
 */
function questionOptions(questionId: string, alternatives: unknown): ScreeningQuestion['options'] {
  if (!Array.isArray(alternatives)) return [];
  return alternatives.flatMap((alternative: unknown, index: number) => {
    if (typeof alternative === 'string' && alternative.trim() !== '') {
      return [{ id: ttId('screening_option', questionId, String(index)), remote_id: null, name: alternative }];
    }
    if (alternative !== null && typeof alternative === 'object') {
      const record = alternative as Record<string, unknown>;
      const name = [record.title, record.name, record.text].find((value): value is string => typeof value === 'string' && value.trim() !== '');
      const id = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : null;
      if (name !== undefined) return [{ id: ttId('screening_option', questionId, id ?? String(index)), remote_id: id, name }];
    }
    return [];
  });
}
