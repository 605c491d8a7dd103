/**
 * Embedded users → `User` (B.6.4). No users route is documented; users are read from the
 * `user` and `assignees[].user` objects embedded in projects (`{ id, displayName, email,
 * disabled }`). `displayName` is split at the first space. Users have no timestamps there.
 *
 * Tags such as B.6.4 are defined in docs/connectors/sources/jarvi.md.
 */
import type { User } from '../../../models/index.js';
import type { WireUser } from '../wire.js';
import { jarviId, nonEmpty } from './common.js';

/** Maps one embedded Jarvi user. */
export function toUser(raw: WireUser): User {
  const name = nonEmpty(raw.displayName);
  const space = name ? name.indexOf(' ') : -1;
  return {
    id: jarviId('user', raw.id),
    remote_id: raw.id,
    changed_at: null,
    remote_deleted_at: null,
    remote_created_at: null,
    remote_updated_at: null,
    remote_data: raw,
    first_name: name === null ? null : space < 0 ? name : name.slice(0, space),
    last_name: name === null || space < 0 ? null : name.slice(space + 1).trim() || null,
    email: nonEmpty(raw.email),
    status: userStatus(raw.disabled),
    system_roles: [],
  };
}

/** `disabled` is a boolean when present (assignee copies omit it, B.6.2): missing → null. */
function userStatus(disabled: boolean | null | undefined): User['status'] {
  switch (disabled) {
    case true:
      return 'INACTIVE';
    case false:
      return 'ACTIVE';
    default:
      return null;
  }
}
