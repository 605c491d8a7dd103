import { z } from 'zod';
import {
  commonFields,
  CustomFieldsSchema,
  IntegrationFieldSchema,
  NullableDateTimeSchema,
  tolerantEnum,
} from './common.js';
import { ScreeningQuestionAnswerSchema } from './screening.js';

/** Outcome of an application. */
export const ApplicationOutcomeValues = ['PENDING', 'HIRED', 'DECLINED'] as const;

/** A candidate's application to one job. */
export const ApplicationSchema = z.strictObject({
  ...commonFields,
  /** The unified id of the candidate. */
  candidate_id: z.string().nullable(),
  /** The unified id of the job, or `null` for a prospect with no job. */
  job_id: z.string().nullable(),
  /** The unified id of the application's current stage, or `null`. */
  current_stage_id: z.string().nullable(),
  /** `PENDING`, `HIRED`, `DECLINED`, or `null` when unknown. */
  outcome: tolerantEnum(ApplicationOutcomeValues),
  /** The rejection reason's name when rejected, or `null`. */
  rejection_reason_name: z.string().nullable(),
  /** When the application was rejected, or `null`. */
  rejected_at: NullableDateTimeSchema,
  /** Where the application came from, or `null`. */
  source: z.string().nullable(),
  /** The applicant's answers to the job's screening questions (empty when none or not exposed). */
  screening_question_answers: z.array(ScreeningQuestionAnswerSchema),
  /** The application's page in the ATS itself (for a recruiter), or `null`. */
  remote_url: z.string().nullable(),
  /** Provider fields keyed by their key. */
  custom_fields: CustomFieldsSchema,
  /** Raw provider fields with no unified home. */
  integration_fields: z.array(IntegrationFieldSchema),
});

/** A candidate's application to one job. */
export type Application = z.infer<typeof ApplicationSchema>;
