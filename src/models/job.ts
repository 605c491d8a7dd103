import { z } from 'zod';
import {
  commonFields,
  CustomFieldsSchema,
  IntegrationFieldSchema,
  NullableDateTimeSchema,
  tolerantEnum,
} from './common.js';

/** Status of a job (requisition). */
export const JobStatusValues = ['OPEN', 'CLOSED', 'DRAFT', 'ARCHIVED'] as const;
/** Visibility of a job posting. */
export const JobPostingVisibilityValues = ['PUBLIC', 'INTERNAL', 'UNLISTED'] as const;
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
  /** The job's (first) location, or `null`. */
  location: z
    .strictObject({
      /** The location as one line, as the provider names it. */
      name: z.string().nullable(),
      /** City, or `null`. */
      city: z.string().nullable(),
      /** Country, or `null`. */
      country: z.string().nullable(),
    })
    .nullable(),
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
