/**
 * The Crelate connector: `createCrelateConnector(options)`.
 * Docs page: docs/connectors/crelate.md.
 *
 * Tags such as A.3 are defined in docs/connectors/sources/crelate.md.
 * @module
 */
import type { Connector } from '../../actions/results.js';
import { defineConnector } from '../shared/define-connector.js';
import { idReader } from '../shared/ids.js';
import type { CommonConnectorOptions } from '../shared/options.js';
import { createTransport, effectiveRateLimit, optionChecks } from '../shared/setup.js';
import { crelateActions } from './actions.js';
import { crelateCapabilities } from './capabilities.js';
import { crelateDescriptor as descriptor } from './descriptor.js';
import { classifyEnvelope } from './envelope.js';
import { crelateIds } from './ids.js';
import { crelatePipelines, crelateReaders, getApplication, getOne } from './reads.js';

/** Options of `createCrelateConnector`. */
export interface CrelateConnectorOptions extends CommonConnectorOptions {
  /**
   * A Crelate API key (Settings → My Settings & Preferences; the user's role needs API access).
   * Sent in the `X-Api-Key` header only, never in the query: responses echo the request URL.
   */
  apiKey: string;
}

const ids = idReader(crelateIds);

/** Creates a Crelate connector. */
export function createCrelateConnector(options: CrelateConnectorOptions): Connector {
  const check = optionChecks(descriptor.provider, 'createCrelateConnector', options);
  check.requireText(options.apiKey, 'apiKey', 'a Crelate API key with API access enabled for its role');
  const rateLimit = effectiveRateLimit(options.rateLimit, descriptor.rateLimit);
  const secrets = [options.apiKey];
  const client = createTransport(options, {
    provider: descriptor.provider,
    defaultBaseUrl: descriptor.defaultBaseUrl,
    headers: { [descriptor.apiKeyHeader]: options.apiKey, accept: 'application/json' },
    secrets,
    requestIdHeader: descriptor.requestIdHeader,
    // Errors can arrive inside a 200 envelope (A.3, A.10).
    classify: classifyEnvelope(secrets),
    rateLimit,
  });
  return defineConnector({
    provider: descriptor.provider,
    ids: crelateIds,
    client,
    capabilities: crelateCapabilities(rateLimit || null),
    models: crelateReaders(client),
    // https://app.crelate.com/api3/docs — GET /jobs/{id} (A.7.2)
    getJob: (id, { signal }) => getOne(client, descriptor.jobPath(ids.one(id, 'job', { field: 'id', operation: 'getJob' })), crelatePipelines.jobs, 'job', signal),
    // https://app.crelate.com/api3/docs — GET /contacts/{id} (A.7.1); a client contact is not found.
    getCandidate: (id, { signal }) =>
      getOne(client, descriptor.contactPath(ids.one(id, 'candidate', { field: 'id', operation: 'getCandidate' })), crelatePipelines.candidates, 'candidate', signal),
    getApplication: (id, { signal }) => {
      const [jobId, contactId] = ids.two(id, 'application', { field: 'id', operation: 'getApplication' });
      return getApplication(client, jobId, contactId, signal);
    },
    apiRoot: descriptor.defaultBaseUrl,
    checkRequest: { method: 'GET', path: descriptor.checkPath, query: { limit: 1, offset: 0 } },
    actions: crelateActions(client),
    // Street, city, state and zip go to Addresses_Home; the other details come back as warnings.
    writesCandidateDetails: ['candidate.location'],
  });
}

export { crelateBaseUrls } from './descriptor.js';
