/**
 * Each value of the Teamtailor descriptor matters (a test fails when it changes): the page size is
 * capped at the API's maximum of 30 (the sandbox answers 400 above it, like the API), `links.next`
 * alone ends a listing, the delta lookback re-reads a stage move that became visible late, and the
 * time keyset steps its bound back so a server whose "updated since" filter is exclusive loses no
 * record sharing a timestamp across a page boundary.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { teamtailorDescriptor } from '../../../src/connectors/teamtailor/descriptor.js';
import { startSandbox, type Sandbox, type StoredRecord } from '../../../src/testing/index.js';
import { createSyncEngine, MemoryStateStore } from '../../../src/sync/index.js';
import type { Application } from '../../../src/models/index.js';
import { collect } from './fixture-server.js';
import { sandboxConnector, type SandboxConnector } from './sandbox-helpers.js';

let sandbox: Sandbox<'teamtailor'> | undefined;
let ats: SandboxConnector | undefined;
afterEach(async () => {
  await ats?.close();
  await sandbox?.close();
  ats = undefined;
  sandbox = undefined;
});

const HEADERS = { authorization: 'Token token=tt-sandbox-key', 'x-api-version': teamtailorDescriptor.apiVersion };
type Rel = Record<string, string | string[] | null>;
const rel = (record: StoredRecord | undefined) => (record?.rel ?? {}) as Rel;
const pageSizes = (requests: readonly string[], path: string) =>
  requests.filter((request) => request.startsWith(`GET ${path}?`)).map((request) => new URLSearchParams(request.slice(request.indexOf('?') + 1)).get('page[size]'));

describe('page size: capped at the API maximum of 30', () => {
  it('the sandbox, like the API, answers 400 (code 118) to page[size]=31 and serves 30', async () => {
    sandbox = await startSandbox('teamtailor', { records: 40, seed: 1 });
    const over = await fetch(`${sandbox.url}/candidates?page[size]=31`, { headers: HEADERS });
    expect(over.status).toBe(400);
    expect(((await over.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('118');
    const max = await fetch(`${sandbox.url}/candidates?page[size]=30`, { headers: HEADERS });
    expect(((await max.json()) as { data: unknown[] }).data).toHaveLength(30);
  });

  it('by default every page asks for 30, so 75 candidates take 3 requests', async () => {
    sandbox = await startSandbox('teamtailor', { records: 75, seed: 2 });
    ats = sandboxConnector(sandbox);
    const candidates = await collect(ats.connector.syncCandidates());
    expect(candidates).toHaveLength(75);
    expect(pageSizes(ats.requests, '/candidates')).toEqual(['30', '30', '30']);
    expect(ats.connector.capabilities.page_size).toBe(30);
  });

  it('a caller asking for more gets 30 per page and every record, not a 400; a smaller size is kept', async () => {
    sandbox = await startSandbox('teamtailor', { records: 45, seed: 3 });
    ats = sandboxConnector(sandbox);
    const big = await collect(ats.connector.syncCandidates(undefined, { pageSize: 500 }));
    expect(big).toHaveLength(45);
    expect(new Set(pageSizes(ats.requests, '/candidates'))).toEqual(new Set(['30']));
    expect(sandbox.stats.byRoute.get('GET /candidates')).toBe(2);
    ats.requests.length = 0;
    const users = await collect(ats.connector.syncUsers(undefined, { pageSize: 100 }));
    expect(users).toHaveLength(5);
    expect(pageSizes(ats.requests, '/users')).toEqual(['30']);
    ats.requests.length = 0;
    const small = await collect(ats.connector.syncCandidates(undefined, { pageSize: 20 }));
    expect(small).toHaveLength(45);
    expect(new Set(pageSizes(ats.requests, '/candidates'))).toEqual(new Set(['20']));
  });
});

describe('end of pages: links.next, not a short page', () => {
  it('a full last page without links.next ends the listing; links.next present continues it', async () => {
    sandbox = await startSandbox('teamtailor', { records: 5, seed: 4 });
    ats = sandboxConnector(sandbox);
    expect(await collect(ats.connector.syncUsers(undefined, { pageSize: 5 }))).toHaveLength(5);
    expect(pageSizes(ats.requests, '/users')).toEqual(['5']);
    ats.requests.length = 0;
    expect(await collect(ats.connector.syncUsers(undefined, { pageSize: 2 }))).toHaveLength(5);
    expect(ats.requests.filter((request) => request.startsWith('GET /users?')).map((request) => new URLSearchParams(request.split('?')[1]).get('page[number]'))).toEqual(['1', '2', '3']);
  });
});

describe('lookback: a stage move visible late is still delivered', () => {
  /**
   * Three delta runs: everything; one visible move (the cursor moves to it); then a move that was
   * made 40 s before that one but became visible only now (Teamtailor shows moves 15–50 s late).
   */
  async function lateMoveScenario(lookbackMs?: number) {
    sandbox = await startSandbox('teamtailor', { records: 30, seed: 5 });
    ats = sandboxConnector(sandbox);
    const box = sandbox;
    const engine = createSyncEngine({ connector: ats.connector, store: new MemoryStateStore(), connectionId: 'lookback', models: ['applications'], ...(lookbackMs === undefined ? {} : { lookbackMs }) });
    const delivered: Application[][] = [];
    const run = async () => {
      const batch: Application[] = [];
      const report = await engine.run({ mode: 'delta', onBatch: async (page) => void (page.model === 'applications' && batch.push(...(page.upserted as Application[]))) });
      expect(report.status).toBe('ok');
      delivered.push(batch);
    };
    const otherStage = (application: StoredRecord) => box.store.list('stages').find((stage) => rel(stage).job === rel(application).job && stage.id !== rel(application).stage)!;
    await run();
    const [visible, late] = box.store.list('job-applications') as [StoredRecord, StoredRecord];
    box.moveApplication(visible.id, otherStage(visible).id);
    await run();
    const cursor = box.store.get('job-applications', visible.id)!.updated_at;
    box.moveApplication(late.id, otherStage(late).id);
    box.store.get('job-applications', late.id)!.updated_at = cursor - 40_000;
    box.store.version += 1;
    await run();
    return { delivered, visible, late };
  }

  it('with the descriptor lookback (5 min) the late move is read again and delivered', async () => {
    const { delivered, visible, late } = await lateMoveScenario();
    expect(delivered[0]!.length).toBe(30);
    expect(delivered[1]!.map((application) => application.remote_id)).toEqual([visible.id]);
    expect(delivered[2]!.map((application) => application.remote_id)).toEqual([late.id]);
    expect(ats!.connector.capabilities.delta_lookback_ms).toBeGreaterThanOrEqual(50_000);
  });

  it('control: with lookback 0 the same late move is never delivered', async () => {
    const { delivered } = await lateMoveScenario(0);
    expect(delivered[2]).toEqual([]);
  });
});

