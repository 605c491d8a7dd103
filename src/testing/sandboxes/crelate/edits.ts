/**
 * Typed edits of the Crelate sandbox, made the way a recruiter would make them in Crelate. Ids are
 * the remote ids the connector reports: a contact's or job's GUID (lower case), an application's
 * `<jobId>:<contactId>` pipeline key, a stage's workflow-status GUID.
 *
 * Tags such as A.7.2 are defined in docs/connectors/sources/crelate.md (quirk numbers too).
 * @module
 */
import { pickRecord } from '../../sandbox/edits.js';
import type { StoredRecord } from '../../sandbox/store.js';
import type { SandboxCandidateEdit, SandboxContext, SandboxEditHooks, SandboxJobEdit, SandboxRecordRef } from '../../sandbox/types.js';

/** A contact that is a candidate (record type bit 1; client-only contacts are not candidates). */
const isCandidate = (record: StoredRecord) => (Number(record.RecordType) & 1) === 1;
/** A remote id as the sandbox keys it: Crelate GUIDs come in either case, the store keeps lower case. */
const lower = (ref: SandboxRecordRef) => (typeof ref === 'string' ? ref.toLowerCase() : ref);

/** Edits a candidate's name, personal email or mobile phone; returns the contact's remote id. */
export function editCandidate({ store }: SandboxContext, ref: SandboxRecordRef, changes: SandboxCandidateEdit): string {
  const contact = pickRecord(store.list('contacts').filter(isCandidate), lower(ref), 'candidate');
  const patch: Record<string, unknown> = {};
  if (changes.first_name !== undefined) patch.FirstName = changes.first_name;
  if (changes.last_name !== undefined) patch.LastName = changes.last_name;
  if (changes.email !== undefined) patch.EmailAddresses_Personal = { Id: `${contact.id.slice(0, 24)}e00000000001`, Value: changes.email, IsPrimary: true };
  if (changes.phone !== undefined) patch.PhoneNumbers_Mobile = { Id: `${contact.id.slice(0, 24)}f00000000001`, Value: changes.phone, Extension: null, IsPrimary: true };
  if (Object.keys(patch).length === 0) patch.FirstName = `${String(contact.FirstName)}-edited`;
  const first = String(patch.FirstName ?? contact.FirstName);
  const last = String(patch.LastName ?? contact.LastName);
  patch.Name = `${last}, ${first}`;
  store.update('contacts', contact.id, patch);
  return contact.id;
}

/**
 * Moves a pipeline item (`<jobId>:<contactId>`) to a workflow status of its job's own workflow
 * type; only the pipeline item changes, never the contact or the job (quirk 8).
 */
export function moveApplication({ store }: SandboxContext, applicationId: string, stageId: string): string {
  const key = applicationId.toLowerCase();
  const item = store.get('pipeline', key);
  if (!item) throw new Error(`The sandbox has no Crelate pipeline item ${applicationId}`);
  const status = store.get('workflowstatuses', stageId.toLowerCase());
  const job = store.get('jobs', String(item._jobId));
  const typeOf = (record: StoredRecord | undefined) => String((record?.WorkflowTypeId as { Id?: string } | undefined)?.Id ?? '').toLowerCase();
  if (!status || typeOf(status) !== typeOf(job)) throw new Error(`${stageId} is not a workflow status of the job's workflow type`);
  store.update('pipeline', key, { _statusId: status.id });
  return key;
}

/** Deletes a contact and what Crelate deletes with it (its pipeline items and files). */
export function removeCandidate({ store }: SandboxContext, candidateId: string): string {
  const id = candidateId.toLowerCase();
  if (!store.get('contacts', id)) throw new Error(`The sandbox has no Crelate contact ${candidateId}`);
  for (const item of store.list('pipeline')) if (item._contactId === id) store.remove('pipeline', item.id);
  for (const artifact of store.list('artifacts')) if (artifact._parentId === id) store.remove('artifacts', artifact.id);
  store.remove('contacts', id);
  return id;
}

/**
 * Edits a job's name or status. Crelate has no status field (A.7.2): a closed job has `ClosedOn`,
 * a draft is a job lead (`IsLead`); `ARCHIVED` is written as closed, the nearest Crelate state.
 */
export function editJob({ store, now }: SandboxContext, ref: SandboxRecordRef, changes: SandboxJobEdit): string {
  const job = pickRecord(store.list('jobs'), lower(ref), 'job');
  const patch: Record<string, unknown> = {};
  if (changes.name !== undefined) patch.Name = changes.name;
  if (changes.status !== undefined) {
    if (!['OPEN', 'CLOSED', 'DRAFT', 'ARCHIVED'].includes(changes.status)) throw new Error(`Unknown job status ${JSON.stringify(changes.status)}`);
    const closed = changes.status === 'CLOSED' || changes.status === 'ARCHIVED';
    patch.ClosedOn = closed ? new Date(now()).toISOString() : null;
    patch.IsLead = changes.status === 'DRAFT';
    patch.IsOnHold = false;
  }
  if (Object.keys(patch).length === 0) patch.Name = `${String(job.Name)} (edited)`;
  store.update('jobs', job.id, patch);
  return job.id;
}

/** The Crelate sandbox's typed edit hooks. */
export const crelateEdits: SandboxEditHooks = { editCandidate, editJob, moveApplication, removeCandidate };
