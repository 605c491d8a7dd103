/**
 * Each value of the Jarvi descriptor matters: the page size capped at each route's maximum (the
 * sandbox answers 500 to `limit=1000` with an ordering on profiles, as measured), the end of the
 * pages (`offset ≥ total`, or an empty page when no `total` comes), the delta lookback the engine
 * applies, and the strict `_gt` bound stepped back by 1 ms against a server whose filter is
 * exclusive.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createJarviConnector } from '../../../src/connectors/jarvi/index.js';
import { jarviDescriptor } from '../../../src/connectors/jarvi/descriptor.js';
import { createSyncEngine, MemoryStateStore } from '../../../src/sync/index.js';
import { forgetReadClock } from '../../helpers/forget-read-clock.js';
import { startSandboxServer, type Sandbox } from '../../../src/testing/sandbox/server.js';
import type { SandboxRequest } from '../../../src/testing/sandbox/types.js';
import { JARVI_SANDBOX_KEY, JARVI_SANDBOX_PUBLIC_KEY, jarviSandbox } from '../../../src/testing/sandboxes/jarvi/sandbox.js';
import { serveRoutes } from './helpers.js';

let sandbox: Sandbox | null = null;
let server: Awaited<ReturnType<typeof serveRoutes>> | null = null;
const seen: SandboxRequest[] = [];
const closers: (() => Promise<void>)[] = [];

async function recordingSandbox(records: number) {
  seen.length = 0;
  sandbox = await startSandboxServer({ ...jarviSandbox, handle: (request, context) => (seen.push(request), jarviSandbox.handle(request, context)) }, { records, seed: 12 });
  return sandbox;
}
function connector(baseUrl: string) {
  const ats = createJarviConnector({ apiKey: JARVI_SANDBOX_KEY, publicKey: JARVI_SANDBOX_PUBLIC_KEY, baseUrl, retry: { maxRetries: 0 } });
  closers.push(() => ats.close());
  return ats;
}
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await sandbox?.close();
  await server?.close();
  sandbox = null;
  server = null;
});

const profileRow = (n: number) => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, isTalent: true, firstName: `P${n}`, createdAt: '2025-01-01T00:00:00+00:00', updatedAt: '2025-01-02T00:00:00+00:00' });

describe('jarvi descriptor values', () => {
  it('pageSize is capped at each route maximum: 100 on profiles (1000 with orderBy answers 500), 2000 on offers', async () => {
    const box = await recordingSandbox(250);
    const ats = connector(box.url);
    let candidates = 0;
    for await (const _ of ats.syncCandidates(undefined, { pageSize: 1000 })) candidates += 1;
    expect(candidates).toBeGreaterThan(200);
    const profiles = seen.filter((request) => request.path === '/profiles');
    expect(profiles.map((request) => request.query.get('limit'))).toEqual(profiles.map(() => String(jarviDescriptor.resources.profiles.maxLimit)));
    expect(profiles.length).toBe(Math.ceil(box.store.list('profiles').length / 100) + (box.store.list('profiles').length % 100 === 0 ? 1 : 0));
    seen.length = 0;
    for await (const _ of ats.syncJobPostings(undefined, { pageSize: 5000 })) void _;
    // The connector's page size (100) applies to every route, within offers' documented 2000.
    expect(seen.filter((request) => request.path === '/offers').map((request) => Number(request.query.get('limit')))).toEqual([jarviDescriptor.pageSize]);
    expect(jarviDescriptor.pageSize).toBeLessThanOrEqual(jarviDescriptor.resources.offers.maxLimit);
  });

  it('the list ends when offset reaches total, without asking for an empty page', async () => {
    server = await serveRoutes((request) => {
      if (request.path !== '/profiles') return null;
      const offset = Number(request.query.get('offset'));
      const rows = Array.from({ length: Math.max(0, Math.min(100, 150 - offset)) }, (_, i) => profileRow(offset + i));
      return { status: 200, body: { data: rows, total: 150 } };
    });
    const ats = connector(server.url);
    let count = 0;
    for await (const _ of ats.syncCandidates()) count += 1;
    expect(count).toBe(150);
    expect(server.requests.map((request) => request.query.get('offset'))).toEqual(['0', '100']);
  });

  it('without total (older answers), a short page does not end the list: only an empty page does', async () => {
    server = await serveRoutes((request) => {
      if (request.path !== '/profiles') return null;
      const offset = Number(request.query.get('offset'));
      // A server capping pages lower than asked (37 rows), with no total.
      const rows = offset >= 74 ? [] : Array.from({ length: 37 }, (_, i) => profileRow(offset + i));
      return { status: 200, body: { data: rows } };
    });
    const ats = connector(server.url);
    let count = 0;
    for await (const _ of ats.syncCandidates()) count += 1;
    expect(count).toBe(74);
    expect(server.requests.map((request) => request.query.get('offset'))).toEqual(['0', '37', '74']);
  });

  it('a delta run of the engine reads from the cursor minus the one-minute lookback, minus the 1 ms strict step', async () => {
    const box = await recordingSandbox(30);
    const ats = connector(box.url);
    expect(ats.capabilities.delta_lookback_ms).toBe(60_000);
    const store = new MemoryStateStore();
    const engine = createSyncEngine({ connector: ats, store, connectionId: 'jarvi-lookback', models: ['candidates'] });
    const changed: number[] = [];
    await engine.run({ mode: 'delta', onBatch: async (batch) => void changed.push(...batch.upserted.map((record) => Date.parse(record.changed_at ?? ''))) });
    await forgetReadClock(store, { connectionId: 'jarvi-lookback', model: 'candidates' });
    const newest = Math.max(...changed);
    seen.length = 0;
    await engine.run({ mode: 'delta', onBatch: async () => {} });
    const where = JSON.parse(seen.find((request) => request.path === '/profiles')!.query.get('where')!) as { updatedAt: { _gt: string } };
    const bound = Date.parse(where.updatedAt._gt);
    // The cursor is at most the newest change seen; the bound is a minute (and 1 ms) before it.
    expect(bound).toBeLessThanOrEqual(newest - 60_000 - 1);
    expect(bound).toBeGreaterThan(newest - 60_000 - 3_600_000);
  });

  it('the strict _gt: a profile changed exactly at since is still delivered (the bound is since − 1 ms)', async () => {
    const box = await recordingSandbox(20);
    const ats = connector(box.url);
    const talent = box.store.list('profiles').find((profile) => profile.isTalent === true && !profile.deletedAt)!;
    const since = new Date(Number(talent.updated_at)).toISOString();
    const ids: string[] = [];
    for await (const candidate of ats.syncCandidates(since)) ids.push(candidate.remote_id);
    expect(ids).toContain(talent.id);
    const where = JSON.parse(seen.at(-1)!.query.get('where')!) as { updatedAt: { _gt: string } };
    expect(Date.parse(where.updatedAt._gt)).toBe(Number(talent.updated_at) - jarviDescriptor.strictBoundStepMs);
  });
});
