/**
 * Typed edits of the Teamtailor sandbox, made the way a recruiter would make them in Teamtailor
 * (they fire the matching webhooks when a receiver is subscribed). Every edit returns the remote id
 * of the record it changed: Teamtailor's own id, which the connector keeps as `remote_id`.
 * @module
 */
import { pickRecord } from '../../sandbox/edits.js';
import type { SandboxCandidateEdit, SandboxContext, SandboxEditHooks, SandboxJobEdit, SandboxRecordRef } from '../../sandbox/types.js';
import { stamp } from './stamp.js';

type Rel = Record<string, string | string[] | null>;

/**
 * Moves job application `applicationId` to a stage of its job: `stageId` is the job stage's
 * `remote_id` as the connector carries it (`<job id>:<stage id>`, a stage being per job) or
 * Teamtailor's bare stage id.
 */
export function moveApplication({ store, now }: SandboxContext, applicationId: string, stageId: string): string {
  const application = store.get('job-applications', applicationId);
  if (!application) throw new Error(`No job application ${applicationId} in the sandbox`);
  const rel = application.rel as Rel;
  const [jobPart, stagePart] = stageId.includes(':') ? (stageId.split(':', 2) as [string, string]) : [null, stageId];
  if (jobPart !== null && jobPart !== rel.job) throw new Error(`Stage ${stageId} is not a stage of job ${String(rel.job)}`);
  stageId = stagePart;
  const stage = store.get('stages', stageId);
  if (!stage || (stage.rel as Rel).job !== rel.job) throw new Error(`Stage ${stageId} is not a stage of job ${String(rel.job)}`);
  store.update('job-applications', applicationId, { rel: { ...rel, stage: stageId }, 'changed-stage-at': stamp(now()) });
  return applicationId;
}

/** Deletes candidate `candidateId` and their job applications. */
export function removeCandidate({ store }: SandboxContext, candidateId: string): string {
  if (!store.get('candidates', candidateId)) throw new Error(`No candidate ${candidateId} in the sandbox`);
  // The applications go with the candidate. Teamtailor documents only candidate.destroy for this,
  // so they are removed quietly: a receiver deletes a candidate's applications itself.
  for (const application of store.list('job-applications')) {
    if ((application.rel as Rel).candidate === candidateId) store.remove('job-applications', application.id, { quiet: true });
  }
  store.remove('candidates', candidateId);
  return candidateId;
}

/** Edits a candidate's name, email or phone (the dasherized attributes Teamtailor stores). */
export function editCandidate({ store }: SandboxContext, ref: SandboxRecordRef, changes: SandboxCandidateEdit): string {
  const candidate = pickRecord(store.list('candidates'), ref, 'candidate');
  const patch: Record<string, unknown> = {};
  if (changes.first_name !== undefined) patch['first-name'] = changes.first_name;
  if (changes.last_name !== undefined) patch['last-name'] = changes.last_name;
  if (changes.email !== undefined) patch.email = changes.email;
  if (changes.phone !== undefined) patch.phone = changes.phone;
  if (Object.keys(patch).length === 0) patch['first-name'] = `${String(candidate['first-name'])}-edited`;
  store.update('candidates', candidate.id, patch);
  return candidate.id;
}

/** Teamtailor's `status` and `human-status` for each unified job status (`CLOSED`: an expired job). */
const JOB_STATUS: Record<NonNullable<SandboxJobEdit['status']>, { status: string; 'human-status': string }> = {
  OPEN: { status: 'open', 'human-status': 'published' },
  CLOSED: { status: 'open', 'human-status': 'expired' },
  DRAFT: { status: 'draft', 'human-status': 'draft' },
  ARCHIVED: { status: 'archived', 'human-status': 'archived' },
};

/** Edits a job's title or status. */
export function editJob({ store }: SandboxContext, ref: SandboxRecordRef, changes: SandboxJobEdit): string {
  const job = pickRecord(store.list('jobs'), ref, 'job');
  const patch: Record<string, unknown> = {};
  if (changes.name !== undefined) patch.title = changes.name;
  if (changes.status !== undefined) {
    const status = JOB_STATUS[changes.status];
    if (!status) throw new Error(`Unknown job status ${JSON.stringify(changes.status)}`);
    Object.assign(patch, status);
  }
  if (Object.keys(patch).length === 0) patch.title = `${String(job.title)} (edited)`;
  store.update('jobs', job.id, patch);
  return job.id;
}

/** The Teamtailor sandbox's typed edit hooks. */
export const teamtailorEdits: SandboxEditHooks = { editCandidate, editJob, moveApplication, removeCandidate };
