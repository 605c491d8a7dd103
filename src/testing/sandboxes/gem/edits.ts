/**
 * Typed edits of the Gem sandbox, made the way a recruiter would make them in Gem. Every id is the
 * provider id (the `remote_id` the connector's records carry). Gem soft-deletes: a removed
 * candidate keeps its row with `deleted_at` set, as `include_deleted=true` shows it.
 * @module
 */
import { pickRecord } from '../../sandbox/edits.js';
import type { SandboxCandidateEdit, SandboxContext, SandboxEditHooks, SandboxJobEdit, SandboxRecordRef } from '../../sandbox/types.js';

/** Edits a candidate's name, primary email or first phone; returns the candidate's remote id. */
export function editCandidate({ store }: SandboxContext, ref: SandboxRecordRef, changes: SandboxCandidateEdit): string {
  const candidate = pickRecord(store.list('candidates').filter((record) => !record.deleted_at), ref, 'candidate');
  const patch: Record<string, unknown> = {};
  if (changes.first_name !== undefined) patch.first_name = changes.first_name;
  if (changes.last_name !== undefined) patch.last_name = changes.last_name;
  if (changes.email !== undefined) patch.email_addresses = [{ type: 'personal', value: changes.email, is_primary: true }];
  if (changes.phone !== undefined) patch.phone_numbers = [{ type: 'mobile', value: changes.phone }];
  if (Object.keys(patch).length === 0) patch.first_name = `${String(candidate.first_name)}-edited`;
  store.update('candidates', candidate.id, patch);
  return candidate.id;
}

/** Moves application `applicationId` to stage `stageId` (a stage of its job); bumps its activity. */
export function moveApplication({ store }: SandboxContext, applicationId: string, stageId: string): string {
  const application = store.get('applications', applicationId);
  if (!application || application.deleted_at) throw new Error(`No application ${applicationId} in the sandbox`);
  const stage = store.get('job_stages', stageId);
  if (!stage || stage.job_id !== application.job_id) throw new Error(`Stage ${stageId} is not a stage of job ${String(application.job_id)}`);
  store.update('applications', applicationId, { current_stage_id: stageId });
  return applicationId;
}

/** Soft-deletes candidate `candidateId` and their applications (`deleted_at` = now). */
export function removeCandidate({ store, now }: SandboxContext, candidateId: string): string {
  const candidate = store.get('candidates', candidateId);
  if (!candidate || candidate.deleted_at) throw new Error(`No candidate ${candidateId} in the sandbox`);
  const at = now();
  for (const application of store.list('applications')) {
    if (application.candidate_id === candidateId && !application.deleted_at) store.update('applications', application.id, { deleted_at: at });
  }
  store.update('candidates', candidateId, { deleted_at: at });
  return candidateId;
}

/** Gem's job `status` for each unified job status (Gem has no archived state: a closed job). */
const JOB_STATUS: Record<NonNullable<SandboxJobEdit['status']>, string> = { OPEN: 'open', CLOSED: 'closed', DRAFT: 'draft', ARCHIVED: 'closed' };

/** Edits a job's name or status (templates are not jobs); returns the job's remote id. */
export function editJob({ store }: SandboxContext, ref: SandboxRecordRef, changes: SandboxJobEdit): string {
  const job = pickRecord(store.list('jobs').filter((record) => !record.is_template && !record.deleted_at), ref, 'job');
  const patch: Record<string, unknown> = {};
  if (changes.name !== undefined) patch.name = changes.name;
  if (changes.status !== undefined) {
    const status = JOB_STATUS[changes.status];
    if (!status) throw new Error(`Unknown job status ${JSON.stringify(changes.status)}`);
    patch.status = status;
  }
  if (Object.keys(patch).length === 0) patch.name = `${String(job.name)} (edited)`;
  store.update('jobs', job.id, patch);
  return job.id;
}

/** The Gem sandbox's typed edit hooks. */
export const gemEdits: SandboxEditHooks = { editCandidate, editJob, moveApplication, removeCandidate };
