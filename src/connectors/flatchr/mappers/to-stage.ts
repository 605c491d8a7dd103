/**
 * Columns → `ApplicationStage` and `JobStage`. Columns are company-wide and shared by every
 * vacancy; hidden-per-vacancy columns are still listed, so each job's pipeline is
 * every column, in `position` order.
 */
import type { ApplicationStage, JobStage } from '../../../models/index.js';
import type { Column, Vacancy } from '../wire.js';
import { commonRecord, flId, nonEmpty } from './common.js';

/** Columns sorted by `position` (then id), the kanban order. */
export function sortColumns<T extends { id: number; position?: number | null }>(columns: readonly T[]): T[] {
  return [...columns].sort((a, b) => (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER) || a.id - b.id);
}

/** Maps one column; `index` is its 0-based place in the sorted list. */
export function toApplicationStage(raw: Column, index: number | null): ApplicationStage {
  return {
    name: nonEmpty(raw.title),
    global_index: index,
    ...commonRecord('stage', String(raw.id), raw, raw),
  };
}

/** Maps one vacancy's pipeline: every column, in order. */
export function toJobStages(vacancy: Pick<Vacancy, 'id'>, columnsInOrder: readonly Column[]): JobStage[] {
  return columnsInOrder.map((column, index) => ({
    job_id: flId('job', vacancy.id),
    stage_id: flId('stage', String(column.id)),
    index,
    ...commonRecord('job_stage', `${vacancy.id}:${column.id}`, column, { vacancy: vacancy.id, column }, [vacancy.id, String(column.id)]),
  }));
}
