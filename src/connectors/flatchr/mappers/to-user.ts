/**
 * Members → `User`. The user id is the member's `user.id` (encoded; tasks and comments use
 * it). `user.status` values 1, 2 and 4 are seen with no documented meaning: 1 → ACTIVE and
 * 0 → INACTIVE are INFERRED, anything else is null with the raw value in `remote_data`.
 */
import type { z } from 'zod';
import type { Role, User } from '../../../models/index.js';
import type { AssignedRole } from '../../../models/role.js';
import type { memberSchema } from '../wire.js';
import { commonRecord, flId, nonEmpty } from './common.js';

/** Maps one member. */
export function toUser(raw: z.infer<typeof memberSchema>): User {
  const user = raw.user;
  return {
    first_name: nonEmpty(user.firstname),
    last_name: nonEmpty(user.lastname),
    email: nonEmpty(user.email),
    status: userStatus(user.status),
    system_roles: typeof raw.role_id === 'number' ? [memberRole(raw.role_id)] : [],
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

/**
 * The unified kind of a member `role_id`. Flatchr documents neither a role list nor the meaning of
 * `role_id` (2 and 3 are seen): 2 → ADMIN is INFERRED from the company settings pages (templates,
 * tags, API keys, sources...) that Flatchr's own company payload opens to role 2 only. Any other
 * id is null, its number kept.
 */
function roleType(roleId: number): AssignedRole['unified_type'] {
  return roleId === 2 ? 'ADMIN' : null;
}

/** A member's `role_id` as a system role (Flatchr has no role names in its API: the label is null). */
export function memberRole(roleId: number): AssignedRole {
  return { role_id: flId('role', String(roleId)), remote_id: String(roleId), remote_label: null, scope: 'SYSTEM', unified_type: roleType(roleId) };
}

/** A role record for a `role_id` seen on members (Flatchr has no role list resource). */
export function toRole(roleId: number): Role {
  return {
    id: flId('role', String(roleId)),
    remote_id: String(roleId),
    changed_at: null,
    remote_deleted_at: null,
    remote_created_at: null,
    remote_updated_at: null,
    remote_data: { role_id: roleId },
    remote_label: null,
    scope: 'SYSTEM',
    unified_type: roleType(roleId),
  };
}
