/**
 * The Gem connector: `createGemConnector(options)`.
 * Docs page: docs/connectors/gem.md.
 * @module
 */
import type { Connector } from '../../actions/results.js';
import { defineConnector } from '../shared/define-connector.js';
import { idReader } from '../shared/ids.js';
import type { CommonConnectorOptions } from '../shared/options.js';
import { createTransport, effectiveRateLimit, optionChecks } from '../shared/setup.js';
import { gemActions } from './actions.js';
import { gemCapabilities } from './capabilities.js';
import { gemDescriptor as descriptor } from './descriptor.js';
import { gemIds } from './ids.js';
import { gemPipelines, gemReaders, getOne, loadPostIndex } from './reads.js';

/** Options of `createGemConnector`. */
export interface GemConnectorOptions extends CommonConnectorOptions {
  /** A Gem API key (Team Settings), or a customer's shareable access key when `applicationSecret` is set. */
  apiKey: string;
  /** The partner application secret Gem issues to integration partners (sent as `X-Application-Secret`). */
  applicationSecret?: string;
  /** The Gem user id that writes (notes, stage moves) are attributed to; default: the first active site admin. */
  onBehalfOfUserId?: string;
}

const ids = idReader(gemIds);

/** Creates a Gem connector. */
export function createGemConnector(options: GemConnectorOptions): Connector {
  const check = optionChecks(descriptor.provider, 'createGemConnector', options);
  check.requireText(options.apiKey, 'apiKey', 'a Gem API key, or the shareable access key of a partner connection');
  check.optionalText(options.applicationSecret, 'applicationSecret', 'the partner secret issued by Gem');
  check.optionalText(options.onBehalfOfUserId, 'onBehalfOfUserId', 'a Gem user id');
  const rateLimit = effectiveRateLimit(options.rateLimit, descriptor.rateLimit);
  const headers: Record<string, string> = { [descriptor.apiKeyHeader]: options.apiKey, accept: 'application/json' };
  if (options.applicationSecret) headers[descriptor.applicationSecretHeader] = options.applicationSecret;
  const client = createTransport(options, {
    provider: descriptor.provider,
    defaultBaseUrl: descriptor.defaultBaseUrl,
    headers,
    secrets: [options.apiKey, ...(options.applicationSecret ? [options.applicationSecret] : [])],
    requestIdHeader: descriptor.requestIdHeader,
    rateLimit,
  });
  return defineConnector({
    provider: descriptor.provider,
    ids: gemIds,
    client,
    capabilities: gemCapabilities(rateLimit || null),
    models: gemReaders(client),
    // A job's description lives on its posts, so getJob also reads the live posts.
    getJob: async (id, { signal }) => {
      const path = descriptor.jobPath(ids.one(id, 'job', { field: 'id', operation: 'getJob' }));
      const { index } = await loadPostIndex(client, { signal });
      return getOne(client, path, 'GET /jobs/{id}', gemPipelines.jobs, index, signal);
    },
    getCandidate: (id, { signal }) =>
      getOne(client, descriptor.candidatePath(ids.one(id, 'candidate', { field: 'id', operation: 'getCandidate' })), 'GET /candidates/{id}', gemPipelines.candidates, null, signal),
    getApplication: (id, { signal }) =>
      getOne(client, descriptor.applicationPath(ids.one(id, 'application', { field: 'id', operation: 'getApplication' })), 'GET /applications/{id}', gemPipelines.applications, null, signal),
    apiRoot: descriptor.defaultBaseUrl,
    checkRequest: { method: 'GET', path: descriptor.checkPath, query: { per_page: 1 } },
    forbiddenMeans: descriptor.forbiddenMeans,
    actions: gemActions(client, { onBehalfOfUserId: options.onBehalfOfUserId }),
    // POST /candidates/ takes the sourcer and the files (base64) along with the candidate.
    writesCandidateDetails: ['sourced_by', 'attachments'],
    // Gem creates a person only with an application, and takes files only on that create.
    pushSettings: { candidateWithApplication: true, attachmentsWithCandidate: true },
  });
}
