/**
 * The Crelate connector: `createCrelateConnector(options)`.
 * API notes: shared/api/jarvi-and-crelate.md part A; docs page: docs/connectors/crelate.md.
 * @module
 */
import type { Connector } from '../../actions/results.js';
import { ConfigError } from '../../core/errors.js';
import { HttpClient } from '../../core/http.js';
import { decodeId } from '../../core/ids.js';
import { defineConnector } from '../shared/define-connector.js';
import { transportOptions, type CommonConnectorOptions } from '../shared/options.js';
import { crelateActions } from './actions.js';
import { crelateCapabilities } from './capabilities.js';
import { crelateDescriptor as descriptor } from './descriptor.js';
import { classifyEnvelope } from './envelope.js';
import { guid } from './mappers/common.js';
import { crelatePipelines, crelateReaders, getApplication, getOne } from './reads.js';

/** Options of `createCrelateConnector`. */
export interface CrelateConnectorOptions extends CommonConnectorOptions {
  /**
   * A Crelate API key (Settings → My Settings & Preferences; the user's role needs API access).
   * Sent in the `X-Api-Key` header only, never in the query: responses echo the request URL.
   */
  apiKey: string;
}

/** Creates a Crelate connector. */
export function createCrelateConnector(options: CrelateConnectorOptions): Connector {
  if (!options || typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new ConfigError('createCrelateConnector needs an apiKey (a Crelate API key with API access enabled for its role).', {
      provider: descriptor.provider,
      operation: 'createCrelateConnector',
    });
  }
  const rateLimit = options.rateLimit === undefined ? descriptor.rateLimit : options.rateLimit;
  const secrets = [options.apiKey];
  const client = new HttpClient({
    ...transportOptions(options),
    provider: descriptor.provider,
    baseUrl: options.baseUrl ?? descriptor.defaultBaseUrl,
    headers: { [descriptor.apiKeyHeader]: options.apiKey, accept: 'application/json' },
    secrets,
    requestIdHeader: descriptor.requestIdHeader,
    // Errors can arrive inside a 200 envelope (A.3, A.10).
    classify: classifyEnvelope(secrets),
    rateLimit,
  });
  const id = (value: string, kind: string, operation: string) => encodeURIComponent(guid(decodeId(value, descriptor.provider, kind, operation)[0] as string));
  return defineConnector({
    provider: descriptor.provider,
    client,
    capabilities: crelateCapabilities(rateLimit || null),
    models: crelateReaders(client),
    // https://app.crelate.com/api3/docs — GET /jobs/{id} (A.7.2)
    getJob: (jobId, { signal }) => getOne(client, `/jobs/${id(jobId, 'job', 'getJob')}`, crelatePipelines.jobs, 'job', signal),
    // https://app.crelate.com/api3/docs — GET /contacts/{id} (A.7.1); a client contact is not found.
    getCandidate: (candidateId, { signal }) => getOne(client, `/contacts/${id(candidateId, 'candidate', 'getCandidate')}`, crelatePipelines.candidates, 'candidate', signal),
    getApplication: (applicationId, { signal }) => {
      const [jobId, contactId] = decodeId(applicationId, descriptor.provider, 'application', 'getApplication');
      return getApplication(client, guid(jobId ?? ''), guid(contactId ?? ''), signal);
    },
    checkRequest: { method: 'GET', path: descriptor.checkPath, query: { limit: 1, offset: 0 } },
    actions: crelateActions(client),
  });
}

export { crelateBaseUrls } from './descriptor.js';
