/**
 * Typed edits of the Gem sandbox, made the way a recruiter would make them in Gem. Every id is the
 * provider id (the `remote_id` the connector's records carry). Gem soft-deletes: a removed
 * candidate keeps its row with `deleted_at` set, as `include_deleted=true` shows it.
 * @module
 */
import type { SandboxContext } from '../../sandbox/types.js';

/** Renames the `index`-th candidate (a recruiter's edit); returns the candidate's remote id. */
export function editCandidate({ store }: SandboxContext, index: number): string {
  const candidate = store.list('candidates').filter((record) => !record.deleted_at)[index];
  if (!candidate) throw new Error(`The sandbox has no candidate #${index}`);
  store.update('candidates', candidate.id, { first_name: `${String(candidate.first_name)}-edited` });
  return candidate.id;
}

/** Moves application `applicationId` to stage `stageId` (a stage of its job); bumps its activity. */
export function moveApplication({ store }: SandboxContext, applicationId: string, stageId: string): void {
  const application = store.get('applications', applicationId);
  if (!application || application.deleted_at) throw new Error(`No application ${applicationId} in the sandbox`);
  const stage = store.get('job_stages', stageId);
  if (!stage || stage.job_id !== application.job_id) throw new Error(`Stage ${stageId} is not a stage of job ${String(application.job_id)}`);
  store.update('applications', applicationId, { current_stage_id: stageId });
}

/** Soft-deletes candidate `candidateId` and their applications (`deleted_at` = now). */
export function removeCandidate({ store, now }: SandboxContext, candidateId: string): void {
  const candidate = store.get('candidates', candidateId);
  if (!candidate || candidate.deleted_at) throw new Error(`No candidate ${candidateId} in the sandbox`);
  const at = now();
  for (const application of store.list('applications')) {
    if (application.candidate_id === candidateId && !application.deleted_at) store.update('applications', application.id, { deleted_at: at });
  }
  store.update('candidates', candidateId, { deleted_at: at });
}

/** Renames the `index`-th job (templates are not jobs); returns the job's remote id. */
export function editJob({ store }: SandboxContext, index: number): string {
  const job = store.list('jobs').filter((record) => !record.is_template && !record.deleted_at)[index];
  if (!job) throw new Error(`The sandbox has no job #${index}`);
  store.update('jobs', job.id, { name: `${String(job.name)} (edited)` });
  return job.id;
}
