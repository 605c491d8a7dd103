import { z } from 'zod';
import { commonFields, tolerantEnum } from './common.js';
import { AssignedRoleSchema } from './role.js';

/** Status of an ATS user. */
export const UserStatusValues = ['ACTIVE', 'INACTIVE'] as const;

/** A user of the ATS (recruiter, hiring manager, admin...). */
export const UserSchema = z.strictObject({
  ...commonFields,
  /** Given name, or `null`. */
  first_name: z.string().nullable(),
  /** Family name, or `null`. */
  last_name: z.string().nullable(),
  /** Work email address, or `null`. */
  email: z.string().nullable(),
  /** `ACTIVE`, `INACTIVE`, or `null` when unknown. */
  status: tolerantEnum(UserStatusValues),
  /** The user's ATS-wide roles (admin, recruiter...); empty when the provider has none or does not say. */
  system_roles: z.array(AssignedRoleSchema),
});

/** A user of the ATS. */
export type User = z.infer<typeof UserSchema>;
