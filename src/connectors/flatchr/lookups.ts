/**
 * Id and stage lookups, built once per run (never per record): search rows carry the integer
 * `vacancy_id` and the column *title*, while paths and the move endpoint want the encoded vacancy
 * id and the integer column id (B9 #1; HrFlow's connector does the same mapping, B0 F5).
 */
import { columnSchema, vacancySchema, type Column } from './wire.js';
import { sortColumns } from './mappers/to-stage.js';

/** Lookups for one run. */
export interface FlatchrLookups {
  /** Integer vacancy id → encoded vacancy id. */
  vacancyByInteger: ReadonlyMap<number, string>;
  /** The column id for a column title (exact, then case- and space-insensitive), or null. */
  columnIdOf(title: string | null | undefined): number | null;
  /** Notes about the lookups (duplicate column titles). */
  warnings: string[];
}

const normalise = (title: string) => title.trim().toLowerCase().replace(/\s+/g, ' ');

/** Builds the lookups from raw `/vacancies` and `/columns` items; items that do not parse are skipped. */
export function buildLookups(vacancies: readonly unknown[], columns: readonly unknown[]): FlatchrLookups {
  const vacancyByInteger = new Map<number, string>();
  for (const item of vacancies) {
    const parsed = vacancySchema.safeParse(item);
    if (parsed.success && typeof parsed.data.vacancy_id === 'number') vacancyByInteger.set(parsed.data.vacancy_id, parsed.data.id);
  }
  const parsedColumns: Column[] = [];
  for (const item of columns) {
    const parsed = columnSchema.safeParse(item);
    if (parsed.success) parsedColumns.push(parsed.data);
  }
  const exact = new Map<string, number>();
  const loose = new Map<string, number>();
  const warnings: string[] = [];
  // Column titles may repeat (B9 #1, INFERRED): the first in kanban order wins, with a warning.
  for (const column of sortColumns(parsedColumns)) {
    if (!column.title) continue;
    if (exact.has(column.title)) {
      warnings.push(`Flatchr has several columns titled "${column.title}"; search rows are mapped to the first in kanban order.`);
      continue;
    }
    exact.set(column.title, column.id);
    if (!loose.has(normalise(column.title))) loose.set(normalise(column.title), column.id);
  }
  return {
    vacancyByInteger,
    columnIdOf: (title) => (title ? (exact.get(title) ?? loose.get(normalise(title)) ?? null) : null),
    warnings,
  };
}
