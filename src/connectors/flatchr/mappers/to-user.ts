/**
 * Members → `User` (B5.4). The user id is the member's `user.id` (encoded; tasks and comments use
 * it). `user.status` values 1, 2 and 4 are seen with no documented meaning: 1 → ACTIVE and
 * 0 → INACTIVE are INFERRED, anything else is null with the raw value in `remote_data`.
 */
import type { z } from 'zod';
import type { User } from '../../../models/index.js';
import type { memberSchema } from '../wire.js';
import { commonRecord, nonEmpty } from './common.js';

/** Maps one member. */
export function toUser(raw: z.infer<typeof memberSchema>): User {
  const user = raw.user;
  return {
    first_name: nonEmpty(user.firstname),
    last_name: nonEmpty(user.lastname),
    email: nonEmpty(user.email),
    status: userStatus(user.status),
    system_roles: [],
    ...commonRecord('user', user.id, user, raw),
  };
}

function userStatus(status: number | null | undefined): User['status'] {
  switch (status) {
    case 1:
      return 'ACTIVE';
    case 0:
      return 'INACTIVE';
    default:
      return null;
  }
}
