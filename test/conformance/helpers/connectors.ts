/**
 * What the conformance tests share: a connector against a fresh sandbox of one provider, the first
 * record of a model read from it (each test reads its own, so tests do not depend on order), and
 * sample inputs for every action.
 */
import type { Connector } from '../../../src/actions/results.js';
import { createConnector, type ProviderName } from '../../../src/connectors/index.js';
import type { ModelName, ModelRecord } from '../../../src/models/registry.js';
import { startSandbox, type Sandbox } from '../../../src/testing/index.js';

/** A connector talking to its own sandbox. */
export interface SandboxedConnector {
  sandbox: Sandbox;
  connector: Connector;
  close(): Promise<void>;
}

/** A fresh sandbox of `provider` and a connector on it (no client-side rate limit). */
export async function sandboxed(provider: ProviderName, records = 40): Promise<SandboxedConnector> {
  const sandbox = await startSandbox(provider, { records, seed: 3 });
  const connector = createConnector(provider, { ...sandbox.connectorOptions, rateLimit: false });
  return {
    sandbox,
    connector,
    close: async () => {
      await connector.close();
      await sandbox.close();
    },
  };
}

/** The first record of `model`, or null when the connector reads none. */
export async function firstRecord<M extends ModelName>(connector: Connector, model: M): Promise<ModelRecord<M> | null> {
  if (!connector.capabilities.models[model].read) return null;
  for await (const record of connector.syncModel(model)) return record;
  return null;
}

/** The first record of `model`, failing the test when there is none. */
export async function requireRecord<M extends ModelName>(connector: Connector, model: M): Promise<ModelRecord<M>> {
  const record = await firstRecord(connector, model);
  if (!record) throw new Error(`the sandbox of ${connector.provider} has no ${model}`);
  return record;
}

/** The unified ids an action's input needs. */
export interface SampleIds {
  candidate: string;
  application: string;
  job: string;
  stage: string;
}

/** Reads one candidate, application, job and stage id from the connector. */
export async function sampleIds(connector: Connector): Promise<SampleIds> {
  const application = await requireRecord(connector, 'applications');
  const job = await requireRecord(connector, 'jobs');
  const candidate = await requireRecord(connector, 'candidates');
  const stage = application.current_stage_id ?? (await requireRecord(connector, 'application_stages')).id;
  return { candidate: candidate.id, application: application.id, job: job.id, stage };
}

/** A valid input for `action` built from `ids` (attachments by URL or bytes, as `form` says). */
export function sampleInput(action: string, ids: SampleIds, form: 'url' | 'data' = 'data'): unknown {
  const file = { name: 'report.pdf', content_type: 'application/pdf' };
  const attachment = form === 'url' ? { ...file, url: 'https://files.example/report.pdf' } : { ...file, data: new Uint8Array([37, 80, 68, 70]) };
  switch (action) {
    case 'moveApplicationToStage':
      return { application_id: ids.application, stage_id: ids.stage };
    case 'rejectApplication':
      return { application_id: ids.application };
    case 'addResultLinkToApplication':
      return { application_id: ids.application, label: 'Report', url: 'https://files.example/r' };
    case 'addResultLinkToCandidate':
      return { candidate_id: ids.candidate, label: 'Report', url: 'https://files.example/r' };
    case 'addNoteToApplication':
      return { application_id: ids.application, content: 'conformance' };
    case 'addNoteToCandidate':
      return { candidate_id: ids.candidate, content: 'conformance' };
    case 'addAttachmentToApplication':
      return { application_id: ids.application, attachment };
    case 'addAttachmentToCandidate':
      return { candidate_id: ids.candidate, attachment };
    case 'getCandidateAttachments':
      return { candidate_id: ids.candidate };
    case 'addTagToCandidate':
    case 'removeTagFromCandidate':
      return { candidate_id: ids.candidate, tag: { name: 'conformance' } };
    case 'createCandidate':
      return {
        candidate: { first_name: 'Con', last_name: 'Formance', email_addresses: [{ email_address: `conformance-${Math.random().toString(36).slice(2)}@example.com` }] },
        application: { job_id: ids.job },
      };
    case 'getApplicationAttachments':
      return { application_id: ids.application };
    case 'createApplication':
      return { candidate_id: ids.candidate, job_id: ids.job };
    case 'findCandidatesByEmail':
      return 'conformance@example.com';
    case 'pushCandidate':
      return {
        candidate: { first_name: 'Con', last_name: 'Formance', email_addresses: [{ email_address: `conformance.push-${Math.random().toString(36).slice(2)}@example.com` }] },
        job_id: ids.job,
        dedupe: 'email',
      };
    default:
      throw new Error(`no sample input for ${action}`);
  }
}

/** Calls an action by name. */
export function callAction(connector: Connector, action: string, input: unknown): Promise<unknown> {
  const method: unknown = Reflect.get(connector, action);
  if (typeof method !== 'function') throw new Error(`${connector.provider} has no method ${action}`);
  return Promise.resolve(method.call(connector, input));
}
