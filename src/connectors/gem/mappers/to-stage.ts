/**
 * Job stages → `ApplicationStage` and `JobStage`. Gem stages belong to one job each and
 * there is no global stage list, so, as for Teamtailor, each Gem stage is one
 * `ApplicationStage` (its own id, `global_index` null: Gem has no cross-job order), and a job's
 * pipeline is the `JobStage` list, ordered by `priority` (lower = earlier), with composite ids.
 */
import type { ApplicationStage, JobStage } from '../../../models/index.js';
import type { GemJobStage } from '../wire.js';
import { commonRecord, gemId, nonEmpty } from './common.js';

/** Maps one Gem job stage to a stage of the global list. */
export function toApplicationStage(raw: GemJobStage): ApplicationStage {
  return {
    name: nonEmpty(raw.name),
    global_index: null,
    ...commonRecord('stage', raw.id, raw, raw),
  };
}

/** Maps the stages of one job to its pipeline, ordered by `priority` (stable for ties). */
export function toJobStages(jobId: string, stages: readonly GemJobStage[]): JobStage[] {
  const ordered = stages
    .map((stage, position) => ({ stage, position }))
    .sort((a, b) => (a.stage.priority ?? Number.MAX_SAFE_INTEGER) - (b.stage.priority ?? Number.MAX_SAFE_INTEGER) || a.position - b.position);
  return ordered.map(({ stage }, index) => ({
    job_id: gemId('job', jobId),
    stage_id: gemId('stage', stage.id),
    index,
    ...commonRecord('job_stage', `${jobId}:${stage.id}`, stage, stage, [jobId, stage.id]),
  }));
}

/** `job_stage_interview_item_id` → stage id, for placing scheduled interviews in a stage. */
export function interviewItemsOf(raw: GemJobStage): [string, string][] {
  const out: [string, string][] = [];
  for (const interview of raw.interviews ?? []) {
    if (interview.job_stage_interview_item_id) out.push([interview.job_stage_interview_item_id, raw.id]);
  }
  return out;
}
