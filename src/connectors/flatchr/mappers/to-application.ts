/**
 * Search rows → `Application`. A row is one applicant (a person in one vacancy's pipeline). Rows
 * name the vacancy by its integer id and the stage by its column *title* (B9 #1), so the job and
 * stage ids come from lookups built once per run ({@link FlatchrLookups}). Outcome: archived
 * (`status` 0) → DECLINED, `hired` → HIRED, active → PENDING, anything else → null (B9 #10).
 */
import type { Application } from '../../../models/index.js';
import type { FlatchrLookups } from '../lookups.js';
import type { SearchRow } from '../wire.js';
import { candidateIdOf, commonRecord, flId, nonEmpty } from './common.js';

/** The unified id of an application: applicant id plus integer vacancy id (stable, no lookup). */
export function applicationId(applicant: string, vacancyId: number | null | undefined): string {
  return flId('application', applicant, String(vacancyId ?? ''));
}

/** Maps one search row to an application. */
export function toApplication(row: SearchRow, lookups: FlatchrLookups): Application {
  const vacancy = row.vacancy_id === null || row.vacancy_id === undefined ? undefined : lookups.vacancyByInteger.get(row.vacancy_id);
  const columnId = lookups.columnIdOf(row.column);
  return {
    candidate_id: candidateIdOf(row),
    job_id: vacancy ? flId('job', vacancy) : null,
    current_stage_id: columnId === null ? null : flId('stage', columnId),
    outcome: outcome(row),
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

function outcome(row: SearchRow): Application['outcome'] {
  switch (row.status) {
    case 0:
      return 'DECLINED';
    case 1:
      return row.hired ? 'HIRED' : 'PENDING';
    default:
      return null;
  }
}
