/**
 * Typed edits of the Teamtailor sandbox, made the way a recruiter would make them in Teamtailor
 * (they fire the matching webhooks when a receiver is subscribed).
 * @module
 */
import type { SandboxContext } from '../../sandbox/types.js';
import { stamp } from './stamp.js';

type Rel = Record<string, string | string[] | null>;

/** Moves job application `applicationId` to stage `stageId` (a stage of its job). */
export function moveApplication({ store, now }: SandboxContext, applicationId: string, stageId: string): void {
  const application = store.get('job-applications', applicationId);
  if (!application) throw new Error(`No job application ${applicationId} in the sandbox`);
  const rel = application.rel as Rel;
  const stage = store.get('stages', stageId);
  if (!stage || (stage.rel as Rel).job !== rel.job) throw new Error(`Stage ${stageId} is not a stage of job ${String(rel.job)}`);
  store.update('job-applications', applicationId, { rel: { ...rel, stage: stageId }, 'changed-stage-at': stamp(now()) });
}

/** Deletes candidate `candidateId` and their job applications. */
export function deleteCandidate({ store }: SandboxContext, candidateId: string): void {
  if (!store.get('candidates', candidateId)) throw new Error(`No candidate ${candidateId} in the sandbox`);
  // The applications go with the candidate. Teamtailor documents only candidate.destroy for this,
  // so they are removed quietly: a receiver deletes a candidate's applications itself.
  for (const application of store.list('job-applications')) {
    if ((application.rel as Rel).candidate === candidateId) store.remove('job-applications', application.id, { quiet: true });
  }
  store.remove('candidates', candidateId);
}
