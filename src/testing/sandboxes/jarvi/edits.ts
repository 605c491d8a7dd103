/**
 * The Jarvi sandbox's typed edits, made the way a recruiter would in Jarvi, each returning the
 * remote id the connector puts in that record's `remote_id`: a profile's UUID for a candidate, a
 * project's UUID for a job, `<profileId>:<projectId>` for an application. Records are named by
 * remote id (a string) or by position in seed order (a number). Shaped like the framework's typed
 * edit hooks (`editCandidate`, `editJob`, `moveApplication`, `removeCandidate`); the sandbox's
 * legacy hooks call them.
 * @module
 */
import type { SandboxContext } from '../../sandbox/types.js';
import type { StoredRecord } from '../../sandbox/store.js';
import { jarviStamp } from './sandbox-seed.js';

/** A record named by its remote id, or by its 0-based position in seed order. */
export type JarviRecordRef = string | number;

/** Changes to a candidate, with the unified names (empty: `-edited` appended to the first name). */
export interface JarviCandidateEdit {
  first_name?: string;
  last_name?: string;
  email?: string;
  phone?: string;
}

/** Changes to a job, with the unified names (empty: ` (edited)` appended to the name). */
export interface JarviJobEdit {
  name?: string;
  status?: 'OPEN' | 'CLOSED' | 'DRAFT' | 'ARCHIVED';
}

/** The record `ref` names among `records`; a plain `Error` when there is none. */
function pick(records: readonly StoredRecord[], ref: JarviRecordRef, what: string): StoredRecord {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < 0) throw new Error(`A ${what} position must be a non-negative integer, not ${ref}`);
    const found = records[ref];
    if (!found) throw new Error(`The sandbox has no ${what} #${ref} (it has ${records.length})`);
    return found;
  }
  const wanted = ref.toLowerCase();
  const found = wanted === '' ? undefined : records.find((record) => record.id.toLowerCase() === wanted);
  if (!found) throw new Error(`No ${what} with remote id ${JSON.stringify(ref)} in the sandbox`);
  return found;
}

/** Talents (the connector's candidates) in seed order: by position, only those not deleted. */
const talents = (context: SandboxContext, ref: JarviRecordRef) =>
  context.store.list('profiles').filter((profile) => profile.isTalent === true && (typeof ref === 'string' || !profile.deletedAt));
/** Recruitment projects (the connector's jobs), in seed order. */
const jobs = (context: SandboxContext) => context.store.list('projects').filter((project) => project.isMadeForRecruitment === true);

/** The Jarvi sandbox's edits. */
export const jarviEdits = {
  /** Edits a talent's names, preferred email or first phone; returns the profile id. */
  editCandidate(context: SandboxContext, candidate: JarviRecordRef, changes: JarviCandidateEdit): string {
    const profile = pick(talents(context, candidate), candidate, 'Jarvi candidate (talent profile)');
    const patch: Record<string, unknown> = {};
    const empty = Object.values(changes).every((value) => value === undefined);
    const firstName = empty ? `${String(profile.firstName)}-edited` : changes.first_name;
    if (firstName !== undefined) Object.assign(patch, { firstName, firstNameManual: firstName });
    if (changes.last_name !== undefined) Object.assign(patch, { lastName: changes.last_name, lastNameManual: changes.last_name });
    if (changes.email !== undefined) {
      const others = ((profile.emailAddresses as { email: string }[] | undefined) ?? []).filter((entry) => entry.email !== profile.preferredEmailAddress);
      Object.assign(patch, { preferredEmailAddress: changes.email, emailAddresses: [{ email: changes.email, __typename: 'emails' }, ...others] });
    }
    if (changes.phone !== undefined) {
      const rest = ((profile.phoneNumbers as unknown[] | undefined) ?? []).slice(1);
      patch.phoneNumbers = [{ number: changes.phone, canonicalNumber: changes.phone, type: null }, ...rest];
    }
    context.store.update('profiles', profile.id, patch);
    return profile.id;
  },

  /**
   * Edits a recruitment project: the name (the project's and its job-ad title, which the
   * connector reads first) and the status. Jarvi project statuses have no readable names, so only
   * `ARCHIVED` (a soft delete) and `OPEN` (not deleted) can be shown; the others throw.
   */
  editJob(context: SandboxContext, job: JarviRecordRef, changes: JarviJobEdit): string {
    const project = pick(jobs(context), job, 'Jarvi job (recruitment project)');
    const patch: Record<string, unknown> = {};
    const empty = changes.name === undefined && changes.status === undefined;
    const name = empty ? `${String(project.name)} (edited)` : changes.name;
    if (name !== undefined) {
      patch.name = name;
      patch.fieldsValues = ((project.fieldsValues as Record<string, unknown>[] | undefined) ?? []).map((entry) =>
        (entry.field as { purpose?: string } | null)?.purpose === 'joboffer_title' ? { ...entry, value: name } : entry,
      );
    }
    if (changes.status === 'ARCHIVED') patch.deletedAt = jarviStamp(context.now());
    else if (changes.status === 'OPEN') patch.deletedAt = null;
    else if (changes.status !== undefined) throw new Error(`Jarvi job statuses have no readable names: the sandbox can show ARCHIVED or OPEN, not ${changes.status}`);
    context.store.update('projects', project.id, patch);
    return project.id;
  },

  /**
   * Moves an application (`<profileId>:<projectId>`) to a status (its UUID): Jarvi statuses are
   * per talent, so the profile's status changes. Returns the application's remote id.
   */
  moveApplication(context: SandboxContext, applicationId: string, stageId: string): string {
    const [profileId = '', projectId = '', ...extra] = applicationId.toLowerCase().split(':');
    const row = extra.length === 0 ? context.store.list('applications').find((entry) => entry.profileId === profileId && entry.projectId === projectId) : undefined;
    if (!row) throw new Error(`No Jarvi application ${JSON.stringify(applicationId)} (<profileId>:<projectId>) in the sandbox`);
    const status = context.store.get('statuses', stageId.toLowerCase());
    if (!status) throw new Error(`No Jarvi status ${JSON.stringify(stageId)} in the sandbox`);
    context.store.update('profiles', profileId, { statusId: status.id });
    return `${profileId}:${projectId}`;
  },

  /** Deletes a talent the way Jarvi does: a soft delete (`deletedAt`), which the connector reports. Returns the profile id. */
  removeCandidate(context: SandboxContext, candidateId: string): string {
    const profile = pick(talents(context, candidateId), candidateId, 'Jarvi candidate (talent profile)');
    context.store.update('profiles', profile.id, { deletedAt: jarviStamp(context.now()) });
    return profile.id;
  },
};
