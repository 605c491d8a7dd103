/**
 * The candidates of a sync are built from the search rows with each row parsed once and one sort
 * (issue: Flatchr parsed every row twice and sorted twice). The results must be exactly what the
 * previous two-sort algorithm gave: the reference below is that algorithm, kept verbatim.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newestRowsPerPerson } from '../../../src/connectors/flatchr/candidate-rows.js';
import { candidateKey } from '../../../src/connectors/flatchr/mappers/common.js';
import { flatchrDateMs } from '../../../src/connectors/flatchr/dates.js';
import { rawField } from '../../../src/core/record-pipeline.js';
import * as wire from '../../../src/connectors/flatchr/wire.js';
import { collect, sandboxConnector } from './helpers.js';

/** The previous implementation (reads.ts before the change): sort, newest per person, sort again. */
function reference(rows: readonly unknown[]): unknown[] {
  const updatedMs = (row: unknown) => {
    try {
      return flatchrDateMs(rawField(row, 'updated_at')) ?? Number.NEGATIVE_INFINITY;
    } catch {
      return Number.NEGATIVE_INFINITY;
    }
  };
  const sortByUpdated = (list: readonly unknown[]) =>
    list.map((row, index) => ({ row, index, ms: updatedMs(row) })).sort((a, b) => a.ms - b.ms || a.index - b.index).map((entry) => entry.row);
  const keyed = sortByUpdated(rows).map((row) => {
    const parsed = wire.searchRowSchema.safeParse(row);
    return { row, key: parsed.success ? candidateKey(parsed.data).join(':') : null, changedMs: updatedMs(row) };
  });
  const newest = new Map<string, { row: unknown; changedMs: number }>();
  const unkeyed: unknown[] = [];
  for (const entry of keyed) {
    if (entry.key === null) {
      unkeyed.push(entry.row);
      continue;
    }
    const current = newest.get(entry.key);
    if (!current || entry.changedMs > current.changedMs) newest.set(entry.key, entry);
  }
  return sortByUpdated([...unkeyed, ...[...newest.values()].map((entry) => entry.row)]);
}

const remoteId = (item: unknown) => {
  const id = rawField(item, 'applicant');
  return typeof id === 'string' ? id : null;
};

/** Random search rows: few people and few days, so ties and repeats are common; some rows broken. */
const rowArbitrary = fc.record({
  applicant: fc.oneof(fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5', 'a6'), fc.constant(42)),
  email: fc.constantFrom('ann@x.io', 'ANN@x.io ', 'bob@x.io', '', null, undefined),
  updated_at: fc.constantFrom('01/02/24', '02/02/24', '03/02/24', '1706745600', 'not a date', null, undefined),
  firstname: fc.constantFrom('Ann', 'Bob'),
});

describe('flatchr candidates: each search row parsed once, one sort', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives exactly the rows and order of the previous two-sort algorithm (property)', () => {
    fc.assert(
      fc.property(fc.array(rowArbitrary, { maxLength: 30 }), (rows) => {
        const { rows: chosen, quarantined } = newestRowsPerPerson(rows, remoteId);
        const expected = reference(rows);
        const expectedValid = expected.filter((row) => wire.searchRowSchema.safeParse(row).success);
        // Same rows, same order (parsed copies of the raw rows).
        expect(chosen).toEqual(expectedValid.map((row) => wire.searchRowSchema.parse(row)));
        // Rows that fail the schema are quarantined with their reason instead of reaching the mapper.
        expect(quarantined.map((entry) => entry.reason)).toEqual(rows.filter((row) => !wire.searchRowSchema.safeParse(row).success).map(() => 'wire_schema'));
      }),
      { numRuns: 300, seed: 1707 },
    );
  });

  it('keeps the newest row per person, the first of equal dates, ascending by updated_at', () => {
    const rows = [
      { applicant: 'a1', email: 'ann@x.io', updated_at: '03/02/24', firstname: 'Newest' },
      { applicant: 'a2', email: 'bob@x.io', updated_at: '01/02/24' },
      { applicant: 'a3', email: 'ANN@x.io', updated_at: '02/02/24', firstname: 'Older' },
      { applicant: 'a4', email: 'bob@x.io', updated_at: '01/02/24', firstname: 'Tie, later' },
      { applicant: 7 },
    ];
    const { rows: chosen, quarantined } = newestRowsPerPerson(rows, remoteId);
    expect(chosen.map((row) => row.applicant)).toEqual(['a2', 'a1']);
    expect(quarantined).toEqual([{ remote_id: null, reason: 'wire_schema', issues: [{ path: ['applicant'], code: 'invalid_type' }] }]);
  });

  it('parses each search row once in a candidates sync, with the same records as before', async () => {
    const { connector, sandbox, close } = await sandboxConnector({ records: 60 });
    try {
      const spy = vi.spyOn(wire.searchRowSchema, 'safeParse');
      const records = await collect(connector.syncCandidates(undefined, { pageSize: 7 }));
      // Every row is valid, so the compiled check (`checkedParse`) vouches for each and zod's parse
      // runs for none; the pipeline of the sync takes the rows as parsed (`z.custom`), never again.
      expect(spy.mock.calls.length).toBe(0);
      expect(records).toHaveLength(sandbox.store.count('candidates'));
      const ms = records.map((record) => Date.parse(record.changed_at as string));
      expect(ms).toEqual([...ms].sort((a, b) => a - b));
    } finally {
      await close();
    }
  });
});
