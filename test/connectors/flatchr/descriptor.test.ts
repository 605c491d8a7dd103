/**
 * Each value of the Flatchr descriptor matters (issue: descriptor values were never tested): the
 * page size handed out, the one-day lookback, the bounded lookup after a creation, and the CV
 * route's own budget of 1 request/s. Values that would differ from these fail here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/core/errors.js';
import { encodeId } from '../../../src/core/ids.js';
import type { SandboxProvider, SandboxRequest } from '../../../src/testing/sandbox/types.js';
import { flatchrSandbox } from '../../../src/testing/sandboxes/flatchr/sandbox.js';
import { collect, sandboxConnector } from './helpers.js';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('flatchr descriptor values', () => {
  it('hands records out in pages of at most 100, whatever page size is asked; lookback is one day', async () => {
    const { connector, sandbox, close } = await sandboxConnector({ records: 250 });
    cleanup = close;
    expect(connector.capabilities.page_size).toBe(100);
    expect(connector.capabilities.delta_lookback_ms).toBe(86_400_000);
    const pages = await collect(connector.syncApplications(undefined, { pageSize: 1000 }).pages());
    const total = sandbox.store.count('applicants');
    expect(total).toBeGreaterThan(200);
    expect(pages.map((page) => page.records.length)).toEqual([...Array.from({ length: Math.floor(total / 100) }, () => 100), ...(total % 100 ? [total % 100] : [])]);
  });

  it('looks for a new applicant 3 times after the creation, then says it is not visible yet (no second creation)', async () => {
    const seen: SandboxRequest[] = [];
    const hidden = 'slow.index@example.test';
    const provider: SandboxProvider = {
      ...flatchrSandbox,
      handle(request, context) {
        seen.push(request);
        const response = flatchrSandbox.handle(request, context);
        if (request.path.endsWith('/search/applicants') && Array.isArray(response.body)) {
          return { ...response, body: response.body.filter((row: { email?: unknown }) => row.email !== hidden) };
        }
        return response;
      },
    };
    const { connector, sandbox, close } = await sandboxConnector({ records: 8, provider });
    cleanup = close;
    const vacancy = sandbox.store.list('vacancies')[0]!;
    const error = await connector
      .createCandidate({ candidate: { first_name: 'S', last_name: 'I', email_addresses: [{ email_address: hidden }] }, application: { job_id: encodeId('flatchr', 'job', vacancy.id) } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    const lookups = seen.filter((r) => r.path.endsWith('/search/applicants') && (r.body as { vacancy?: string }).vacancy === vacancy.id);
    // Each lookup is the search plus its archived twin.
    expect(lookups).toHaveLength(3 * 2);
    expect(seen.filter((r) => r.path === '/vacancy/candidate/json')).toHaveLength(1);
  });

  it('CV downloads go through their own budget (1 request/s, one at a time): two at once both succeed', async () => {
    // A client-side limit on (`rateLimit: false` would turn the files budget off too), far above what this test sends.
    const { connector, close } = await sandboxConnector({ records: 10, connector: { retry: { maxRetries: 0 }, rateLimit: { requests: 100, intervalMs: 1000 } } });
    cleanup = close;
    const candidates = await collect(connector.syncCandidates());
    const lists = await Promise.all(candidates.slice(0, 2).map((candidate) => connector.getCandidateAttachments({ candidate_id: candidate.id })));
    const cvs = lists.map((files) => files.find((file) => file.type === 'CV')!);
    // The sandbox answers 429 to a second CV request within a second: the files transport waits instead.
    const bodies = await Promise.all(cvs.map(async (cv) => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of await cv.download()) chunks.push(chunk);
      return Buffer.concat(chunks).toString('utf8');
    }));
    expect(bodies.every((text) => text.startsWith('%PDF-1.4 sandbox CV of'))).toBe(true);
  });
});
