/**
 * Workflow statuses → `ApplicationStage` and `JobStage`. Statuses are org-wide per workflow type,
 * shared by every job of that type: the global list is the statuses of every type in use (the
 * recruiting type first), and a job's pipeline is its own type's statuses in `SortOrder`.
 *
 * Tags such as A.7.5 are defined in docs/connectors/sources/crelate.md.
 */
import type { ApplicationStage, JobStage } from '../../../models/index.js';
import { crelateDescriptor as descriptor } from '../descriptor.js';
import type { WireWorkflowStatus } from '../wire.js';
import { commonRecord, crelateDate, crId, lookupId, nonEmpty } from './common.js';

/** A stage type (A.7.5: New, In Progress, Done, Done Negative, Done Positive), or null when unknown. */
export type StageType = 'NEW' | 'IN_PROGRESS' | 'DONE' | 'DONE_NEGATIVE' | 'DONE_POSITIVE';

/** Maps one workflow status at its position in the sorted list. */
export function toApplicationStage(raw: WireWorkflowStatus, index: number): ApplicationStage {
  return { ...commonRecord('stage', raw.Id, raw, raw), name: nonEmpty(raw.Name), global_index: index };
}

/** Maps the statuses of a job's workflow type (sorted) to the pipeline of that job. */
export function toJobStages(
  jobId: string,
  statusesInOrder: readonly WireWorkflowStatus[],
  jobStamps: { CreatedOn?: string | null; ModifiedOn?: string | null },
): JobStage[] {
  return statusesInOrder.map((raw, index) => ({
    // A job's pipeline changes when the job or the status does: the later of both stamps.
    ...commonRecord('job_stage', `${jobId}:${raw.Id}`, { CreatedOn: jobStamps.CreatedOn, ModifiedOn: later(jobStamps.ModifiedOn, raw.ModifiedOn) }, raw, [jobId, raw.Id]),
    job_id: crId('job', jobId),
    stage_id: crId('stage', raw.Id),
    index,
  }));
}

/** The later of two Crelate timestamps (either may be missing). */
function later(a: string | null | undefined, b: string | null | undefined): string | null {
  const left = crelateDate(a);
  const right = crelateDate(b);
  if (left === null || right === null) return left ?? right;
  // Both are normalised UTC ISO strings, which sort as text.
  return left > right ? left : right;
}

/**
 * The statuses of one workflow type (lower-case id): those naming that type, and those naming none
 * (a listing filtered by type need not repeat it). Statuses of another type are left to that type.
 */
export function statusesOfType(statuses: readonly WireWorkflowStatus[], typeId: string): WireWorkflowStatus[] {
  return statuses.filter((status) => {
    const own = lookupId(status.WorkflowTypeId);
    return own === null || own === typeId;
  });
}

/** Statuses sorted by `SortOrder` (then name, for a stable order). The caller picks the workflow type. */
export function sortStatuses(statuses: readonly WireWorkflowStatus[]): WireWorkflowStatus[] {
  return [...statuses].sort((a, b) => (a.SortOrder ?? Number.MAX_SAFE_INTEGER) - (b.SortOrder ?? Number.MAX_SAFE_INTEGER) || String(a.Name).localeCompare(String(b.Name)));
}

/**
 * The stage type of a status, from the first INFERRED field that holds one. Strings are compared
 * without case, spaces or underscores; any other value (a number, a new word) is unknown → null.
 */
export function stageTypeOf(raw: WireWorkflowStatus): StageType | null {
  const value = descriptor.stageTypeFields.map((field) => (raw as Record<string, unknown>)[field]).find((v) => v !== undefined && v !== null);
  if (typeof value !== 'string') return null;
  switch (value.replace(/[\s_-]/g, '').toLowerCase()) {
    case 'new':
      return 'NEW';
    case 'inprogress':
      return 'IN_PROGRESS';
    case 'done':
      return 'DONE';
    case 'donenegative':
      return 'DONE_NEGATIVE';
    case 'donepositive':
      return 'DONE_POSITIVE';
    default:
      return null;
  }
}
