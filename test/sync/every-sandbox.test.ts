/**
 * The engine's new parts on every provider's sandbox (real transport, real mappers): applications
 * are first seen with an initial stage change each and never again; `syncOne` by the provider's
 * own id reads the record fresh and finds it unchanged; `lastSynced` answers by provider id; a move
 * made with the connector's own `moveApplicationToStage` is
 * reported once by the next delta run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../src/connectors/index.js';
import type { Application } from '../../src/models/index.js';
import { createSyncEngine, MemoryStateStore, type AnySyncBatch, type StageChange, type SyncEngine } from '../../src/sync/index.js';
import { sandboxProviders, startSandbox, type Sandbox, type SandboxProviderName } from '../../src/testing/index.js';

const providers = Object.keys(sandboxProviders) as SandboxProviderName[];

for (const provider of providers) {
  describe(`engine on the ${provider} sandbox`, () => {
    let sandbox: Sandbox;
    let ats: ReturnType<typeof createConnector>;
    let engine: SyncEngine;
    beforeEach(async () => {
      sandbox = await startSandbox(provider, { records: 10, seed: 11 });
      ats = createConnector(provider, { ...sandbox.connectorOptions, rateLimit: false } as never);
      engine = createSyncEngine({ connector: ats, store: new MemoryStateStore(), connectionId: `acme-${provider}`, models: ['applications'] });
    });
    afterEach(async () => {
      await ats.close();
      await sandbox.close();
    });

    const collect = async (mode: 'delta' | 'full' = 'delta') => {
      const applications: Application[] = [];
      const changes: StageChange[] = [];
      const report = await engine.run({
        mode,
        onBatch: async (batch: AnySyncBatch) => {
          if (batch.model !== 'applications') return;
          applications.push(...batch.upserted);
          changes.push(...batch.stageChanges);
        },
      });
      expect(report.status).toBe('ok');
      return { applications, changes };
    };

    it('initial stage changes once; syncOne by provider id; lastSynced by provider id', async () => {
      const first = await collect();
      expect(first.applications.length).toBeGreaterThan(0);
      expect(first.changes.map((change) => change.application_id).sort()).toEqual(first.applications.map((application) => application.id).sort());
      for (const change of first.changes) {
        const application = first.applications.find((record) => record.id === change.application_id)!;
        expect(change).toMatchObject({ initial: true, from_stage_id: null, to_stage_id: application.current_stage_id, job_id: application.job_id, candidate_id: application.candidate_id });
      }
      expect((await collect('full')).changes).toEqual([]);
      const target = first.applications[0]!;
      const calls: AnySyncBatch[] = [];
      const result = await engine.syncOne('applications', target.remote_id, { onBatch: async (batch) => void calls.push(batch) });
      expect(result.record.id).toBe(target.id);
      expect(result.changed).toBe(false);
      expect(calls).toEqual([]);
      expect(await engine.lastSynced('applications', target.remote_id)).toEqual(expect.any(String));
    });

    it('a move by the connector action is reported once by the next delta run', async () => {
      const { applications } = await collect();
      // Every connector with a sandbox can move an application today.
      expect(ats.capabilities.actions.moveApplicationToStage?.supported).toBe(true);
      const target = applications.find((application) => applications.some((other) => other.job_id === application.job_id && other.current_stage_id !== application.current_stage_id && other.current_stage_id !== null))!;
      expect(target).toBeDefined();
      const stage = applications.find((other) => other.job_id === target.job_id && other.current_stage_id !== target.current_stage_id && other.current_stage_id !== null)!.current_stage_id!;
      await ats.moveApplicationToStage({ application_id: target.id, stage_id: stage });
      const next = await collect();
      expect(next.changes.filter((change) => change.application_id === target.id)).toEqual([expect.objectContaining({ from_stage_id: target.current_stage_id, to_stage_id: stage, initial: false })]);
      expect((await collect()).changes).toEqual([]);
    });
  });
}
