/**
 * Ids become request paths only through the one path-segment helper: for every connector, every
 * method that takes an id (the get* methods and every supported action, each id field in turn) is
 * driven with hostile ids, in the provider's own form and as unified ids with each identity part
 * replaced. `..`, `.` and empty parts are refused with a ValidationError before any request; `%2F`,
 * `?x=` and `#` stay inside their segment, checked on the request target as it arrived at a
 * recording proxy in front of the sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../src/actions/results.js';
import { createConnector, providers, type ProviderName } from '../../src/connectors/index.js';
import { idSchemes } from '../../src/connectors/shared/unified-id.js';
import { AtsError, UnsupportedError, ValidationError } from '../../src/core/errors.js';
import { encodeId, tryDecode } from '../../src/core/ids.js';
import { startSandbox, type Sandbox } from '../../src/testing/index.js';
import { DeletionConfirmer, lookupOf } from '../../src/sync/confirm-deletions.js';
import { callAction, firstRecord, sampleIds, sampleInput, type SampleIds } from './helpers/connectors.js';
import { rebased, startRecordingProxy, type ArrivedRequest, type RecordingProxy } from './helpers/recording-proxy.js';

const REFUSED = ['..', '.', ''] as const;
const ENCODED = ['%2F', '?x=', '#'] as const;

/** The id fields of each action, with the kind of id each takes. */
const idFields: Record<string, { field: string; kind: string }[]> = {
  moveApplicationToStage: [{ field: 'application_id', kind: 'application' }, { field: 'stage_id', kind: 'stage' }],
  rejectApplication: [{ field: 'application_id', kind: 'application' }, { field: 'rejection_reason_id', kind: 'rejection_reason' }],
  addResultLinkToApplication: [{ field: 'application_id', kind: 'application' }],
  addNoteToApplication: [{ field: 'application_id', kind: 'application' }],
  addAttachmentToApplication: [{ field: 'application_id', kind: 'application' }],
  addResultLinkToCandidate: [{ field: 'candidate_id', kind: 'candidate' }],
  addNoteToCandidate: [{ field: 'candidate_id', kind: 'candidate' }],
  addAttachmentToCandidate: [{ field: 'candidate_id', kind: 'candidate' }],
  getCandidateAttachments: [{ field: 'candidate_id', kind: 'candidate' }],
  addTagToCandidate: [{ field: 'candidate_id', kind: 'candidate' }],
  removeTagFromCandidate: [{ field: 'candidate_id', kind: 'candidate' }],
  createCandidate: [{ field: 'application.job_id', kind: 'job' }, { field: 'application.stage_id', kind: 'stage' }],
};

/** Getters whose id goes into the request path (elsewhere it goes into a query or a body, or is matched client-side). */
const getterPathIds: Record<ProviderName, string[]> = {
  teamtailor: ['getJob', 'getCandidate', 'getApplication'],
  gem: ['getJob', 'getCandidate', 'getApplication'],
  crelate: ['getJob', 'getCandidate', 'getApplication'],
  flatchr: ['getJob'],
  jarvi: [],
};

/** Every form of a hostile id `value` for `kind`: the provider's own, and the unified one with each part replaced. */
function hostileIds(provider: ProviderName, kind: string, value: string, sample: string): string[] {
  const rule = idSchemes[provider].kinds?.[kind];
  const arity = rule?.parts ?? 1;
  const sampleParts = tryDecode(sample)?.slice(2) ?? [];
  const parts = sampleParts.length === arity ? sampleParts : Array.from({ length: arity }, () => '1');
  const forms = [value];
  for (let index = 0; index < arity; index += 1) {
    // Flatchr's first candidate part says what the key is (email or applicant), never an id.
    if (provider === 'flatchr' && kind === 'candidate' && index === 0) continue;
    // A part documented as optional may be empty (a Flatchr application whose vacancy is not known).
    if (value === '' && rule?.optional?.includes(index)) continue;
    forms.push(encodeId(provider, kind, ...parts.map((part, at) => (at === index ? value : part))));
  }
  return forms;
}

/** `input` with the (possibly nested, dotted) field set to `value`. */
function withField(input: unknown, field: string, value: string): unknown {
  const copy = structuredClone(input) as Record<string, Record<string, unknown>>;
  const [head, tail] = field.split('.') as [string, string | undefined];
  if (tail === undefined) (copy as Record<string, unknown>)[head] = value;
  else copy[head] = { ...copy[head], [tail]: value };
  return copy;
}

