/**
 * Search rows → `Application`. A row is one applicant (a person in one vacancy's pipeline). Rows
 * name the vacancy by its integer id and the stage by its column *title*, so the job and
 * stage ids come from lookups built once per run ({@link FlatchrLookups}). A row without
 * `vacancy_id` (the public docs' real example has none) is resolved by its vacancy title.
 *
 * Outcome: archived (`status` 0) → DECLINED; `hired` → HIRED; otherwise the column decides
 * where it says so: a column flagged `hired` (or, when the column list does not say, titled like
 * "Recruté" / "Hired") → HIRED, a column titled like "Refusé" / "Rejected" → DECLINED; then active
 * (`status` 1) → PENDING, anything else → null.
 */
import type { Application } from '../../../models/index.js';
import type { FlatchrLookups } from '../lookups.js';
import type { Column, SearchRow } from '../wire.js';
import { candidateIdOf, commonRecord, flId, nonEmpty } from './common.js';

/** The unified id of an application: applicant id plus integer vacancy id (stable, no lookup). */
export function applicationId(applicant: string, vacancyId: number | null | undefined): string {
  return flId('application', applicant, String(vacancyId ?? ''));
}

/** Maps one search row to an application. */
export function toApplication(row: SearchRow, lookups: FlatchrLookups): Application {
  const vacancy = row.vacancy_id === null || row.vacancy_id === undefined ? lookups.vacancyByTitle(row.vacancy)?.id : lookups.vacancyByInteger.get(row.vacancy_id);
  const column = lookups.columnOf(row.column);
  const columnId = column?.id ?? null;
  return {
    candidate_id: candidateIdOf(row),
    job_id: vacancy ? flId('job', vacancy) : null,
    current_stage_id: columnId === null ? null : flId('stage', columnId),
    outcome: outcome(row, column),
    rejection_reason_name: null,
    // Flatchr does not say when an applicant was archived; `updated_at` is only a day, so null.
    rejected_at: null,
    source: nonEmpty(row.source),
    screening_question_answers: [],
    remote_url: null,
    custom_fields: {},
    integration_fields: [
      { id: 'score', key: 'score', type: 'integer', value: row.score ?? null, label: 'Score' },
      { id: 'external_id', key: 'external_id', type: 'string', value: nonEmpty(row.external_id), label: 'External id' },
      { id: 'vacancy_id', key: 'vacancy_id', type: 'integer', value: row.vacancy_id ?? null, label: 'Vacancy (integer id)' },
    ],
    ...commonRecord('application', row.applicant, row, row, [row.applicant, String(row.vacancy_id ?? '')]),
  };
}

/** A column title that says hired (INFERRED from the French and English UI words; whole words only, so "Recrutement" is not one). */
const HIRED_TITLE = /(^|[\s(])(recrut[ée]e?s?|embauch[ée]e?s?|hired)([\s()]|$)/i;
/** A column title that says refused. */
const REFUSED_TITLE = /(^|[\s(])(refus[ée]?e?s?|rejet[ée]e?s?|rejected|declined|non[ -]retenue?s?)([\s()]|$)/i;

/** Whether a search row's column says hired: the column's own flag when the column list has it, else its title. */
function columnSaysHired(title: string | null | undefined, column: Column | null): boolean {
  if (column && typeof column.hired === 'boolean') return column.hired;
  return HIRED_TITLE.test(column?.title ?? title ?? '');
}

function outcome(row: SearchRow, column: Column | null): Application['outcome'] {
  if (row.status === 0) return 'DECLINED';
  if (row.hired === true) return 'HIRED';
  if (row.hired !== false && columnSaysHired(row.column, column)) return 'HIRED';
  if (REFUSED_TITLE.test(column?.title ?? row.column ?? '')) return 'DECLINED';
  return row.status === 1 ? 'PENDING' : null;
}
