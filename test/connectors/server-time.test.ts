/**
 * Every page of every model of every connector carries the provider's clock of the responses its
 * data came from (decision 0012), computed by the stream itself: through the real transport, on
 * each provider's sandbox over loopback, with every response given its own `Date` (see
 * `stampedClock`), so a test can tell which responses a page's `serverTime` was taken from.
 *
 * - A page's clock is the earliest of the responses requested while it was produced, plus the
 *   responses of data it holds from earlier (a Flatchr whole list handed out in chunks, a Gem join,
 *   a cached Crelate workflow): never later than any of them, never null, never "now".
 * - No AsyncLocalStorage runs during a sync: the first `run` would turn on Node's promise hooks for
 *   the whole process.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnector } from '../../src/connectors/index.js';
import type { Page } from '../../src/core/stream.js';
import { modelNames, type ModelName } from '../../src/models/registry.js';
import { createSyncEngine, MemoryStateStore } from '../../src/sync/index.js';
import { sandboxProviders, startSandbox, type Sandbox, type SandboxProviderName } from '../../src/testing/index.js';
import { stampedClock, type StampedClock, type StampedRequest } from '../helpers/stamped-clock.js';

const providers = Object.keys(sandboxProviders) as SandboxProviderName[];

/** One page with the requests made while it was produced (no stream reads ahead on its own). */
interface ReadPage {
  page: Page<unknown>;
  /** Requests made while this page was produced. */
  window: StampedRequest[];
  /** Every request of this stream so far (up to this page). */
  before: StampedRequest[];
}

/** Reads every page of a stream one at a time, noting which requests each one made. */
async function readPages(pages: AsyncIterable<Page<unknown>>, log: readonly StampedRequest[]): Promise<ReadPage[]> {
  const out: ReadPage[] = [];
  const start = log.length;
  const iterator = pages[Symbol.asyncIterator]();
  // Bounded by the stream (a small sandbox).
  for (;;) {
    const from = log.length;
    const step = await iterator.next();
    if (step.done) return out;
    out.push({ page: step.value, window: log.slice(from), before: log.slice(start) });
  }
}

const earliest = (requests: readonly StampedRequest[]): string | null =>
  requests.reduce<string | null>((min, request) => (min === null || request.serverTime < min ? request.serverTime : min), null);

/**
 * The responses whose data a page holds that were requested before it was produced (besides its
 * own window): the load of a Flatchr whole list, a Gem join, a Crelate job's workflow statuses and
 * the jobs page that listed the job.
 */
function carried(provider: SandboxProviderName, model: ModelName, read: ReadPage, pages: readonly ReadPage[], sandbox: Sandbox): StampedRequest[] {
  if (provider === 'flatchr') return (pages[0] as ReadPage).window;
  if (provider === 'gem' && (model === 'jobs' || model === 'interviews')) {
    // The join is loaded before the list's first page: every request of the first window but its last.
    return (pages[0] as ReadPage).window.slice(0, -1);
  }
  if (provider === 'crelate' && (model === 'job_stages' || model === 'applications')) {
    const jobIds =
      model === 'job_stages'
        ? read.page.records.map((record) => String((record as { remote_id: string }).remote_id).split(':')[0] as string)
        : read.window.flatMap((request) => /\/jobs\/([^/?]+)\/contacts/.exec(request.path)?.[1] ?? []);
    const types = new Set(
      jobIds.map((id) => {
        const job = sandbox.store.get('jobs', id) ?? sandbox.store.list('jobs').find((stored) => stored.id.toLowerCase() === id.toLowerCase());
        return String((job?.WorkflowTypeId as { Id?: string } | undefined)?.Id ?? '').toLowerCase();
      }),
    );
    const workflows = read.before.filter((request) => {
      const type = /workflow_type_ids=([^&]+)/.exec(request.path)?.[1]?.toLowerCase();
      return type !== undefined && types.has(type);
    });
    // An application page's job was listed by the latest jobs page before it.
    const jobsPages = model === 'applications' ? read.before.filter((request) => /\/jobs\?/.test(request.path)).slice(-1) : [];
    return [...workflows, ...jobsPages];
  }
  return [];
}

