/**
 * `users` → `User`. Teamtailor has one `name`; it is split at the first space. `role: no_access` is
 * the closest signal of a deactivated user (A6.5, INFERRED).
 */
import type { z } from 'zod';
import type { User } from '../../../models/index.js';
import type { userSchema } from '../wire.js';
import { commonRecord, nonEmpty } from './common.js';

/** Maps one Teamtailor user. */
export function toUser(raw: z.infer<typeof userSchema>): User {
  const name = nonEmpty(raw.attributes.name)?.trim() ?? null;
  const space = name ? name.indexOf(' ') : -1;
  return {
    first_name: name === null ? null : space < 0 ? name : name.slice(0, space),
    last_name: name === null || space < 0 ? null : name.slice(space + 1),
    email: nonEmpty(raw.attributes.email) ?? nonEmpty(raw.attributes['login-email']),
    status: userStatus(raw.attributes.role),
    ...commonRecord('user', raw.id, raw.attributes, raw),
  };
}

function userStatus(role: string | null | undefined): User['status'] {
  switch (role) {
    case 'no_access':
      return 'INACTIVE';
    case 'user':
    case 'recruiter':
    case 'designer':
    case 'admin':
    case 'external_recruiter':
      return 'ACTIVE';
    default:
      return null;
  }
}
