import { afterEach, describe, expect, it } from 'vitest';
import { modelSchemas } from '../../../src/models/registry.js';
import { collect, sandboxConnector } from './helpers.js';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('flatchr sandbox: full sync', () => {
  it('returns every sandbox record, schema-valid, with remote_data', async () => {
    const { sandbox, connector, close } = await sandboxConnector({ records: 60 });
    cleanup = close;
    const store = sandbox.store;
    const expected = {
      users: store.count('members'),
      application_stages: store.count('columns'),
      jobs: store.count('vacancies'),
      job_postings: store.count('vacancies'),
      job_stages: store.count('vacancies') * store.count('columns'),
      tags: store.list('tags').filter((t) => t.type === 'candidates').length,
      candidates: store.count('candidates'),
      applications: store.count('applicants'),
    } as const;
    for (const [model, count] of Object.entries(expected) as [keyof typeof expected, number][]) {
      const records = await collect(connector.syncModel(model));
      expect(records, model).toHaveLength(count);
      for (const record of records) {
        expect(modelSchemas[model].safeParse(record).success, model).toBe(true);
        expect(record.remote_data, model).not.toBeNull();
      }
      expect(new Set(records.map((r) => r.id)).size, `${model} ids unique`).toBe(count);
    }
  });

  it('resolves job and stage ids of applications through the per-run lookups', async () => {
    const { connector, close } = await sandboxConnector({ records: 30 });
    cleanup = close;
    const jobs = new Set((await collect(connector.syncJobs())).map((j) => j.id));
    const stages = new Set((await collect(connector.syncApplicationStages())).map((s) => s.id));
    const candidates = new Set((await collect(connector.syncCandidates())).map((c) => c.id));
    const applications = await collect(connector.syncApplications());
    for (const application of applications) {
      expect(jobs.has(application.job_id as string)).toBe(true);
      expect(stages.has(application.current_stage_id as string)).toBe(true);
      expect(candidates.has(application.candidate_id as string)).toBe(true);
    }
    expect(applications.some((a) => a.outcome === 'DECLINED')).toBe(true);
    expect(applications.some((a) => a.outcome === 'PENDING')).toBe(true);
  });

  it('keeps the request count of a full candidates sync within ceil(N / page size) + a constant', async () => {
    const { sandbox, connector, close } = await sandboxConnector({ records: 250 });
    cleanup = close;
    sandbox.resetStats();
    const pages = await collect(connector.syncCandidates(undefined, { pageSize: 50 }).pages());
    const records = pages.reduce((sum, page) => sum + page.records.length, 0);
    expect(records).toBe(sandbox.store.count('candidates'));
    expect(pages.length).toBe(Math.ceil(records / 50));
    expect(pages.every((page) => page.records.length <= 50)).toBe(true);
    expect(sandbox.stats.requests).toBeLessThanOrEqual(Math.ceil(records / 100) + 2);
    expect(pages.reduce((sum, page) => sum + page.requests, 0)).toBe(sandbox.stats.requests);
  });

  it('delivers ordered pages with ascending checkpoints', async () => {
    const { connector, close } = await sandboxConnector({ records: 80 });
    cleanup = close;
    const pages = await collect(connector.syncApplications(undefined, { pageSize: 20 }).pages());
    let previous = '';
    for (const page of pages) {
      for (const record of page.records) {
        expect((record.changed_at as string) >= previous).toBe(true);
        previous = record.changed_at as string;
      }
      expect(page.checkpoint).toBe(previous);
    }
  });
});
