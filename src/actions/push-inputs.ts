/**
 * Inputs of the actions that put a candidate into a job: `createApplication` (an existing
 * candidate), `findCandidatesByEmail`, `pushCandidate` (find or create, apply, move, attach) and
 * `getApplicationAttachments`.
 */
import { z } from 'zod';
import { candidateWriteFields } from './candidate-details.js';
import { AttachmentInputSchema, CreateCandidateInputSchema } from './inputs.js';

/** Apply an existing candidate to a job, optionally straight into a stage. */
export const CreateApplicationInputSchema = z.strictObject({
  candidate_id: z.string().min(1),
  job_id: z.string().min(1),
  stage_id: z.string().min(1).optional(),
  /** Answers to the job's screening questions. */
  screening_question_answers: candidateWriteFields.screening_question_answers,
});

/** An email address to search candidates by (trimmed; compared case-insensitively). */
export const FindCandidatesByEmailInputSchema = z
  .string()
  .trim()
  .min(3)
  .max(320)
  .refine((value) => /^[^\s@]+@[^\s@]+$/.test(value), { message: 'must be an email address' });

/**
 * Push a candidate into a job without creating duplicates: find by email, create or reuse, apply
 * to the job unless already applied, move to the stage, attach the files.
 */
export const PushCandidateInputSchema = z.strictObject({
  /** The candidate, as for `createCandidate`; its first email address is the dedupe key. */
  candidate: CreateCandidateInputSchema.shape.candidate,
  job_id: z.string().min(1),
  /** The stage to put the application in (a stage of that job). */
  stage_id: z.string().min(1).optional(),
  /** Files to attach to the candidate (a CV, say). */
  attachments: z.array(AttachmentInputSchema).max(20).optional(),
  /** How an existing candidate is recognised: by email address (the only way today; the default). */
  dedupe: z.literal('email').optional(),
  ...candidateWriteFields,
});

/** List an application's files. */
export const GetApplicationAttachmentsInputSchema = z.strictObject({ application_id: z.string().min(1) });

export type CreateApplicationInput = z.infer<typeof CreateApplicationInputSchema>;
export type PushCandidateInput = z.infer<typeof PushCandidateInputSchema>;
export type GetApplicationAttachmentsInput = z.infer<typeof GetApplicationAttachmentsInputSchema>;
