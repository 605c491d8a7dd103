/**
 * The Teamtailor candidate delta by time keyset against the sandbox on loopback: a page that
 * `links.next` calls the last ends the listing (no request for the boundary repeat alone), and
 * every edited candidate is delivered exactly once, with an inclusive and an exclusive filter.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hasNextLink } from '../../../src/connectors/teamtailor/reads.js';
import { startSandbox, type Sandbox } from '../../../src/testing/index.js';
import { collect } from './fixture-server.js';
import { sandboxConnector, type SandboxConnector } from './sandbox-helpers.js';

let sandbox: Sandbox | undefined;
let ats: SandboxConnector | undefined;
afterEach(async () => {
  await ats?.close();
  await sandbox?.close();
  ats = undefined;
  sandbox = undefined;
});

/** Edits the first `count` stored candidates (each at its own, later millisecond); returns their ids. */
function edit(box: Sandbox, count: number): string[] {
  const ids = box.store.list('candidates').slice(0, count).map((record) => record.id);
  for (const id of ids) box.update('candidates', id, { 'first-name': 'Edited' });
  return ids;
}

describe('candidate delta by time keyset', () => {
  // Inclusive filter: page 1 brings 30 edits; page 2 (bound 1 ms before the last, inclusivity not
  // yet known) re-reads two rows and proves the filter inclusive; later pages re-read one row.
  // 30 + 28 + 29 = 87 edits end on an exactly full third page.
  it('an exactly full last page without links.next ends the delta (inclusive filter): 3 requests for 87 edits', async () => {
    sandbox = await startSandbox('teamtailor', { records: 120, seed: 21 });
    ats = sandboxConnector(sandbox);
    const since = sandbox.now();
    const changed = edit(sandbox, 87);
    const delivered = await collect(ats.connector.syncCandidates(new Date(since).toISOString()));
    expect(delivered.map((candidate) => candidate.remote_id).sort()).toEqual([...changed].sort());
    expect(delivered.every((candidate) => candidate.first_name === 'Edited')).toBe(true);
    expect(sandbox.stats.byRoute.get('GET /candidates')).toBe(3);
  });

  it('one edit more than a full last page still reads it (links.next is present)', async () => {
    sandbox = await startSandbox('teamtailor', { records: 120, seed: 22 });
    ats = sandboxConnector(sandbox);
    const since = sandbox.now();
    const changed = edit(sandbox, 88);
    const delivered = await collect(ats.connector.syncCandidates(new Date(since).toISOString()));
    expect(delivered.map((candidate) => candidate.remote_id).sort()).toEqual([...changed].sort());
    expect(sandbox.stats.byRoute.get('GET /candidates')).toBe(4);
  });

  // Exclusive filter: every bound stays 1 ms before the last timestamp, so each page after the
  // first re-reads one row: 30 + 29 + 29 = 88 edits end on an exactly full third page.
  it('an exactly full last page ends the delta with an exclusive filter too: 3 requests for 88 edits', async () => {
    sandbox = await startSandbox('teamtailor', { records: 120, seed: 23, updatedSinceFilter: 'exclusive' });
    ats = sandboxConnector(sandbox);
    const since = sandbox.now();
    const changed = edit(sandbox, 88);
    const delivered = await collect(ats.connector.syncCandidates(new Date(since).toISOString()));
    expect(delivered.map((candidate) => candidate.remote_id).sort()).toEqual([...changed].sort());
    expect(sandbox.stats.byRoute.get('GET /candidates')).toBe(3);
  });

  it('rows sharing the last millisecond across a full page are all delivered', async () => {
    sandbox = await startSandbox('teamtailor', { records: 120, seed: 24 });
    ats = sandboxConnector(sandbox);
    const since = sandbox.now();
    const changed = edit(sandbox, 45);
    // Candidates 25–44 stamped at one millisecond: the first page ends inside that millisecond.
    const stamp = sandbox.now();
    for (const id of changed.slice(25)) sandbox.store.get('candidates', id)!.updated_at = stamp;
    sandbox.update('candidates', changed[0]!, {});
    const delivered = await collect(ats.connector.syncCandidates(new Date(since).toISOString()));
    expect(delivered.map((candidate) => candidate.remote_id).sort()).toEqual([...changed].sort());
    expect(new Set(delivered.map((candidate) => candidate.remote_id)).size).toBe(delivered.length);
  });
});

describe('hasNextLink', () => {
  it('reads links.next: a link is more, no link or null is the last page, no links object is unknown', () => {
    expect(hasNextLink({ data: [], links: { next: 'https://api.example/v1/candidates?page[number]=2' } })).toBe(true);
    expect(hasNextLink({ data: [], links: { first: 'x', last: 'x' } })).toBe(false);
    expect(hasNextLink({ data: [], links: { next: null } })).toBe(false);
    expect(hasNextLink({ data: [], links: { next: '' } })).toBe(false);
    expect(hasNextLink({ data: [] })).toBeNull();
    expect(hasNextLink({ data: [], links: null })).toBeNull();
    expect(hasNextLink({ data: [], links: ['next'] })).toBeNull();
    expect(hasNextLink(null)).toBeNull();
  });
});
