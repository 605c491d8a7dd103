/**
 * `users` → `User`. Teamtailor has one `name`; it is split at the first space. `role: no_access` is
 * the closest signal of a deactivated user (INFERRED).
 */
import type { z } from 'zod';
import type { User } from '../../../models/index.js';
import type { userSchema } from '../wire.js';
import { commonRecord, nonEmpty, ttId } from './common.js';
import type { AssignedRole, Role } from '../../../models/index.js';

/** Maps one Teamtailor user. */
export function toUser(raw: z.infer<typeof userSchema>): User {
  const name = nonEmpty(raw.attributes.name)?.trim() ?? null;
  const space = name ? name.indexOf(' ') : -1;
  return {
    first_name: name === null ? null : space < 0 ? name : name.slice(0, space),
    last_name: name === null || space < 0 ? null : name.slice(space + 1),
    email: nonEmpty(raw.attributes.email) ?? nonEmpty(raw.attributes['login-email']),
    status: userStatus(raw.attributes.role),
    system_roles: nonEmpty(raw.attributes.role) ? [userRole(raw.attributes.role as string)] : [],
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

/**
 * A Teamtailor user role (`role`: `admin`, `recruiter`, `external_recruiter`, `user`, `designer`,
 * `no_access`) as a system role. Teamtailor roles are names, so the name is the role's identity.
 */
export function userRole(role: string): AssignedRole {
  return { role_id: ttId('role', role), remote_id: role, remote_label: role, scope: 'SYSTEM', unified_type: roleType(role) };
}

/** A role record for a role name seen on users (Teamtailor has no role list resource). */
export function toRole(role: string): Role {
  return {
    id: ttId('role', role),
    remote_id: role,
    changed_at: null,
    remote_deleted_at: null,
    remote_created_at: null,
    remote_updated_at: null,
    remote_data: { role },
    remote_label: role,
    scope: 'SYSTEM',
    unified_type: roleType(role),
  };
}

function roleType(role: string): AssignedRole['unified_type'] {
  switch (role) {
    case 'admin':
      return 'ADMIN';
    case 'recruiter':
    case 'external_recruiter':
      return 'RECRUITER';
    default:
      return null;
  }
}
