/**
 * Vacancies → `Job` and `JobPosting` (one vacancy is both: Flatchr has no separate posting object
 * in the main API). The job id is the encoded vacancy id (what every path takes); the
 * integer `vacancy_id` is kept in `integration_fields` (search rows use it).
 */
import type { Job, JobPosting } from '../../../models/index.js';
import { flatchrDate } from '../dates.js';
import type { Vacancy } from '../wire.js';
import { commonRecord, flId, nonEmpty } from './common.js';
import { toLocation } from '../../shared/location.js';
import { rawField } from '../../../core/record-pipeline.js';
import type { ScreeningQuestion } from '../../../models/screening.js';

/** Maps one vacancy to a job. */
export function toJob(raw: Vacancy): Job {
  const address = raw.address ?? null;
  const street = address ? [nonEmpty(address.street_number), nonEmpty(address.route)].filter((part) => part !== null).join(' ') : '';
  const location = address
    ? toLocation({
        street_1: street,
        city: nonEmpty(address.locality),
        state: nonEmpty(address.administrative_area_level_1),
        zip_code: nonEmpty(address.postal_code),
        country: nonEmpty(address.country),
        raw: nonEmpty(address.formatted_address),
      })
    : null;
  const salary = salaryOf(raw);
  return {
    name: nonEmpty(raw.title),
    job_code: nonEmpty(raw.reference),
    description: descriptionHtml(raw),
    confidential: null,
    status: jobStatus(raw.status),
    department: null,
    post_url: nonEmpty(raw.apply_url),
    remote_url: null,
    // Publication per distribution lives in the careers feed, not on the vacancy.
    visibility: null,
    employment_type: employmentType(raw),
    remote_work_status: remoteWork(raw.remote),
    weekly_hours: null,
    category: typeof raw.activity === 'string' ? nonEmpty(raw.activity) : nonEmpty(raw.activity?.text),
    experience_level: experienceLevel(raw.experience),
    ...salary,
    screening_questions: (raw.questions ?? []).flatMap((question, index) => toScreeningQuestion(raw.id, question, index)),
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
    // Publication per distribution lives in the careers feed, not on the vacancy.
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

/** `status` int: 1 = active in every example; 0 = inactive is INFERRED. */
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

/** A salary figure: a number, or digits in a string; `0` and `''` mean "not given" (real payloads send `"0"`). */
function amount(value: string | number | null | undefined): number | null {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+([.,]\d+)?\s*$/.test(value) ? Number(value.replace(',', '.')) : null;
  return number !== null && Number.isFinite(number) && number > 0 ? number : null;
}

const PERIODS: Record<string, Job['salary_period']> = { y: 'YEAR', m: 'MONTH', d: 'DAY', h: 'HOUR' };

/** `salary` (and `salary_max` for a range), `currency`, `mensuality` (y/m/d/h), `show_salary`. */
function salaryOf(raw: Vacancy): Pick<Job, 'salary_amount' | 'salary_amount_from' | 'salary_amount_to' | 'salary_currency' | 'salary_period' | 'salary_shown'> {
  const low = amount(raw.salary);
  const high = amount(raw.salary_max);
  const any = low !== null || high !== null;
  return {
    salary_amount: high === null ? low : null,
    salary_amount_from: high === null ? null : low,
    salary_amount_to: high,
    salary_currency: any ? nonEmpty(raw.currency) : null,
    salary_period: any ? (PERIODS[String(raw.mensuality ?? '').toLowerCase()] ?? null) : null,
    salary_shown: typeof raw.show_salary === 'boolean' ? raw.show_salary : null,
  };
}

/**
 * The contract: its name where the payload has it (`contract_type`, careers feed), else the
 * referential id 1, which is `CDI` in both real vacancies that carry both (INFERRED); a CDI is
 * PART_TIME when `partial` is set. Names: stage / alternance → INTERNSHIP, CDD / intérim /
 * freelance → CONTRACT, saisonnier → SEASONAL. Anything else is null (raw kept in remote_data).
 */
function employmentType(raw: Vacancy): Job['employment_type'] {
  const name = (nonEmpty(raw.contract_type) ?? (String(raw.contract_type_id ?? '') === '1' ? 'CDI' : '')).toLowerCase();
  if (name === 'cdi') return raw.partial === true ? 'PART_TIME' : 'FULL_TIME';
  if (/stage|alternance|apprenti|intern/.test(name)) return 'INTERNSHIP';
  if (/saison/.test(name)) return 'SEASONAL';
  if (/cdd|int[ée]rim|freelance|ind[ée]pendant|contract/.test(name)) return 'CONTRACT';
  return null;
}

/** `remote`: `fulltime` → REMOTE, `parttime` → HYBRID, `notime` and `false` → ON_SITE; `true` (2022 payloads) says only "remote possible": null. */
function remoteWork(remote: string | boolean | null | undefined): Job['remote_work_status'] {
  switch (remote) {
    case 'fulltime':
      return 'REMOTE';
    case 'parttime':
      return 'HYBRID';
    case 'notime':
    case false:
      return 'ON_SITE';
    default:
      return null;
  }
}

/** `experience` enum (the year ranges are INFERRED from HrFlow's enum). */
const EXPERIENCE: Record<string, string> = { '1': 'Less than 1 year', '2': '1-3 years', '4': '3-5 years', '6': '6-10 years', '11': 'More than 10 years' };

function experienceLevel(experience: string | number | null | undefined): string | null {
  return experience === null || experience === undefined ? null : (EXPERIENCE[String(experience)] ?? null);
}

/**
 * One application-form question (their shape is not documented: read leniently). The text is the
 * first of `title`, `label`, `question`, `text`; options from `values` ("A;B", as tags have them)
 * or an `options`/`choices` array; `required` or `mandatory`. A question without an id is skipped.
 */
function toScreeningQuestion(vacancyId: string, question: unknown, index: number): ScreeningQuestion[] {
  const id = rawField(question, 'id');
  if (typeof id !== 'string' && typeof id !== 'number') return [];
  const textOf = (...keys: string[]) => keys.map((key) => rawField(question, key)).find((value): value is string => typeof value === 'string' && value.trim() !== '') ?? null;
  const values = rawField(question, 'values');
  const list = rawField(question, 'options') ?? rawField(question, 'choices');
  const optionName = (option: unknown) => (typeof option === 'string' ? option : (rawField(option, 'title') ?? rawField(option, 'label') ?? rawField(option, 'value')));
  const names = typeof values === 'string' ? values.split(';') : Array.isArray(list) ? list.map(optionName) : [];
  const options = names
    .filter((name): name is string => typeof name === 'string' && name.trim() !== '')
    .map((name) => ({ id: flId('question_option', vacancyId, String(id), name.trim()), remote_id: null, name: name.trim() }));
  const required = rawField(question, 'required') ?? rawField(question, 'mandatory');
  const multiple = rawField(question, 'multiple') === true;
  return [
    {
      id: flId('question', vacancyId, String(id)),
      remote_id: String(id),
      title: textOf('title', 'label', 'question', 'text'),
      description: textOf('description', 'help'),
      type: options.length > 0 ? (multiple ? 'MULTI_SELECT' : 'SINGLE_SELECT') : questionType(rawField(question, 'type')),
      options,
      required: typeof required === 'boolean' ? required : null,
      index,
    },
  ];
}

function questionType(type: unknown): ScreeningQuestion['type'] {
  const name = typeof type === 'string' ? type.toLowerCase() : '';
  if (/text|string|textarea/.test(name)) return 'TEXT';
  if (/number|int/.test(name)) return 'NUMBER';
  if (/file|upload/.test(name)) return 'FILE';
  if (/bool|yes|checkbox/.test(name)) return 'BOOLEAN';
  if (/date/.test(name)) return 'DATE';
  return 'UNKNOWN';
}
