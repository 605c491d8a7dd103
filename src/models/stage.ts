import { z } from 'zod';
import { commonFields, tolerantEnumWithFallback } from './common.js';
import { AssignedRoleSchema } from './role.js';

/** A stage of the hiring pipeline, from the global list of stages. */
export const ApplicationStageSchema = z.strictObject({
  ...commonFields,
  /** The stage's name. */
  name: z.string().nullable(),
  /** The stage's position in the global list (0-based), or `null` when the provider has no order. */
  global_index: z.number().int().nullable(),
});

/** A stage of the hiring pipeline. */
export type ApplicationStage = z.infer<typeof ApplicationStageSchema>;

/** A stage as used by one job: which stages a job's pipeline has, in which order. */
export const JobStageSchema = z.strictObject({
  ...commonFields,
  /** The unified id of the job. */
  job_id: z.string(),
  /** The unified id of the stage (an `ApplicationStage` id). */
  stage_id: z.string(),
  /** The stage's position in this job's pipeline (0-based), or `null`. */
  index: z.number().int().nullable(),
});

/** A stage as used by one job. */
export type JobStage = z.infer<typeof JobStageSchema>;

/** Roles a user can have on a job's hiring team. */
export const HiringTeamRoleValues = [
  'RECRUITER',
  'HIRING_MANAGER',
  'COORDINATOR',
  'INTERVIEWER',
  'SOURCER',
  'OTHER',
] as const;

/** A user on a job's hiring team. */
export const HiringTeamMemberSchema = z.strictObject({
  ...commonFields,
  /** The unified id of the job. */
  job_id: z.string(),
  /** The unified id of the user. */
  user_id: z.string(),
  /** The member's roles; an unknown role becomes `OTHER`. */
  roles: z.array(tolerantEnumWithFallback(HiringTeamRoleValues, 'OTHER')),
  /** The member's roles on this job with the provider's labels (Kombo's `job_roles`); empty when the provider has only the kinds above. */
  job_roles: z.array(AssignedRoleSchema),
});

/** A user on a job's hiring team. */
export type HiringTeamMember = z.infer<typeof HiringTeamMemberSchema>;
