import { z } from 'zod';
import { commonFields, NullableDateTimeSchema } from './common.js';

/** A scheduled interview of an application. */
export const InterviewSchema = z.strictObject({
  ...commonFields,
  /** The unified id of the application, or `null`. */
  application_id: z.string().nullable(),
  /** The unified id of the stage the interview belongs to, or `null`. */
  stage_id: z.string().nullable(),
  /** The interview's title, or `null`. */
  title: z.string().nullable(),
  /** Start time, or `null`. */
  starting_at: NullableDateTimeSchema,
  /** End time, or `null`. */
  ending_at: NullableDateTimeSchema,
  /** Whether the interview was cancelled, or `null` when unknown. */
  canceled: z.boolean().nullable(),
  /** Where it takes place, or `null`. */
  location: z.string().nullable(),
  /** A video-call URL, or `null`. */
  video_conferencing_url: z.string().nullable(),
});

/** A scheduled interview of an application. */
export type Interview = z.infer<typeof InterviewSchema>;

/** A user assigned to interview in one interview. */
export const InterviewerAssignmentSchema = z.strictObject({
  ...commonFields,
  /** The unified id of the interview. */
  interview_id: z.string(),
  /** The unified id of the user. */
  user_id: z.string(),
});

/** A user assigned to interview in one interview. */
export type InterviewerAssignment = z.infer<typeof InterviewerAssignmentSchema>;
