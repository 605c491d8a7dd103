/**
 * Vacancies → `Job` and `JobPosting` (one vacancy is both: Flatchr has no separate posting object
 * in the main API, B5.1). The job id is the encoded vacancy id (what every path takes); the
 * integer `vacancy_id` is kept in `integration_fields` (search rows use it).
 */
import type { Job, JobPosting } from '../../../models/index.js';
import { flatchrDate } from '../dates.js';
import type { Vacancy } from '../wire.js';
import { commonRecord, flId, nonEmpty } from './common.js';
import { toLocation } from '../../shared/location.js';

/** Maps one vacancy to a job. */
export function toJob(raw: Vacancy): Job {
  const address = raw.address ?? null;
  const location = address
    ? toLocation({ name: nonEmpty(address.formatted_address), city: nonEmpty(address.locality), country: nonEmpty(address.country) })
    : null;
  return {
    name: nonEmpty(raw.title),
    job_code: nonEmpty(raw.reference),
    description: descriptionHtml(raw),
    confidential: null,
    status: jobStatus(raw.status),
    department: null,
    post_url: nonEmpty(raw.apply_url),
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
    location,
    custom_fields: {},
    integration_fields: [
      { id: 'vacancy_id', key: 'vacancy_id', type: 'integer', value: raw.vacancy_id ?? null, label: 'Vacancy (integer id)' },
      { id: 'slug', key: 'slug', type: 'string', value: nonEmpty(raw.slug), label: 'Slug (candidate creation)' },
      { id: 'remote', key: 'remote', type: 'string', value: raw.remote ?? null, label: 'Remote' },
      { id: 'salary', key: 'salary', type: 'string', value: raw.salary ?? null, label: 'Salary' },
    ],
    opened_at: flatchrDate(raw.start_date),
    closed_at: flatchrDate(raw.end_date),
    ...commonRecord('job', raw.id, raw, raw),
  };
}

/** Maps one vacancy to its posting (the ad on the careers site). */
export function toJobPosting(raw: Vacancy): JobPosting {
  return {
    title: nonEmpty(raw.title),
    description_html: descriptionHtml(raw),
    status: postingStatus(raw.status),
    // Publication per distribution lives in the careers feed (B5.1), not on the vacancy.
    visibility: null,
    url: nonEmpty(raw.apply_url),
    job_id: flId('job', raw.id),
    ...commonRecord('job_posting', raw.id, raw, raw),
  };
}

/** Mission then profile (the job-specific HTML); the company blurb only when both are empty. */
function descriptionHtml(raw: Vacancy): string | null {
  const parts = [nonEmpty(raw.mission), nonEmpty(raw.profile)].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join('\n') : nonEmpty(raw.description);
}

/** `status` int: 1 = active in every example; 0 = inactive is INFERRED (B5.1). */
function jobStatus(status: number | null | undefined): Job['status'] {
  switch (status) {
    case 1:
      return 'OPEN';
    case 0:
      return 'CLOSED';
    default:
      return null;
  }
}

function postingStatus(status: number | null | undefined): JobPosting['status'] {
  switch (status) {
    case 1:
      return 'ACTIVE';
    case 0:
      return 'INACTIVE';
    default:
      return null;
  }
}
