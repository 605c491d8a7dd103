/**
 * Caller input errors are `ValidationError`s with `source: 'input'`, naming the field and the
 * reason in words (never the value), raised before any request; `ConfigError` stays for connector
 * options. `since: ''` is an input error, not a silent full read. The invalid-credentials detail
 * names regions only for Teamtailor, and once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector, providers } from '../../src/connectors/index.js';
import { ConfigError, ValidationError } from '../../src/core/errors.js';
import { encodeId } from '../../src/core/ids.js';
import { callAction, sampleIds, sandboxed, type SampleIds, type SandboxedConnector } from './helpers/connectors.js';

async function refusal(call: () => unknown): Promise<ValidationError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError, got success');
}

describe.each(providers)('input errors: %s', (provider) => {
  let run: SandboxedConnector;
  let ids: SampleIds;

  beforeAll(async () => {
    run = await sandboxed(provider, 6);
    ids = await sampleIds(run.connector);
  });
  afterAll(async () => {
    await run?.close();
  });

  it('a misspelt key is named with a suggestion, before any request', async () => {
    const supported = run.connector.capabilities.actions.moveApplicationToStage.supported ? 'moveApplicationToStage' : 'addNoteToCandidate';
    const input = supported === 'moveApplicationToStage' ? { application_id: ids.application, stageId: ids.stage } : { candidate_id: ids.candidate, contnet: 'x' };
    run.sandbox.resetStats();
    const error = await refusal(() => callAction(run.connector, supported, input));
    expect(error).toMatchObject({ source: 'input', operation: supported });
    expect(error.message).toMatch(supported === 'moveApplicationToStage' ? /unknown key stageId; did you mean stage_id\?/ : /unknown key contnet; did you mean content\?/);
    expect(error.field).toBe(supported === 'moveApplicationToStage' ? 'stageId' : 'contnet');
    expect(error.message).not.toContain(ids.application);
    expect(run.sandbox.stats.requests).toBe(0);
  });

  it('a malformed URL and an empty field say what is wrong with which field', async () => {
    const link = await refusal(() => run.connector.addResultLinkToCandidate({ candidate_id: ids.candidate, label: 'Report', url: 'not a url' }));
    expect(link).toMatchObject({ source: 'input', field: 'url', reason: 'must be an http(s) URL' });
    const empty = await refusal(() => run.connector.addNoteToCandidate({ candidate_id: ids.candidate, content: '' }));
    expect(empty).toMatchObject({ source: 'input', field: 'content', reason: 'must not be empty' });
  });

  it("an id of the wrong kind or provider, or an empty one, is the caller's ValidationError naming the field", async () => {
    const wrongKind = await refusal(() => run.connector.getCandidate(ids.application));
    expect(wrongKind).toMatchObject({ source: 'input', field: 'id', operation: 'getCandidate' });
    expect(wrongKind.reason).toMatch(new RegExp(`expected a ${provider} candidate id`));
    const otherProvider = await refusal(() => run.connector.getJob(encodeId(provider === 'gem' ? 'teamtailor' : 'gem', 'job', '1')));
    expect(otherProvider.field).toBe('id');
    expect((await refusal(() => run.connector.getJob(''))).field).toBe('id');
  });

  it("since: '' and an unparseable since are input errors, never a full read; so is a bad pageSize", async () => {
    run.sandbox.resetStats();
    expect(await refusal(() => run.connector.syncCandidates(''))).toMatchObject({ source: 'input', field: 'since' });
    expect(await refusal(() => run.connector.syncCandidates('last tuesday'))).toMatchObject({ source: 'input', field: 'since' });
    expect(await refusal(() => run.connector.syncCandidates(undefined, { pageSize: 0 }))).toMatchObject({ source: 'input', field: 'pageSize' });
    expect(run.sandbox.stats.requests).toBe(0);
  });

  it('connector options stay ConfigError', () => {
    expect(() => createConnector(provider, { ...run.sandbox.connectorOptions, apiKey: '' })).toThrow(ConfigError);
  });

  it('a baseUrl that is not the API root: checkConnection says unreachable and names the baseUrl option and the default root', async () => {
    const base = String(run.sandbox.connectorOptions.baseUrl).replace(/\/$/, '');
    const wrong = createConnector(provider, { ...run.sandbox.connectorOptions, baseUrl: `${base}/not-the-api`, rateLimit: false });
    const status = await wrong.checkConnection();
    await wrong.close();
    expect(status.status).toBe('unreachable');
    expect(status.detail).toMatch(/answered 404 to GET \/.* the address is not the root of the .* API\. Check the baseUrl option \(the default is https:\/\/[^ ]+\)\.$/);
  });

  it('invalid credentials: the detail names regions only for Teamtailor, once', async () => {
    const wrong = createConnector(provider, { ...run.sandbox.connectorOptions, apiKey: `${provider}-wrong-key`, rateLimit: false });
    const status = await wrong.checkConnection();
    await wrong.close();
    expect(status.status).toBe('invalid_credentials');
    expect(status.detail.match(/region/gi)?.length ?? 0).toBe(provider === 'teamtailor' ? 1 : 0);
  });
});
