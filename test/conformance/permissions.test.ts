/**
 * `checkConnection()` probes what a sync needs: a key that authenticates but cannot read some
 * models (a Teamtailor Public-scope key, a Jarvi public key passed as the private one) answers
 * `missing_permissions` naming the models, not `connected`. The probes are data in each
 * descriptor; a provider without key scopes has no restricted key to simulate.
 */
import { describe, expect, it } from 'vitest';
import { createConnector, providers } from '../../src/connectors/index.js';
import { startSandbox } from '../../src/testing/index.js';

/** Providers whose keys have scopes, and a model a restricted key cannot read there. */
const scoped: Record<string, string> = { teamtailor: 'candidates', jarvi: 'candidates' };

describe.each(providers)('permissions: %s', (provider) => {
  it('a full key is connected; a restricted key (where keys have scopes) is missing_permissions naming the models', async () => {
    const sandbox = await startSandbox(provider, { records: 4 });
    try {
      const full = createConnector(provider, { ...sandbox.connectorOptions, rateLimit: false });
      const status = await full.checkConnection();
      await full.close();
      expect(status).toMatchObject({ status: 'connected' });
      expect(status.missing_models).toBeUndefined();
      if (!scoped[provider]) {
        expect(sandbox.restrictedConnectorOptions).toBeNull();
        return;
      }
      expect(sandbox.restrictedConnectorOptions).not.toBeNull();
      const restricted = createConnector(provider, { ...sandbox.restrictedConnectorOptions!, rateLimit: false });
      const refused = await restricted.checkConnection();
      await restricted.close();
      expect(refused.status).toBe('missing_permissions');
      expect(refused.missing_models).toContain(scoped[provider]);
      expect(refused.detail).toContain(scoped[provider]);
      expect(refused.detail).toMatch(provider === 'teamtailor' ? /Admin-scope/ : /private API key/);
    } finally {
      await sandbox.close();
    }
  });
});

describe('teamtailor: the Public-scope sandbox key', () => {
  it('reads the company and published jobs, and every model the probes name is one a sync of it would fail on', async () => {
    const sandbox = await startSandbox('teamtailor', { records: 4 });
    const restricted = createConnector('teamtailor', { ...sandbox.restrictedConnectorOptions!, rateLimit: false });
    try {
      const status = await restricted.checkConnection();
      expect(status.missing_models?.sort()).toEqual(['application_stages', 'applications', 'candidates', 'hiring_team', 'job_postings', 'job_stages', 'jobs', 'rejection_reasons', 'tags', 'users']);
      for (const model of status.missing_models ?? []) {
        await expect(
          (async () => {
            for await (const _ of restricted.syncModel(model)) break;
          })(),
          model,
        ).rejects.toMatchObject({ name: 'AuthError', status: 403 });
      }
      const published = await restricted.passthrough({ method: 'GET', path: '/jobs', query: { 'filter[feed]': 'public' } });
      expect(published.status).toBe(200);
    } finally {
      await restricted.close();
      await sandbox.close();
    }
  });
});
