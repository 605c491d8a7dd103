import { z } from 'zod';
import {
  commonFields,
  CustomFieldsSchema,
  IntegrationFieldSchema,
  NullableDateTimeSchema,
  tolerantEnum,
} from './common.js';
import { LocationSchema } from './location.js';
import { ScreeningQuestionSchema } from './screening.js';

/** Status of a job (requisition). */
export const JobStatusValues = ['OPEN', 'CLOSED', 'DRAFT', 'ARCHIVED'] as const;
/** Visibility of a job posting. */
export const JobPostingVisibilityValues = ['PUBLIC', 'INTERNAL', 'UNLISTED'] as const;
/** Kinds of employment contract. */
export const EmploymentTypeValues = ['FULL_TIME', 'PART_TIME', 'CONTRACT', 'SEASONAL', 'INTERNSHIP'] as const;
/** Who can see and apply to a job: everyone, employees, whoever has the link, or nobody outside the ATS. */
export const JobVisibilityValues = ['PUBLIC', 'INTERNAL', 'UNLISTED', 'CONFIDENTIAL'] as const;
/** How far a job can be done remotely. */
export const RemoteWorkStatusValues = ['REMOTE', 'HYBRID', 'TEMPORARY', 'ON_SITE'] as const;
/** The period a salary amount is for (not the pay frequency). */
export const SalaryPeriodValues = ['YEAR', 'MONTH', 'TWO_WEEKS', 'WEEK', 'DAY', 'HOUR'] as const;
/** Status of a job posting. */
export const JobPostingStatusValues = ['ACTIVE', 'INACTIVE', 'DRAFT', 'CLOSED'] as const;

/** A job (requisition) in the ATS. */
export const JobSchema = z.strictObject({
  ...commonFields,
  /** The job's title. */
  name: z.string().nullable(),
  /** The company's internal code for the job, or `null`. */
  job_code: z.string().nullable(),
  /** The description (HTML where the provider has HTML), or `null`. */
  description: z.string().nullable(),
  /** Whether the job is confidential, or `null` when the provider has no such notion. */
  confidential: z.boolean().nullable(),
  /** `OPEN`, `CLOSED`, `DRAFT`, `ARCHIVED`, or `null` when unknown. */
  status: tolerantEnum(JobStatusValues),
  /** The department's name, or `null`. */
  department: z.string().nullable(),
  /** The public URL of the job's posting, or `null`. */
  post_url: z.string().nullable(),
  /** The job's page in the ATS itself (for a recruiter), or `null`. */
  remote_url: z.string().nullable(),
  /** `PUBLIC`, `INTERNAL`, `UNLISTED`, `CONFIDENTIAL`, or `null` when unknown. Check it with `status` before publishing. */
  visibility: tolerantEnum(JobVisibilityValues),
  /** `FULL_TIME`, `PART_TIME`, `CONTRACT`, `SEASONAL`, `INTERNSHIP`, or `null` when unknown. */
  employment_type: tolerantEnum(EmploymentTypeValues),
  /** `REMOTE`, `HYBRID`, `TEMPORARY`, `ON_SITE`, or `null` when unknown. */
  remote_work_status: tolerantEnum(RemoteWorkStatusValues),
  /** Hours per week expected, or `null`. */
  weekly_hours: z.number().nullable(),
  /** The job's category (often its industry), as the provider words it, or `null`. */
  category: z.string().nullable(),
  /** The seniority asked for, as the provider words it ("Mid-Senior"), or `null`. */
  experience_level: z.string().nullable(),
  /** A single salary figure, when the provider gives one amount rather than a range, or `null`. */
  salary_amount: z.number().nullable(),
  /** The lower bound of the salary range, or `null`. */
  salary_amount_from: z.number().nullable(),
  /** The upper bound of the salary range, or `null`. */
  salary_amount_to: z.number().nullable(),
  /** The salary's currency (ISO 4217 where the provider gives it), or `null`. */
  salary_currency: z.string().nullable(),
  /** The period the salary is for, or `null` when unknown. */
  salary_period: tolerantEnum(SalaryPeriodValues),
  /** Whether the salary is shown on the public posting, or `null` when the provider does not say. */
  salary_shown: z.boolean().nullable(),
  /** The job's (first) location, or `null`. */
  location: LocationSchema.nullable(),
  /** Questions applicants answer when applying (empty when none or when the provider does not expose them). */
  screening_questions: z.array(ScreeningQuestionSchema),
  /** Provider fields keyed by their key. */
  custom_fields: CustomFieldsSchema,
  /** Raw provider fields with no unified home. */
  integration_fields: z.array(IntegrationFieldSchema),
  /** When the job was opened, or `null`. */
  opened_at: NullableDateTimeSchema,
  /** When the job was closed, or `null`. */
  closed_at: NullableDateTimeSchema,
});

/** A job (requisition) in the ATS. */
export type Job = z.infer<typeof JobSchema>;

/** The public side of a job: an ad on a careers site or job board. */
export const JobPostingSchema = z.strictObject({
  ...commonFields,
  /** The posting's title. */
  title: z.string().nullable(),
  /** The posting's body as HTML, or `null`. */
  description_html: z.string().nullable(),
  /** `ACTIVE`, `INACTIVE`, `DRAFT`, `CLOSED`, or `null` when unknown. */
  status: tolerantEnum(JobPostingStatusValues),
  /** `PUBLIC`, `INTERNAL`, `UNLISTED`, or `null` when unknown. */
  visibility: tolerantEnum(JobPostingVisibilityValues),
  /** The posting's public URL, or `null`. */
  url: z.string().nullable(),
  /** The unified id of the job this posting advertises, or `null`. */
  job_id: z.string().nullable(),
});

/** The public side of a job. */
export type JobPosting = z.infer<typeof JobPostingSchema>;
