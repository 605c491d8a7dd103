/**
 * `GET /applications/` → `Application`. The job is `jobs[0]` (an array); the other
 * jobs, the source object and `credited_to` stay in `integration_fields`. Applications have no
 * `updated_at`: `changed_at` is `last_activity_at` (the only delta filter) or `deleted_at`.
 */
import { toIsoUtc } from '../../../core/dates.js';
import type { Application } from '../../../models/index.js';
import type { GemApplication } from '../wire.js';
import { commonRecord, gemId, integrationField, latest, nonEmpty, plainRecord } from './common.js';

/** Maps one Gem application. */
export function toApplication(raw: GemApplication): Application {
  const activity = toIsoUtc(raw.last_activity_at);
  const deleted = toIsoUtc(raw.deleted_at);
  const outcome = applicationOutcome(raw.status);
  const jobId = raw.jobs?.[0]?.id ?? null;
  const source = nonEmpty(raw.source?.public_name);
  const stageId = raw.current_stage?.id ?? null;
  const creditedTo = typeof raw.credited_to === 'object' && raw.credited_to !== null ? (raw.credited_to.id ?? null) : (raw.credited_to ?? null);
  return {
    candidate_id: raw.candidate_id ? gemId('candidate', raw.candidate_id) : null,
    job_id: jobId ? gemId('job', jobId) : null,
    current_stage_id: stageId ? gemId('stage', stageId) : null,
    outcome,
    rejection_reason_name: outcome === 'DECLINED' || raw.rejected_at ? nonEmpty(raw.rejection_reason?.name) : null,
    rejected_at: toIsoUtc(raw.rejected_at),
    source,
    // Kombo's note: each application carries its own source as a custom field.
    screening_question_answers: [],
    remote_url: null,
    custom_fields: plainRecord(source === null ? [] : [['source', source]]),
    integration_fields: [
      integrationField('source_id', 'string', raw.source?.id ?? null, 'Source id'),
      integrationField('credited_to', 'user_id', creditedTo, 'Credited to'),
      integrationField('job_post_id', 'string', raw.job_post_id ?? null, 'Job post applied through'),
      integrationField('jobs', 'job[]', raw.jobs ?? [], 'Jobs'),
      integrationField('last_activity_at', 'datetime', activity, 'Last activity'),
    ],
    ...commonRecord('application', raw.id, { created_at: raw.applied_at, updated_at: raw.last_activity_at, deleted_at: raw.deleted_at }, raw),
    // After the common fields on purpose: a deletion counts as the latest change.
    changed_at: latest(activity, deleted),
  };
}

function applicationOutcome(status: string | null | undefined): Application['outcome'] {
  switch (status) {
    case 'active':
      return 'PENDING';
    case 'hired':
      return 'HIRED';
    case 'rejected':
      return 'DECLINED';
    default:
      return null;
  }
}
