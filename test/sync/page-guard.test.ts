/**
 * The page guard's fingerprints (E14): a page coming back a third time is a loop, but pages that
 * differ in any id, any version or any quarantined id are different pages, however their ids
 * would run together if concatenated.
 */
import { describe, expect, it } from 'vitest';
import { PaginationLoopError } from '../../src/core/errors.js';
import type { Page } from '../../src/core/stream.js';
import { PageGuard } from '../../src/sync/page-guard.js';

type Row = { id: string; changed_at: string | null };
const pageOf = (records: Row[], quarantined: (string | null)[] = []): Page<Row> => ({
  records,
  quarantined: quarantined.map((remote_id) => ({ remote_id, reason: 'wire_schema' as const, issues: [] })),
  checkpoint: null,
  requests: 1,
  warnings: [],
});

describe('page guard fingerprints', () => {
  it('stop on the third sighting of the same page', () => {
    const guard = new PageGuard('test', 'tags', 100);
    const same = () => pageOf([{ id: 'a', changed_at: '2024-01-01T00:00:00Z' }], ['x']);
    expect(guard.check(same())).toBe('continue');
    expect(guard.check(same())).toBe('continue');
    expect(() => guard.check(same())).toThrow(PaginationLoopError);
  });

  it('tell apart pages whose ids, versions or quarantined ids differ, or would run together', () => {
    const guard = new PageGuard('test', 'tags', 100);
    const variants = [
      pageOf([{ id: 'a', changed_at: '1' }, { id: 'bc', changed_at: '2' }]),
      pageOf([{ id: 'ab', changed_at: '1' }, { id: 'c', changed_at: '2' }]),
      pageOf([{ id: 'a', changed_at: '1b' }, { id: 'c', changed_at: '2' }]),
      pageOf([{ id: 'a', changed_at: '1' }, { id: 'bc', changed_at: '3' }]),
      pageOf([{ id: 'a', changed_at: null }, { id: 'bc', changed_at: '2' }]),
      pageOf([{ id: 'a', changed_at: '1' }, { id: 'bc', changed_at: '2' }], ['q']),
      pageOf([{ id: 'a', changed_at: '1' }, { id: 'bc', changed_at: '2' }], ['q', null]),
      pageOf([{ id: 'a', changed_at: '1' }], ['bc']),
    ];
    // Each seen twice: a third sighting of any one would throw, so no two may share a fingerprint.
    for (const page of variants) {
      expect(guard.check(page)).toBe('continue');
      expect(guard.check(page)).toBe('continue');
    }
  });
});
