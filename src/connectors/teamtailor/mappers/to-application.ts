/**
 * `job-applications` → `Application`. Candidate, job, stage and reject reason come through
 * `include=` (their linkage only exists when included, A2). Outcome: rejected when `rejected-at`
 * is set, hired when the stage type is `Hired`, pending otherwise (A6.3).
 */
import type { z } from 'zod';
import { toIsoUtc } from '../../../core/dates.js';
import type { Application } from '../../../models/index.js';
import { attribute, relatedId, relatedResource, type IncludedIndex } from '../jsonapi.js';
import type { applicationSchema } from '../wire.js';
import { commonRecord, nonEmpty, ttId } from './common.js';
import { stageType } from './to-stage.js';

type WireApplication = z.infer<typeof applicationSchema>;

/** Maps one Teamtailor job application. */
export function toApplication(raw: WireApplication, included: IncludedIndex): Application {
  const a = raw.attributes;
  const candidateId = relatedId(raw, 'candidate');
  const jobId = relatedId(raw, 'job');
  const stageId = relatedId(raw, 'stage');
  const stage = relatedResource(raw, 'stage', 'stages', included);
  const reason = relatedResource(raw, 'reject-reason', 'reject-reasons', included);
  const rejectedAt = toIsoUtc(a['rejected-at']);
  return {
    candidate_id: candidateId ? ttId('candidate', candidateId) : null,
    job_id: jobId ? ttId('job', jobId) : null,
    current_stage_id: stageId ? ttId('stage', stageId) : null,
    outcome: rejectedAt ? 'DECLINED' : stage && stageType(stage) === 'Hired' ? 'HIRED' : stage || stageId ? 'PENDING' : null,
    rejection_reason_name: rejectedAt ? attribute(reason, 'reason') : null,
    rejected_at: rejectedAt,
    source: nonEmpty(a['referring-site']) ?? (a.sourced ? 'Sourced' : null),
    screening_question_answers: [],
    remote_url: null,
    custom_fields: {},
    integration_fields: [
      { id: 'changed-stage-at', key: 'changed-stage-at', type: 'datetime', value: toIsoUtc(a['changed-stage-at']), label: 'Moved to current stage at' },
    ],
    ...commonRecord('application', raw.id, a, raw),
  };
}
