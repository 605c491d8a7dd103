import type { z } from 'zod';
import { ApplicationSchema } from './application.js';
import { CandidateSchema } from './candidate.js';
import { InterviewerAssignmentSchema, InterviewSchema } from './interview.js';
import { JobPostingSchema, JobSchema } from './job.js';
import { RejectionReasonSchema, TagSchema } from './misc.js';
import { OfferSchema } from './offer.js';
import { RoleSchema } from './role.js';
import { ApplicationStageSchema, HiringTeamMemberSchema, JobStageSchema } from './stage.js';
import { UserSchema } from './user.js';

/**
 * Every readable model, keyed by its name, in dependency order: a model only refers to models
 * listed before it, so a consumer writing foreign keys can take them in this order.
 */
export const modelSchemas = {
  roles: RoleSchema,
  users: UserSchema,
  application_stages: ApplicationStageSchema,
  rejection_reasons: RejectionReasonSchema,
  tags: TagSchema,
  jobs: JobSchema,
  job_postings: JobPostingSchema,
  job_stages: JobStageSchema,
  hiring_team: HiringTeamMemberSchema,
  candidates: CandidateSchema,
  applications: ApplicationSchema,
  offers: OfferSchema,
  interviews: InterviewSchema,
  interviewers: InterviewerAssignmentSchema,
} as const;

/** The name of a unified model (`'candidates'`, `'applications'`, ...). */
export type ModelName = keyof typeof modelSchemas;

/** The record type of a model, by its name. */
export type ModelRecord<M extends ModelName> = z.infer<(typeof modelSchemas)[M]>;

/** Every model name, in dependency order. */
export const modelNames = Object.keys(modelSchemas) as ModelName[];