describe.each(['rising', 'shuffled'] as const)('serverTime on every sandbox (%s clocks)', (order) => {
  for (const provider of providers) {
    describe(provider, () => {
      let sandbox: Sandbox;
      let clock: StampedClock;
      let ats: ReturnType<typeof createConnector>;
      let storageRuns: ReturnType<typeof vi.spyOn>;
      beforeEach(async () => {
        sandbox = await startSandbox(provider, { records: 10, seed: 7 });
        clock = stampedClock(order);
        ats = createConnector(provider, { ...sandbox.connectorOptions, rateLimit: false, dispatcher: clock.dispatcher } as never);
        storageRuns = vi.spyOn(AsyncLocalStorage.prototype, 'run');
      });
      afterEach(async () => {
        storageRuns.mockRestore();
        await ats.close();
        await clock.close();
        await sandbox.close();
      });

      it('each page of each model carries the earliest clock of the responses its data came from; no AsyncLocalStorage runs', async () => {
        const readable = modelNames.filter((model) => ats.capabilities.models[model].read);
        expect(readable.length).toBeGreaterThan(0);
        for (const model of readable) {
          const start = clock.requests.length;
          const pages = await readPages(ats.syncModel(model, undefined, { pageSize: 2 }).pages(), clock.requests);
          expect(pages.length, model).toBeGreaterThan(0);
          for (const [index, read] of pages.entries()) {
            const where = `${provider} ${model} page ${index + 1} of ${pages.length}`;
            const expected = earliest([...read.window, ...carried(provider, model, read, pages, sandbox)]);
            // Every page of a sandbox sync comes from at least one response.
            expect(expected, where).not.toBeNull();
            expect(read.page.serverTime, where).toBe(expected);
            // The clock of a response of this stream: never one invented, never "now".
            expect(clock.requests.slice(start).map((request) => request.serverTime), where).toContain(read.page.serverTime);
          }
        }
        expect(storageRuns).not.toHaveBeenCalled();
      });

      it('a sync of every model through the engine (with its read-ahead) runs no AsyncLocalStorage', async () => {
        const engine = createSyncEngine({ connector: ats, store: new MemoryStateStore(), connectionId: `clock-${provider}` });
        const report = await engine.run({ mode: 'full', onBatch: async () => undefined });
        expect(report.status).toBe('ok');
        expect(report.models.length).toBeGreaterThan(1);
        expect(clock.requests.length).toBeGreaterThan(0);
        expect(storageRuns).not.toHaveBeenCalled();
      });
    });
  }
});

describe('serverTime of Crelate applications read job by job (a job_ids filter)', () => {
  it('each page takes the earliest clock of its job, the job workflow and its pipeline page; a job not found gives its 404 clock', async () => {
    const sandbox = await startSandbox('crelate', { records: 10, seed: 7 });
    const clock = stampedClock('rising');
    const ats = createConnector('crelate', { ...sandbox.connectorOptions, rateLimit: false, dispatcher: clock.dispatcher } as never);
    const storageRuns = vi.spyOn(AsyncLocalStorage.prototype, 'run');
    try {
      const jobs: { id: string }[] = [];
      for await (const job of ats.syncJobs()) jobs.push(job);
      // A job id that names no job: Crelate answers 404, and the page says so with that response's clock.
      const wanted = [jobs[1]!.id, '00000000-0000-4000-8000-000000000000', jobs[0]!.id];
      const pages = await readPages(ats.syncApplications(undefined, { job_ids: wanted, pageSize: 2 }).pages(), clock.requests);
      expect(pages.length).toBeGreaterThan(2);
      for (const [index, read] of pages.entries()) {
        // The job read by id and its workflow statuses come before its first pipeline page; a job's later pages hold them too.
        const job = [...read.before].reverse().find((request) => /\/jobs\/[^/?]+$/.test(request.path.split('?')[0] as string));
        const jobId = /\/jobs\/([^/?]+)/.exec(job!.path)![1]!;
        const stored = sandbox.store.get('jobs', jobId) ?? sandbox.store.list('jobs').find((entry) => entry.id.toLowerCase() === jobId.toLowerCase());
        const type = String((stored?.WorkflowTypeId as { Id?: string } | undefined)?.Id ?? '').toLowerCase();
        const workflows = type === '' ? [] : read.before.filter((request) => request.path.toLowerCase().includes(`workflow_type_ids=${type}`));
        expect(read.page.serverTime, `page ${index + 1}`).toBe(earliest([...read.window, job!, ...workflows]));
      }
      expect(pages.some((read) => read.window.length === 1 && read.window[0]!.path.includes('00000000-0000-4000-8000-000000000000') && read.page.serverTime === read.window[0]!.serverTime)).toBe(true);
      expect(storageRuns).not.toHaveBeenCalled();
    } finally {
      storageRuns.mockRestore();
      await ats.close();
      await clock.close();
      await sandbox.close();
    }
  });
});
