/**
 * `jobs` → `Job`, `JobPosting` (the careersite side of the same job) and `HiringTeamMember`
 * (the recruiter `user` and the `team-memberships`). Department and location come from the page's
 * `included` array.
 */
import type { z } from 'zod';
import { toIsoUtc } from '../../../core/dates.js';
import type { HiringTeamMember, Job, JobPosting } from '../../../models/index.js';
import { attribute, relatedId, relatedIds, relatedResource, type IncludedIndex } from '../jsonapi.js';
import type { jobSchema } from '../wire.js';
import { commonRecord, nonEmpty, ttId } from './common.js';

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
    location: location
      ? { name: attribute(location, 'name'), city: attribute(location, 'city'), country: attribute(location, 'country') }
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
  const members = new Map<string, Set<HiringTeamMember['roles'][number]>>();
  const add = (userId: string | null, role: HiringTeamMember['roles'][number]) => {
    if (!userId) return;
    const roles = members.get(userId) ?? new Set();
    roles.add(role);
    members.set(userId, roles);
  };
  add(relatedId(raw, 'user'), 'RECRUITER');
  for (const membershipId of relatedIds(raw, 'team-memberships')) {
    const membership = included.get(`team-memberships:${membershipId}`);
    if (!membership) continue;
    add(relatedId(membership, 'user'), teamRole(attribute(membership, 'role')));
  }
  return [...members].map(([userId, roles]) => ({
    job_id: ttId('job', raw.id),
    user_id: ttId('user', userId),
    roles: [...roles],
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
