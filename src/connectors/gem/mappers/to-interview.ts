/**
 * `GET /scheduled_interviews/` → `Interview` and `InterviewerAssignment`. The stage comes
 * from `job_stage_interview_item_id`, matched against the job stages' interview items (an index
 * built once per run). All-day interviews carry `date` instead of `date_time` (Harvest, INFERRED).
 */
import { toIsoUtc } from '../../../core/dates.js';
import type { Interview, InterviewerAssignment } from '../../../models/index.js';
import type { GemScheduledInterview } from '../wire.js';
import { commonRecord, gemId, nonEmpty } from './common.js';

/** Interview item id → stage id. */
export type InterviewItemIndex = ReadonlyMap<string, string>;

/** Maps one scheduled interview. */
export function toInterview(raw: GemScheduledInterview, items: InterviewItemIndex): Interview {
  const stageId = raw.job_stage_interview_item_id ? (items.get(raw.job_stage_interview_item_id) ?? null) : null;
  return {
    application_id: raw.application_id ? gemId('application', raw.application_id) : null,
    stage_id: stageId ? gemId('stage', stageId) : null,
    title: nonEmpty(raw.interview?.name),
    starting_at: toIsoUtc(nonEmpty(raw.start?.date_time) ?? nonEmpty(raw.start?.date)),
    ending_at: toIsoUtc(nonEmpty(raw.end?.date_time) ?? nonEmpty(raw.end?.date)),
    canceled: canceled(raw.status),
    location: nonEmpty(raw.location),
    video_conferencing_url: nonEmpty(raw.video_conferencing_url),
    ...commonRecord('interview', raw.id, raw, raw),
  };
}

/** The interviewers of one scheduled interview (the organizer is not an interviewer). */
export function toInterviewers(raw: GemScheduledInterview): InterviewerAssignment[] {
  const seen = new Set<string>();
  const out: InterviewerAssignment[] = [];
  for (const interviewer of raw.interviewers ?? []) {
    if (seen.has(interviewer.id)) continue;
    seen.add(interviewer.id);
    out.push({
      interview_id: gemId('interview', raw.id),
      user_id: gemId('user', interviewer.id),
      ...commonRecord('interviewer', `${raw.id}:${interviewer.id}`, raw, { ...interviewer }, [raw.id, interviewer.id]),
    });
  }
  return out;
}

/** Gem documents `scheduled|awaiting_feedback|complete`; a cancelled status is INFERRED. */
function canceled(status: string | null | undefined): boolean | null {
  switch (status) {
    case 'scheduled':
    case 'awaiting_feedback':
    case 'complete':
      return false;
    case 'canceled':
    case 'cancelled':
      return true;
    default:
      return null;
  }
}
