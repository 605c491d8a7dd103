import { z } from 'zod';
import { commonFields, tolerantEnum } from './common.js';

/** Where a role applies: the whole ATS (`SYSTEM`: admin, recruiter) or one job (`JOB`: hiring manager of it). */
export const RoleScopeValues = ['SYSTEM', 'JOB'] as const;
/** The unified kinds of role (Kombo's `unified_type`). */
export const RoleTypeValues = ['HIRING_MANAGER', 'RECRUITER', 'COORDINATOR', 'SOURCER', 'INTERVIEWER', 'ADMIN'] as const;

/** A role as it sits on a user (`system_roles`) or on a hiring-team member (`job_roles`). */
export const AssignedRoleSchema = z.strictObject({
  /** The unified id of the `Role` record, or `null` when the provider has no role list. */
  role_id: z.string().nullable(),
  /** The provider's id of the role, or `null` when roles are bare names. */
  remote_id: z.string().nullable(),
  /** The role's name as the provider shows it. */
  remote_label: z.string().nullable(),
  /** `SYSTEM` or `JOB`, or `null` when unknown. */
  scope: tolerantEnum(RoleScopeValues),
  /** The unified kind, or `null` when the role maps to none of them. */
  unified_type: tolerantEnum(RoleTypeValues),
});

/** A role as it sits on a user or a hiring-team member. */
export type AssignedRole = z.infer<typeof AssignedRoleSchema>;

/** A role defined in the ATS (admin, recruiter, hiring manager...), from the provider's role list. */
export const RoleSchema = z.strictObject({
  ...commonFields,
  /** The role's name as the provider shows it. */
  remote_label: z.string().nullable(),
  /** `SYSTEM` or `JOB`, or `null` when unknown. */
  scope: tolerantEnum(RoleScopeValues),
  /** The unified kind, or `null` when the role maps to none of them. */
  unified_type: tolerantEnum(RoleTypeValues),
});

/** A role defined in the ATS. */
export type Role = z.infer<typeof RoleSchema>;