function settle(promise: Promise<unknown>): Promise<{ ok: boolean; error?: unknown }> {
  return promise.then(
    () => ({ ok: true }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/** A path segment whose percent-decoding is `.` or `..`, or an empty one inside the path. */
function escapingSegment(path: string): boolean {
  const segments = path.split('/').slice(1);
  return segments.some((segment, index) => {
    const decoded = decodeURIComponent(segment);
    return decoded === '.' || decoded === '..' || (segment === '' && index < segments.length - 1);
  });
}

describe.each(providers)('path segments: %s', (provider) => {
  let sandbox: Sandbox;
  let proxy: RecordingProxy;
  let connector: Connector;
  let ids: SampleIds & { rejection_reason: string };
  let attachmentForm: 'data' | 'url' = 'data';

  beforeAll(async () => {
    sandbox = await startSandbox(provider, { records: 8, seed: 5 });
    const origin = new URL(sandbox.url).origin;
    proxy = await startRecordingProxy(origin);
    connector = createConnector(provider, { ...rebased(sandbox.connectorOptions, origin, proxy.origin), rateLimit: false, retry: { maxRetries: 0 } });
    const sample = await sampleIds(connector);
    const reason = await firstRecord(connector, 'rejection_reasons');
    ids = { ...sample, rejection_reason: reason?.id ?? encodeId(provider, 'rejection_reason', '1') };
    const probe = await settle(callAction(connector, 'addAttachmentToCandidate', sampleInput('addAttachmentToCandidate', ids, 'data')));
    if (probe.error instanceof UnsupportedError) attachmentForm = 'url';
  });
  afterAll(async () => {
    await connector?.close();
    await proxy?.close();
    await sandbox?.close();
  });

  /** Runs `call` and checks what reached the server for a hostile `value`. */
  async function check(label: string, value: string, call: () => Promise<unknown>, idInPath: boolean): Promise<void> {
    const before = proxy.arrived.length;
    const outcome = await settle(call());
    const arrived: ArrivedRequest[] = proxy.arrived.slice(before);
    if (!outcome.ok) expect(outcome.error, label).toBeInstanceOf(AtsError);
    if ((REFUSED as readonly string[]).includes(value)) {
      expect(outcome.error, label).toBeInstanceOf(ValidationError);
      expect(arrived.map((request) => `${request.method} ${request.target}`), `${label}: nothing may be sent`).toEqual([]);
      return;
    }
    for (const request of arrived) {
      expect(request.query.has('x'), `${label}: ${request.target}`).toBe(false);
      expect(escapingSegment(request.path), `${label}: ${request.target}`).toBe(false);
      // `%2F` must arrive as `%252F` (one segment), never as an encoded slash the server may split on.
      expect(request.path.replace(/%25/gi, ''), `${label}: ${request.target}`).not.toMatch(/%2F/i);
    }
    if (idInPath && arrived.length > 0) {
      expect(
        // Case-insensitive: Crelate and Jarvi lower-case their ids.
        arrived.some((request) => request.path.toLowerCase().includes(encodeURIComponent(value).toLowerCase())),
        `${label}: ${arrived.map((request) => request.target).join(' ')}`,
      ).toBe(true);
    }
  }

  it('get* methods: refused or encoded, in every id form', async () => {
    const getters = [
      ['getJob', 'job', ids.job, (id: string) => connector.getJob(id)],
      ['getCandidate', 'candidate', ids.candidate, (id: string) => connector.getCandidate(id)],
      ['getApplication', 'application', ids.application, (id: string) => connector.getApplication(id)],
    ] as const;
    let calls = 0;
    for (const [name, kind, sample, get] of getters) {
      for (const value of [...REFUSED, ...ENCODED]) {
        for (const id of hostileIds(provider, kind, value, sample)) {
          calls += 1;
          // Where a single-part id goes into the path, its encoded form must be there.
          const single = (idSchemes[provider].kinds?.[kind]?.parts ?? 1) === 1;
          await check(`${name}(${JSON.stringify(value)} as ${tryDecode(id) ? 'unified' : 'raw'})`, value, () => get(id), single && getterPathIds[provider].includes(name));
        }
      }
    }
    expect(calls).toBeGreaterThan(30);
  });

  it('every supported action, each id field: refused or encoded, in every id form', async () => {
    let calls = 0;
    for (const [action, fields] of Object.entries(idFields)) {
      if (!connector.capabilities.actions[action as keyof typeof connector.capabilities.actions].supported) continue;
      const valid = sampleInput(action, ids, attachmentForm);
      const input = action === 'createCandidate' ? withField(valid, 'application.stage_id', ids.stage) : action === 'rejectApplication' ? withField(valid, 'rejection_reason_id', ids.rejection_reason) : valid;
      for (const { field, kind } of fields) {
        const sample = field.endsWith('job_id') ? ids.job : field.endsWith('stage_id') ? ids.stage : field === 'rejection_reason_id' ? ids.rejection_reason : kind === 'application' ? ids.application : ids.candidate;
        for (const value of [...REFUSED, ...ENCODED]) {
          for (const id of hostileIds(provider, kind, value, sample)) {
            calls += 1;
            await check(`${action}.${field}(${JSON.stringify(value)})`, value, () => callAction(connector, action, withField(input, field, id)), false);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(60);
  }, 120_000);
});

describe("deletion confirmation never trusts a 404 from an id that would escape its path segment", () => {
  it.each(providers)('%s: a stored candidate whose id part is ".." is not confirmed deleted, and no lookup is sent', async (provider) => {
    const sandbox = await startSandbox(provider, { records: 4, seed: 9 });
    const origin = new URL(sandbox.url).origin;
    const proxy = await startRecordingProxy(origin);
    const connector = createConnector(provider, { ...rebased(sandbox.connectorOptions, origin, proxy.origin), rateLimit: false });
    try {
      const confirmer = new DeletionConfirmer({ lookup: lookupOf(connector, 'candidates'), maxLookups: 10, scanId: 'scan-1', signal: undefined });
      const parts = provider === 'flatchr' ? ['applicant', '..'] : ['..'];
      const entry = { id: encodeId(provider, 'candidate', ...parts), remoteId: '..', hash: 'h', changedAt: null, deletedAt: null, scan: 'scan-0' };
      const verdicts = await confirmer.confirm([entry]);
      expect(verdicts.deleted).toEqual([]);
      expect(verdicts.deferred).toBe(1);
      expect(verdicts.notes.join(' ')).toMatch(/ValidationError/);
      expect(proxy.arrived).toEqual([]);
    } finally {
      await connector.close();
      await proxy.close();
      await sandbox.close();
    }
  });
});
