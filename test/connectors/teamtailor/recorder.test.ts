/**
 * The fixture recorder: redaction and pseudonymisation rules (pure), then a whole recording run
 * against the Teamtailor sandbox through the real connector transport (no real account is
 * reachable from tests).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTeamtailorConnector } from '../../../src/connectors/teamtailor/index.js';
import { TEAMTAILOR_SANDBOX_KEY } from '../../../src/testing/sandboxes/teamtailor/sandbox.js';
import { loadFixture } from '../../../src/testing/fixtures.js';
import { startSandbox, type Sandbox } from '../../../src/testing/index.js';
import { Pseudonymiser, redactExchange, runRecording, teamtailorRecordingPlan } from '../../../src/testing/recorder/index.js';
import { DOCUMENTED_BASE, fixture } from './fixture-server.js';

const context = (pseudonymiser = new Pseudonymiser()) => ({
  pseudonymiser,
  secrets: ['tt-live-key-0123456789'],
  baseUrl: 'https://api.na.teamtailor.com/v1',
  canonicalBaseUrl: DOCUMENTED_BASE,
});

describe('Pseudonymiser', () => {
  it('gives the same fake value for the same real value, and different ones for different values', () => {
    const p = new Pseudonymiser();
    expect(p.id('24810317')).toBe(p.id('24810317'));
    expect(p.id('24810317')).not.toBe(p.id('24810318'));
    expect(p.email('Lena.Holm@example.com')).toBe(p.email('lena.holm@example.com'));
    expect(p.fileName('lena_holm_cv.PDF')).toMatch(/^file-\d+\.pdf$/);
    expect(p.externalUrl('https://s3.example/u/a.pdf?X-Amz-Signature=abc')).toBe(p.externalUrl('https://s3.example/u/a.pdf?X-Amz-Signature=def'));
    expect(p.lookupId('24810317')).toBe(p.id('24810317'));
    expect(p.lookupId('never-seen')).toBeUndefined();
  });
});

describe('redactExchange', () => {
  it('pseudonymises ids, names, emails, phones, free text and signed URLs in a JSON:API page', async () => {
    const page = await fixture('candidates.page-1');
    const raw = JSON.parse(JSON.stringify(page).split(DOCUMENTED_BASE).join('https://api.na.teamtailor.com/v1')) as typeof page;
    const { name: _name, file: _file, ...exchange } = raw;
    const redacted = redactExchange(exchange, context());
    const text = JSON.stringify(redacted);
    for (const personal of ['Lena', 'Holm', 'lena.holm@example.com', '+46701234567', 'Backend developer', 'lena-holm-example', 'X-Amz-Signature', '24810317', 'api.na.teamtailor.com']) {
      expect(text, personal).not.toContain(personal);
    }
    const lena = (redacted.response.body as { data: { id: string; attributes: Record<string, unknown>; links: { self: string } }[] }).data[1]!;
    expect(lena.attributes['first-name']).toMatch(/^Given\d+$/);
    expect(lena.attributes.email).toMatch(/^person-\d+@example\.com$/);
    expect(lena.links.self).toBe(`${DOCUMENTED_BASE}/candidates/${lena.id}`);
    // Values the connector needs keep their shape: timestamps, tags, page links, sources.
    expect(lena.attributes['updated-at']).toBe('2024-05-02T16:40:03.902+02:00');
    expect(lena.attributes.tags).toEqual(['ruby', 'senior']);
    expect(lena.attributes['referring-site']).toBe('LinkedIn');
    const next = new URL((redacted.response.body as { links: { next: string } }).links.next);
    expect(next.origin + next.pathname).toBe(`${DOCUMENTED_BASE}/candidates`);
    expect(next.searchParams.get('page[number]')).toBe('2');
  });

  it('keeps only harmless headers and fakes the request id', () => {
    const redacted = redactExchange(
      {
        request: { method: 'GET', path: '/users/819' },
        response: {
          status: 200,
          headers: { 'content-type': 'application/vnd.api+json', 'set-cookie': 'session=abc', 'x-request-id': 'f3a1', 'x-rate-limit-remaining': '42', server: 'nginx' },
          body: { data: { id: '819', type: 'users', attributes: { name: 'Anna Berg', 'login-email': 'anna@acme.example', 'mentioned-user-ids': [819, 820] } } },
        },
      },
      context(),
    );
    expect(Object.keys(redacted.response.headers).sort()).toEqual(['content-type', 'x-rate-limit-remaining', 'x-request-id']);
    expect(redacted.response.headers['x-request-id']).toMatch(/^00000000-0000-4000-8000-/);
    expect(redacted.request.path).toMatch(/^\/users\/1\d{6}$/);
    const data = (redacted.response.body as { data: { id: string; attributes: Record<string, unknown> } }).data;
    expect(redacted.request.path).toBe(`/users/${data.id}`);
    expect(data.attributes).toMatchObject({ name: 'Person1', 'login-email': 'person-1@example.com' });
    expect(data.attributes['mentioned-user-ids']).toEqual([Number(data.id), expect.any(Number)]);
  });

  it('removes a credential that sneaked into a body, and a __proto__ key does not change the prototype', () => {
    const body = JSON.parse('{"data":[],"meta":{"debug":"Token token=tt-live-key-0123456789"},"__proto__":{"polluted":true}}') as unknown;
    const redacted = redactExchange({ request: { method: 'GET', path: '/candidates' }, response: { status: 200, headers: {}, body } }, context());
    expect(JSON.stringify(redacted)).not.toContain('tt-live-key-0123456789');
    expect(Object.getPrototypeOf(redacted.response.body)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a recording run against the sandbox', () => {
  let sandbox: Sandbox | undefined;
  let outDir: string | undefined;
  afterEach(async () => {
    await sandbox?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('writes parseable fixtures with no sandbox key, and one id maps to the same fake id in two files', async () => {
    sandbox = await startSandbox('teamtailor', { records: 12, seed: 21 });
    outDir = await mkdtemp(join(tmpdir(), 'tt-record-'));
    const connector = createTeamtailorConnector({ apiKey: TEAMTAILOR_SANDBOX_KEY, baseUrl: sandbox.url, rateLimit: false });
    const plan = teamtailorRecordingPlan(new Date(sandbox.now() - 40 * 86_400_000).toISOString());
    const result = await runRecording({
      passthrough: (request) => connector.passthrough(request),
      plan,
      secrets: [TEAMTAILOR_SANDBOX_KEY],
      baseUrl: sandbox.url,
      canonicalBaseUrl: DOCUMENTED_BASE,
      outDir,
    });
    await connector.close();
    expect(result.failed).toEqual([]);
    expect(result.written).toHaveLength(plan.length);
    // Only GETs reached the account.
    expect([...sandbox.stats.byRoute.keys()].every((route) => route.startsWith('GET '))).toBe(true);

    const files = await Promise.all(result.written.map(async (file) => ({ file, text: await readFile(file, 'utf8'), parsed: await loadFixture(file) })));
    for (const { text, parsed } of files) {
      expect(text).not.toContain(TEAMTAILOR_SANDBOX_KEY);
      expect(text).not.toContain('127.0.0.1');
      expect(parsed.response.status).toBe(200);
    }
    // Candidate and application data uses no real id and no real email.
    const realIds = new Set(sandbox.store.list('candidates').map((record) => record.id));
    const realEmails = sandbox.store.list('candidates').map((record) => String(record.email));
    const byName = new Map(files.map((entry) => [entry.parsed.name, entry]));
    const page1 = byName.get('candidates.page-1')!;
    const candidates = (page1.parsed.response.body as { data: { id: string; relationships: Record<string, { data?: { id: string }[] }> }[] }).data;
    expect(candidates).toHaveLength(3);
    expect(candidates.some((candidate) => realIds.has(candidate.id))).toBe(false);
    for (const email of realEmails) expect(files.some(({ text }) => text.includes(email)), email).toBe(false);

    // One real job id → one fake id, in jobs.list (as the resource) and in stages.list (as the
    // relationship of its stages and as an included resource).
    const realJob = sandbox.store.list('jobs')[0]!.id;
    const fakeJob = result.pseudonymiser.lookupId(realJob)!;
    expect(fakeJob).toMatch(/^1\d{6}$/);
    const jobs = byName.get('jobs.list')!.parsed.response.body as { data: { id: string }[] };
    expect(jobs.data.map((job) => job.id)).toContain(fakeJob);
    const stages = byName.get('stages.list')!.parsed.response.body as { data: { relationships: { job: { data: { id: string } } } }[]; included: { id: string; type: string }[] };
    expect(stages.data.some((stage) => stage.relationships.job.data.id === fakeJob)).toBe(true);
    expect(stages.included.some((item) => item.type === 'jobs' && item.id === fakeJob)).toBe(true);
    expect(files.some(({ text }) => text.includes(`"id": "${realJob}"`))).toBe(false);
    // The first candidate (sort=updated-at) is the first record of page 1, under its fake id.
    const realFirst = [...sandbox.store.list('candidates')].sort((a, b) => a.updated_at - b.updated_at || Number(a.id) - Number(b.id))[0]!.id;
    expect(candidates[0]!.id).toBe(result.pseudonymiser.lookupId(realFirst));
  });
});
