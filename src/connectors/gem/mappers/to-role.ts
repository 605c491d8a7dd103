/**
 * Gem roles, from the shape of its API: Gem has no role list, but users carry `site_admin` (a
 * system role) and each job's `hiring_team` names its members by role (`hiring_managers`,
 * `recruiters`, `coordinators`, `sourcers`: job roles). Those keys are the role identities.
 */
import type { AssignedRole, Role } from '../../../models/index.js';
import { gemId } from './common.js';

/** A Gem role: its key, its label as Gem's screens name it, its scope and unified kind. */
interface GemRole {
  key: string;
  label: string;
  scope: NonNullable<Role['scope']>;
  type: Role['unified_type'];
}

/** The system role Gem's users expose (`site_admin: true`). */
export const SITE_ADMIN: GemRole = { key: 'site_admin', label: 'Site admin', scope: 'SYSTEM', type: 'ADMIN' };

/** The job roles of a hiring team, by `hiring_team` key. */
const JOB_ROLES: Record<string, GemRole> = {
  hiring_managers: { key: 'hiring_managers', label: 'Hiring manager', scope: 'JOB', type: 'HIRING_MANAGER' },
  recruiters: { key: 'recruiters', label: 'Recruiter', scope: 'JOB', type: 'RECRUITER' },
  coordinators: { key: 'coordinators', label: 'Coordinator', scope: 'JOB', type: 'COORDINATOR' },
  sourcers: { key: 'sourcers', label: 'Sourcer', scope: 'JOB', type: 'SOURCER' },
};

/** Every role Gem's API shape defines: the site admin and the four hiring-team roles. */
export const GEM_ROLES: readonly GemRole[] = [SITE_ADMIN, ...Object.values(JOB_ROLES)];

/** The role of a `hiring_team` key; an unknown key keeps its name, with no unified kind. */
export function jobRole(key: string): GemRole {
  return Object.hasOwn(JOB_ROLES, key) ? (JOB_ROLES[key] as GemRole) : { key, label: key, scope: 'JOB', type: null };
}

/** A role as it sits on a user or a hiring-team member. */
export function assignedRole(role: GemRole): AssignedRole {
  return { role_id: gemId('role', role.key), remote_id: role.key, remote_label: role.label, scope: role.scope, unified_type: role.type };
}

/** A `Role` record (no timestamps: the roles are part of Gem's API, not records in it). */
export function toRole(role: GemRole): Role {
  return {
    id: gemId('role', role.key),
    remote_id: role.key,
    changed_at: null,
    remote_deleted_at: null,
    remote_created_at: null,
    remote_updated_at: null,
    remote_data: { key: role.key },
    remote_label: role.label,
    scope: role.scope,
    unified_type: role.type,
  };
}