describe('keyset bound stepped back: a server whose time filter is exclusive', () => {
  /** Candidates in the order the connector reads them, with positions 25–34 sharing one timestamp. */
  function tieAcrossThePageBoundary(box: Sandbox<'teamtailor'>) {
    const sorted = [...box.store.list('candidates')].sort((a, b) => a.updated_at - b.updated_at || Number(a.id) - Number(b.id));
    const tie = sorted[25]!.updated_at;
    for (const record of sorted.slice(25, 35)) record.updated_at = tie;
    box.store.version += 1;
    return { sorted, tie };
  }

  it('every candidate of a tie split by the page boundary is read (the bound is one ms before the last time seen)', async () => {
    sandbox = await startSandbox('teamtailor', { records: 40, seed: 6, updatedSinceFilter: 'exclusive' });
    ats = sandboxConnector(sandbox);
    const { tie } = tieAcrossThePageBoundary(sandbox);
    // The server really is exclusive: asked from the tie's own time, it leaves the tie out.
    const strict = await fetch(`${sandbox.url}/candidates?sort=updated-at&page[size]=30&filter[updated-at][from]=${new Date(tie).toISOString()}`, { headers: HEADERS });
    expect(((await strict.json()) as { data: unknown[] }).data).toHaveLength(5);
    const candidates = await collect(ats.connector.syncCandidates());
    expect(new Set(candidates.map((candidate) => candidate.remote_id))).toEqual(new Set(sandbox.store.list('candidates').map((record) => record.id)));
    expect(candidates).toHaveLength(40);
    const bounds = ats.requests.map((request) => new URLSearchParams(request.split('?')[1]).get('filter[updated-at][from]'));
    expect(bounds).toEqual([null, new Date(tie - 1).toISOString()]);
  });

  it('syncCandidates(since) with since equal to a record\'s time includes that record', async () => {
    sandbox = await startSandbox('teamtailor', { records: 40, seed: 6, updatedSinceFilter: 'exclusive' });
    ats = sandboxConnector(sandbox);
    const { sorted, tie } = tieAcrossThePageBoundary(sandbox);
    const candidates = await collect(ats.connector.syncCandidates(new Date(tie)));
    expect(candidates.map((candidate) => candidate.remote_id).sort()).toEqual(sorted.slice(25).map((record) => record.id).sort());
  });

  it('the default sandbox filter is inclusive, as the connector assumes nothing either way', async () => {
    sandbox = await startSandbox('teamtailor', { records: 40, seed: 6 });
    const { tie } = tieAcrossThePageBoundary(sandbox);
    const inclusive = await fetch(`${sandbox.url}/candidates?sort=updated-at&page[size]=30&filter[updated-at][from]=${new Date(tie).toISOString()}`, { headers: HEADERS });
    expect(((await inclusive.json()) as { data: unknown[] }).data).toHaveLength(15);
  });
});
