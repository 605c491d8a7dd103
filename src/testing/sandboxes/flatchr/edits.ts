/**
 * Typed edits of the Flatchr sandbox, made the way a recruiter would make them in Flatchr (a move
 * fires `drag_applicant` when a receiver is subscribed).
 * @module
 */
import type { SandboxContext } from '../../sandbox/types.js';

/** Moves applicant `applicationId` (encoded id) to column `stageId` (the column's integer id). */
export function moveApplication({ store }: SandboxContext, applicationId: string, stageId: string): void {
  if (!store.get('applicants', applicationId)) throw new Error(`No applicant ${applicationId} in the sandbox`);
  if (!/^\d+$/.test(stageId) || !store.get('columns', stageId)) throw new Error(`No column ${stageId} in the sandbox`);
  store.update('applicants', applicationId, { column_id: Number(stageId) });
}

/**
 * Deletes candidate `candidateId` (encoded id) and their applicants. Flatchr documents no webhook
 * for a deletion, so none is sent.
 */
export function deleteCandidate({ store }: SandboxContext, candidateId: string): void {
  if (!store.get('candidates', candidateId)) throw new Error(`No candidate ${candidateId} in the sandbox`);
  for (const applicant of store.list('applicants')) if (applicant.candidate === candidateId) store.remove('applicants', applicant.id);
  store.remove('candidates', candidateId);
}
