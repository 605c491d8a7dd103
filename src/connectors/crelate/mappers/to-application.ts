/**
 * Pipeline items → `Application` (A.7.3). A Crelate "application" is a contact placed on a job in
 * a workflow status; no standalone id was observed, so the identity is the pair (job, contact) and
 * the unified id encodes both (INFERRED, as the notes recommend). Outcome comes from the status's
 * stage type: Done Positive → HIRED, Done Negative or Done → DECLINED, New / In Progress → PENDING.
 *
 * Tags such as A.7.3 are defined in docs/connectors/sources/crelate.md, scenario ids such as B4 in docs/scenarios.md.
 */
import type { Application } from '../../../models/index.js';
import type { WirePipelineItem, WireWorkflowStatus } from '../wire.js';
import { crelateDescriptor as descriptor } from '../descriptor.js';
import { commonRecord, crId, guid, lookupId, nonEmpty } from './common.js';
import { stageTypeOf } from './to-stage.js';

/** What a pipeline page is mapped with: its job and the workflow statuses by lower-case id. */
export interface PipelineContext {
  jobId: string;
  statuses: ReadonlyMap<string, WireWorkflowStatus>;
}

/** The contact id of a pipeline item: `ContactId` (api3 style) or `Id` (legacy v1 style). */
export function pipelineContactId(raw: WirePipelineItem): string | null {
  const id = nonEmpty(raw.Id);
  return lookupId(raw.ContactId) ?? (id ? guid(id) : null);
}

/** The status id of a pipeline item: `StatusId` (api3 style) or `StageId` (legacy v1 style). */
export function pipelineStatusId(raw: WirePipelineItem): string | null {
  const stage = nonEmpty(raw.StageId);
  return lookupId(raw.StatusId) ?? (stage ? guid(stage) : null);
}

/** Maps one pipeline item of a job. Throws (the item is quarantined) when it names no contact. */
export function toApplication(raw: WirePipelineItem, context: PipelineContext): Application {
  const contactId = pipelineContactId(raw);
  if (!contactId) throw new TypeError('pipeline item without a contact id');
  const statusId = pipelineStatusId(raw);
  const status = statusId ? (context.statuses.get(statusId) ?? null) : null;
  const outcome = applicationOutcome(status);
  const stageName = nonEmpty(status?.Name) ?? nonEmpty(raw.StatusId?.Title) ?? nonEmpty(raw.StageName);
  return {
    candidate_id: crId('candidate', contactId),
    job_id: crId('job', context.jobId),
    current_stage_id: statusId ? crId('stage', statusId) : null,
    outcome,
    rejection_reason_name: outcome === 'DECLINED' ? stageName : null,
    // Crelate keeps no rejection date on the pipeline item (only a stage history, A.7.3).
    rejected_at: null,
    source: null,
    screening_question_answers: [],
    remote_url: null,
    custom_fields: {},
    integration_fields: [{ id: 'StageName', key: 'StageName', type: 'string', value: stageName, label: 'Workflow status' }],
    ...commonRecord('application', `${context.jobId}:${contactId}`, raw, raw as Record<string, unknown>, [context.jobId, contactId]),
  };
}

/**
 * The outcome of a status. A status whose type field holds an unknown value gives null (B4); an
 * account whose statuses carry no type field at all gives PENDING (nothing says it is over).
 */
export function applicationOutcome(status: WireWorkflowStatus | null): Application['outcome'] {
  if (!status) return null;
  switch (stageTypeOf(status)) {
    case 'DONE_POSITIVE':
      return 'HIRED';
    case 'DONE_NEGATIVE':
    case 'DONE':
      return 'DECLINED';
    case 'NEW':
    case 'IN_PROGRESS':
      return 'PENDING';
    default: {
      const hasType = descriptor.stageTypeFields.some((field) => {
        const value = (status as Record<string, unknown>)[field];
        return value !== undefined && value !== null;
      });
      return hasType ? null : 'PENDING';
    }
  }
}
