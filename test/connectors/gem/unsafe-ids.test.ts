/**
 * Gem ids sent as JSON numbers beyond 2^53 lose digits in `JSON.parse`: `12345678901234567890` and
 * `12345678901234567891` both read as 12345678901234567000. Such records are quarantined with the
 * issue code `unsafe_integer` (no remote id, since it is unknown), never delivered under one id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createGemConnector } from '../../../src/connectors/gem/index.js';
import type { Page } from '../../../src/core/stream.js';
import type { Candidate } from '../../../src/models/index.js';
import { startFixedAnswerServer, type FixedAnswerServer } from '../../conformance/helpers/fixed-answer-server.js';

let server: FixedAnswerServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('gem: ids beyond 2^53', () => {
  it('quarantines each candidate whose id is an unsafe integer; the safe ones (string or number) are delivered', async () => {
    // Raw JSON text: JSON.stringify cannot write these numbers.
    const body = '[{"id":12345678901234567890,"first_name":"Ada"},{"id":12345678901234567891,"first_name":"Grace"},{"id":"c-1","first_name":"Linus"},{"id":42,"first_name":"Ken"}]';
    server = await startFixedAnswerServer({ status: 200, body });
    const connector = createGemConnector({ apiKey: 'gem-test-key', baseUrl: server.origin, rateLimit: false });
    const pages: Page<Candidate>[] = [];
    for await (const page of connector.syncCandidates().pages()) pages.push(page);
    await connector.close();
    const records = pages.flatMap((page) => page.records);
    const quarantined = pages.flatMap((page) => page.quarantined);
    expect(records.map((record) => record.remote_id).sort()).toEqual(['42', 'c-1']);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
    expect(quarantined).toEqual([
      { remote_id: null, reason: 'wire_schema', issues: [{ path: ['id'], code: 'unsafe_integer' }] },
      { remote_id: null, reason: 'wire_schema', issues: [{ path: ['id'], code: 'unsafe_integer' }] },
    ]);
  });

  it('quarantines an application whose candidate_id is an unsafe integer instead of linking it to a rounded id', async () => {
    const body = '[{"id":"a-1","candidate_id":98765432109876543210,"jobs":[]},{"id":"a-2","candidate_id":"c-1","jobs":[]}]';
    server = await startFixedAnswerServer({ status: 200, body });
    const connector = createGemConnector({ apiKey: 'gem-test-key', baseUrl: server.origin, rateLimit: false });
    const pages = [];
    for await (const page of connector.syncApplications().pages()) pages.push(page);
    await connector.close();
    expect(pages.flatMap((page) => page.records.map((record) => record.remote_id))).toEqual(['a-2']);
    expect(pages.flatMap((page) => page.quarantined)).toEqual([{ remote_id: 'a-1', reason: 'wire_schema', issues: [{ path: ['candidate_id'], code: 'unsafe_integer' }] }]);
  });
});
