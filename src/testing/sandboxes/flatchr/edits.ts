/**
 * Typed edits of the Flatchr sandbox, made the way a recruiter would make them in Flatchr (a move
 * fires `drag_applicant` when a receiver is subscribed). Every edit takes and returns **remote
 * ids**: the ids the Flatchr connector puts in `remote_id`, not the sandbox's storage ids.
 *
 * - a candidate's remote id is its email address, lower-cased (Flatchr has no person id); a person
 *   without an email is their newest applicant's id;
 * - an application's remote id is the applicant id; a stage's is the integer column id (as text);
 *   a job's is the encoded vacancy id.
 * @module
 */
import type { StoredRecord } from '../../sandbox/store.js';
import type { SandboxContext } from '../../sandbox/types.js';

/** A record by its remote id (a string) or by its 0-based position in seed order (a number). */
export type FlatchrRecordRef = string | number;

/** Candidate changes, in unified names (`first_name`, `last_name`, `email`, `phone`). */
export interface FlatchrCandidateEdit {
  /** The new first name. */
  first_name?: string;
  /** The new last name. */
  last_name?: string;
  /** The new email address (it is the candidate's remote id: the returned id changes with it). */
  email?: string;
  /** The new phone number. */
  phone?: string;
}

/** Job changes, in unified names. */
export interface FlatchrJobEdit {
  /** The new title. */
  name?: string;
  /** The new unified status, written as the vacancy `status` that maps to it (OPEN → 1, CLOSED → 0). */
  status?: 'OPEN' | 'CLOSED' | 'DRAFT' | 'ARCHIVED';
}

const emailOf = (candidate: StoredRecord) => String(candidate.email ?? '').trim().toLowerCase();

/** The newest applicant of a stored person (by `updated_at`), or undefined. */
function newestApplicant(context: SandboxContext, candidateId: string): StoredRecord | undefined {
  return context.store
    .list('applicants')
    .filter((applicant) => applicant.candidate === candidateId)
    .sort((a, b) => b.updated_at - a.updated_at)[0];
}

/** The remote id the connector gives a stored person: their email, else their newest applicant id. */
export function candidateRemoteId(context: SandboxContext, candidate: StoredRecord): string {
  const email = emailOf(candidate);
  if (email !== '') return email;
  const applicant = newestApplicant(context, candidate.id);
  if (!applicant) throw new Error(`The sandbox person ${candidate.id} has no email and no applicant: the connector does not see them`);
  return applicant.id;
}

/**
 * The stored person behind a candidate reference: a position, an email (the remote id), an
 * applicant id (the remote id of a person without an email) or, for older tests, the storage id.
 */
export function findCandidate(context: SandboxContext, ref: FlatchrRecordRef): StoredRecord {
  const { store } = context;
  const candidates = store.list('candidates');
  const found =
    typeof ref === 'number'
      ? candidates[ref]
      : (candidates.find((candidate) => emailOf(candidate) !== '' && emailOf(candidate) === ref.trim().toLowerCase()) ??
        store.get('candidates', String(store.get('applicants', ref)?.candidate ?? '')) ??
        store.get('candidates', ref));
  if (!found) throw new Error(`No candidate ${String(ref)} in the Flatchr sandbox`);
  return found;
}

/** Edits a candidate; returns its remote id (after the edit: a changed email is the new id). */
export function editCandidate(context: SandboxContext, ref: FlatchrRecordRef, changes: FlatchrCandidateEdit = {}): string {
  const { store } = context;
  const candidate = findCandidate(context, ref);
  const patch: Record<string, unknown> = {};
  if (changes.first_name !== undefined) patch.firstname = changes.first_name;
  if (changes.last_name !== undefined) patch.lastname = changes.last_name;
  if (changes.email !== undefined) patch.email = changes.email;
  if (changes.phone !== undefined) patch.phone = changes.phone;
  if (Object.keys(patch).length === 0) patch.firstname = `${String(candidate.firstname)}-edited`;
  const edited = store.update('candidates', candidate.id, patch);
  // A candidate is read through its applications: editing the person updates them too.
  for (const applicant of store.list('applicants')) if (applicant.candidate === candidate.id) store.touch('applicants', applicant.id);
  return candidateRemoteId(context, edited);
}

/** Edits a vacancy (by its encoded id or position); returns the encoded vacancy id. */
export function editJob({ store }: SandboxContext, ref: FlatchrRecordRef, changes: FlatchrJobEdit = {}): string {
  const vacancy = typeof ref === 'number' ? store.list('vacancies')[ref] : store.get('vacancies', ref);
  if (!vacancy) throw new Error(`No vacancy ${String(ref)} in the Flatchr sandbox`);
  const patch: Record<string, unknown> = {};
  if (changes.name !== undefined) patch.title = changes.name;
  if (changes.status !== undefined) {
    if (changes.status !== 'OPEN' && changes.status !== 'CLOSED') throw new Error(`Flatchr vacancies are active (OPEN) or inactive (CLOSED), not ${changes.status}`);
    patch.status = changes.status === 'OPEN' ? 1 : 0;
  }
  if (Object.keys(patch).length === 0) patch.title = `${String(vacancy.title)} (edited)`;
  return store.update('vacancies', vacancy.id, patch).id;
}

/** Moves applicant `applicationId` to column `stageId` (the column's integer id); returns the applicant id. */
export function moveApplication({ store }: SandboxContext, applicationId: string, stageId: string): string {
  if (!store.get('applicants', applicationId)) throw new Error(`No applicant ${applicationId} in the sandbox`);
  if (!/^\d+$/.test(stageId) || !store.get('columns', stageId)) throw new Error(`No column ${stageId} in the sandbox`);
  store.update('applicants', applicationId, { column_id: Number(stageId) });
  return applicationId;
}

/**
 * Deletes a candidate (by remote id: email or applicant id; or the storage id) and their
 * applicants; returns the remote id it had. Flatchr documents no webhook for a deletion, so none is sent.
 */
export function removeCandidate(context: SandboxContext, candidateId: string): string {
  const { store } = context;
  const candidate = findCandidate(context, candidateId);
  const remoteId = candidateRemoteId(context, candidate);
  for (const applicant of store.list('applicants')) if (applicant.candidate === candidate.id) store.remove('applicants', applicant.id);
  store.remove('candidates', candidate.id);
  return remoteId;
}

/** The same as {@link removeCandidate} (its former name). */
export const deleteCandidate = removeCandidate;

/** The typed edit hooks of the Flatchr sandbox, in the shape the sandbox framework's `edits` takes. */
export const flatchrEdits = { editCandidate, editJob, moveApplication, removeCandidate };
