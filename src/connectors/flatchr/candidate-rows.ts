/**
 * The candidates of one sync, from the applicant search: Flatchr has no person-level list, so a
 * candidate is the person behind one or more search rows (see `candidateKey`), built from their most
 * recently updated row. Each raw row is parsed once and its date read once; the chosen rows are
 * sorted once, ascending by `updated_at`, so pages can carry checkpoints.
 */
import { rawField, summarise } from '../../core/record-pipeline.js';
import type { QuarantinedRecord } from '../../core/stream.js';
import { flatchrDateMs } from './dates.js';
import { candidateKey } from './mappers/common.js';
import { searchRowSchema, type SearchRow } from './wire.js';
import { checkedParse } from '../../core/schema-check.js';

/** The epoch ms of a raw row's `updated_at`, or -Infinity when absent or unparsable (the mapper quarantines a bad date later). */
export function updatedMs(row: unknown): number {
  try {
    return flatchrDateMs(rawField(row, 'updated_at')) ?? Number.NEGATIVE_INFINITY;
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}

/** A person's chosen row, with what the single sort needs. */
interface Chosen {
  row: SearchRow;
  /** `updated_at` of the chosen (newest) row. */
  ms: number;
  /** The person's oldest row: its `updated_at` and input position (ties of `ms` keep the order of first appearance). */
  firstMs: number;
  firstIndex: number;
}

const ascending = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The newest row of each person, ascending by `updated_at`, and the rows that failed the wire
 * schema (quarantined with their paths, as the record pipeline does). Rows with equal dates keep
 * the order in which their person first appears in date order; for the newest row of a person,
 * the first of equal dates wins.
 *
 * @param rows - raw search rows, in the order the search returned them
 * @param remoteId - reads the provider id of a row that failed its schema
 */
export function newestRowsPerPerson(rows: readonly unknown[], remoteId: (item: unknown) => string | null): { rows: SearchRow[]; quarantined: QuarantinedRecord[] } {
  const people = new Map<string, Chosen>();
  const quarantined: QuarantinedRecord[] = [];
  rows.forEach((raw, index) => {
    const parsed = checkedParse(searchRowSchema, raw);
    if (!parsed.success) {
      quarantined.push({ remote_id: remoteId(raw), reason: 'wire_schema', issues: summarise(parsed.error) });
      return;
    }
    const ms = updatedMs(raw);
    const [kind, id] = candidateKey(parsed.data);
    const key = `${kind}:${id}`;
    const current = people.get(key);
    if (!current) {
      people.set(key, { row: parsed.data, ms, firstMs: ms, firstIndex: index });
      return;
    }
    if (ms > current.ms) {
      current.row = parsed.data;
      current.ms = ms;
    }
    if (ms < current.firstMs) {
      current.firstMs = ms;
      current.firstIndex = index;
    }
  });
  const chosen = [...people.values()].sort((a, b) => ascending(a.ms, b.ms) || ascending(a.firstMs, b.firstMs) || a.firstIndex - b.firstIndex);
  return { rows: chosen.map((entry) => entry.row), quarantined };
}
