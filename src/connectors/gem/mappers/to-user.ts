/**
 * `GET /users/` → `User`: email from `primary_email_address` (else the first of `emails`),
 * status from `disabled`, names from `first_name`/`last_name` (split from `name` when missing).
 */
import type { User } from '../../../models/index.js';
import type { GemUser } from '../wire.js';
import { commonRecord, nonEmpty } from './common.js';
import { assignedRole, SITE_ADMIN } from './to-role.js';

/** Maps one Gem user. */
export function toUser(raw: GemUser): User {
  const name = nonEmpty(raw.name)?.trim() ?? null;
  const space = name ? name.indexOf(' ') : -1;
  return {
    first_name: nonEmpty(raw.first_name) ?? (name === null ? null : space < 0 ? name : name.slice(0, space)),
    last_name: nonEmpty(raw.last_name) ?? (name === null || space < 0 ? null : name.slice(space + 1)),
    email: nonEmpty(raw.primary_email_address) ?? nonEmpty(raw.emails?.find((email) => nonEmpty(email) !== null)),
    status: userStatus(raw.disabled),
    // Gem exposes one system role, site admin; other permission levels are not in the API.
    system_roles: raw.site_admin === true ? [assignedRole(SITE_ADMIN)] : [],
    ...commonRecord('user', raw.id, raw, raw),
  };
}

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
