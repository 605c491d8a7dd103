/**
 * `stages` → `ApplicationStage` and `JobStage`. Teamtailor stages belong to one job each:
 * there is no company-wide stage list. So each Teamtailor stage is one `ApplicationStage` (its own
 * id, no global order: `global_index` null), and the job's pipeline is the `JobStage` list, whose
 * id is the composite "stage X of job Y" and whose `index` is the position by `row-order`.
 */
import type { z } from 'zod';
import type { ApplicationStage, JobStage } from '../../../models/index.js';
import { relatedId } from '../jsonapi.js';
import type { stageSchema } from '../wire.js';
import { commonRecord, nonEmpty, ttId } from './common.js';

type WireStage = z.infer<typeof stageSchema>;

/** Maps one Teamtailor stage to a stage of the global list. */
export function toApplicationStage(raw: WireStage): ApplicationStage {
  return {
    name: nonEmpty(raw.attributes.name),
    global_index: null,
    ...commonRecord('stage', raw.id, raw.attributes, raw),
  };
}

/**
 * Maps the stages of one job, already sorted by `row-order`, to that job's pipeline.
 * Stages without a job linkage are skipped (they cannot be placed).
 */
export function toJobStages(jobId: string, stagesInOrder: readonly WireStage[]): JobStage[] {
  return stagesInOrder.map((raw, index) => ({
    job_id: ttId('job', jobId),
    stage_id: ttId('stage', raw.id),
    index,
    ...commonRecord('job_stage', `${jobId}:${raw.id}`, raw.attributes, raw, [jobId, raw.id]),
  }));
}

/** The stage type, from `legacy-stage-type-name` (recent versions) or `stage-type` (old). */
export function stageType(raw: { attributes: Record<string, unknown> }): string | null {
  const legacy = raw.attributes['legacy-stage-type-name'];
  if (typeof legacy === 'string') return legacy;
  const old = raw.attributes['stage-type'];
  return typeof old === 'string' ? old : null;
}

/** The job a stage belongs to, when the `job` relationship was included. */
export function stageJobId(raw: WireStage): string | null {
  return relatedId(raw, 'job');
}
