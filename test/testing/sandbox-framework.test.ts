/**
 * The generic sandbox server with a minimal provider (no real wire format): the base path is a
 * whole path segment and everything outside it is a 404; a provider that only has the former single
 * edit hooks still serves the typed handle (positions and default edits), and says clearly what it
 * cannot do; the context carries the time-filter option.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandboxServer, type SandboxServer } from '../../src/testing/index.js';
import type { SandboxContext, SandboxProvider } from '../../src/testing/sandbox/types.js';

let server: SandboxServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const seen: { filter: SandboxContext['updatedSinceFilter'] | null; moved: string[]; deleted: string[] } = { filter: null, moved: [], deleted: [] };

/** A provider with the legacy hooks only, answering `{ path }` to every request. */
function legacyProvider(basePath: string): SandboxProvider {
  return {
    name: 'legacy',
    basePath,
    credentials: { apiKey: 'k' },
    seed: ({ store }) => {
      for (const name of ['Ada', 'Grace']) store.add('people', { name });
    },
    authenticate: () => null,
    handle: (request, context) => {
      seen.filter = context.updatedSinceFilter;
      return { status: 200, body: { path: request.path } };
    },
    rateLimited: () => ({ status: 429, body: null }),
    editCandidate: ({ store }, index) => {
      const person = store.list('people')[index];
      if (!person) throw new Error(`no person #${index}`);
      store.update('people', person.id, { name: `${String(person.name)}-edited` });
      return person.id;
    },
    moveApplication: (_context, applicationId, stageId) => void seen.moved.push(`${applicationId}->${stageId}`),
    deleteCandidate: (_context, candidateId) => void seen.deleted.push(candidateId),
  };
}

const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as unknown };
};

describe('base path', () => {
  it('serves under the prefix only; /api2 and the bare origin are 404 with the default body', async () => {
    server = await startSandboxServer(legacyProvider('/api'), { updatedSinceFilter: 'exclusive' });
    const origin = new URL(server.url).origin;
    expect(server.url).toBe(`${origin}/api`);
    expect(await get(`${server.url}/people`)).toEqual({ status: 200, body: { path: '/people' } });
    expect(await get(`${origin}/api`)).toEqual({ status: 200, body: { path: '/' } });
    expect(await get(`${origin}/people`)).toEqual({ status: 404, body: { error: 'Not Found' } });
    expect(await get(`${origin}/api2/people`)).toEqual({ status: 404, body: { error: 'Not Found' } });
    expect(server.requests.map((request) => request.path)).toEqual(['/people', '/', '/people', '/api2/people']);
    expect(seen.filter).toBe('exclusive');
  });

  it('an empty base path serves every path; the filter defaults to inclusive', async () => {
    server = await startSandboxServer(legacyProvider(''));
    expect(await get(`${server.url}/anything/at/all`)).toEqual({ status: 200, body: { path: '/anything/at/all' } });
    expect(seen.filter).toBe('inclusive');
  });
});

describe('typed handle over the legacy hooks', () => {
  it('positions and default edits work and return the ids; what the hooks cannot do throws a clear Error', async () => {
    server = await startSandboxServer(legacyProvider('/api'));
    const grace = server.store.list('people')[1]!;
    expect(server.editCandidate(1)).toBe(grace.id);
    expect(server.store.get('people', grace.id)?.name).toBe('Grace-edited');
    expect(() => server!.editCandidate(grace.id)).toThrow(/only by position/);
    expect(() => server!.editCandidate(0, { first_name: 'X' })).toThrow(/only by position/);
    expect(() => server!.editJob(0)).toThrow(/cannot edit jobs/);
    expect(server.moveApplication('a1', 's2')).toBe('a1');
    expect(server.removeCandidate('c1')).toBe('c1');
    expect(server.deleteCandidate('c2')).toBe('c2');
    expect(seen.moved).toEqual(['a1->s2']);
    expect(seen.deleted).toEqual(['c1', 'c2']);
  });
});
