/**
 * Id and stage lookups, built once per run (never per record): search rows carry the integer
 * `vacancy_id` and the column *title*, while paths and the move endpoint want the encoded vacancy
 * id and the integer column id (HrFlow's connector does the same mapping).
 */
import { columnSchema, vacancySchema, type Column } from './wire.js';
import { sortColumns } from './mappers/to-stage.js';
import { checkedParse } from '../../core/schema-check.js';

/** Lookups for one run. */
export interface FlatchrLookups {
  /** Integer vacancy id → encoded vacancy id. */
  vacancyByInteger: ReadonlyMap<number, string>;
  /** The column id for a column title (exact, then case- and space-insensitive), or null. */
  columnIdOf(title: string | null | undefined): number | null;
  /** The column for a column title (same matching as {@link FlatchrLookups.columnIdOf}), or null. */
  columnOf(title: string | null | undefined): Column | null;
  /**
   * The vacancy for a vacancy title (case- and space-insensitive), or null when no vacancy or
   * several carry it: for search rows that come without `vacancy_id` (the public docs' real row).
   */
  vacancyByTitle(title: string | null | undefined): { id: string; vacancyId: number | null } | null;
  /** Notes about the lookups (duplicate column titles). */
  warnings: string[];
}

const normalise = (title: string) => title.trim().toLowerCase().replace(/\s+/g, ' ');

/** Builds the lookups from raw `/vacancies` and `/columns` items; items that do not parse are skipped. */
export function buildLookups(vacancies: readonly unknown[], columns: readonly unknown[]): FlatchrLookups {
  const vacancyByInteger = new Map<number, string>();
  // null marks a title several vacancies share: a row naming it cannot be resolved.
  const byTitle = new Map<string, { id: string; vacancyId: number | null } | null>();
  for (const item of vacancies) {
    const parsed = checkedParse(vacancySchema, item);
    if (!parsed.success) continue;
    const vacancyId = typeof parsed.data.vacancy_id === 'number' ? parsed.data.vacancy_id : null;
    if (vacancyId !== null) vacancyByInteger.set(vacancyId, parsed.data.id);
    const title = parsed.data.title ? normalise(parsed.data.title) : '';
    if (title !== '') byTitle.set(title, byTitle.has(title) ? null : { id: parsed.data.id, vacancyId });
  }
  const parsedColumns: Column[] = [];
  for (const item of columns) {
    const parsed = checkedParse(columnSchema, item);
    if (parsed.success) parsedColumns.push(parsed.data);
  }
  const exact = new Map<string, Column>();
  const loose = new Map<string, Column>();
  const warnings: string[] = [];
  // Column titles may repeat (INFERRED): the first in kanban order wins, with a warning.
  for (const column of sortColumns(parsedColumns)) {
    if (!column.title) continue;
    if (exact.has(column.title)) {
      warnings.push(`Flatchr has several columns titled "${column.title}"; search rows are mapped to the first in kanban order.`);
      continue;
    }
    exact.set(column.title, column);
    if (!loose.has(normalise(column.title))) loose.set(normalise(column.title), column);
  }
  const columnOf = (title: string | null | undefined) => (title ? (exact.get(title) ?? loose.get(normalise(title)) ?? null) : null);
  return {
    vacancyByInteger,
    columnIdOf: (title) => columnOf(title)?.id ?? null,
    columnOf,
    vacancyByTitle: (title) => (title ? (byTitle.get(normalise(title)) ?? null) : null),
    warnings,
  };
}
