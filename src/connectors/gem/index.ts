/**
 * The Gem connector: `createGemConnector(options)`.
 * API notes: shared/api/gem.md; docs page: docs/connectors/gem.md.
 * @module
 */
import type { Connector } from '../../actions/results.js';
import { ConfigError } from '../../core/errors.js';
import { HttpClient } from '../../core/http.js';
import { decodeId } from '../../core/ids.js';
import { defineConnector } from '../shared/define-connector.js';
import { transportOptions, type CommonConnectorOptions } from '../shared/options.js';
import { gemActions } from './actions.js';
import { gemCapabilities } from './capabilities.js';
import { gemDescriptor as descriptor } from './descriptor.js';
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

/** Creates a Gem connector. */
export function createGemConnector(options: GemConnectorOptions): Connector {
  const fail = (message: string) => new ConfigError(message, { provider: descriptor.provider, operation: 'createGemConnector' });
  if (!options || typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw fail('createGemConnector needs an apiKey (a Gem API key, or the shareable access key of a partner connection).');
  }
  if (options.applicationSecret !== undefined && (typeof options.applicationSecret !== 'string' || options.applicationSecret.trim() === '')) {
    throw fail('applicationSecret, when given, must be a non-empty string (the partner secret issued by Gem).');
  }
  if (options.onBehalfOfUserId !== undefined && (typeof options.onBehalfOfUserId !== 'string' || options.onBehalfOfUserId.trim() === '')) {
    throw fail('onBehalfOfUserId, when given, must be a non-empty Gem user id.');
  }
  const rateLimit = options.rateLimit === undefined ? descriptor.rateLimit : options.rateLimit;
  const headers: Record<string, string> = { [descriptor.apiKeyHeader]: options.apiKey, accept: 'application/json' };
  if (options.applicationSecret) headers[descriptor.applicationSecretHeader] = options.applicationSecret;
  const client = new HttpClient({
    ...transportOptions(options),
    provider: descriptor.provider,
    baseUrl: options.baseUrl ?? descriptor.defaultBaseUrl,
    headers,
    secrets: [options.apiKey, ...(options.applicationSecret ? [options.applicationSecret] : [])],
    requestIdHeader: descriptor.requestIdHeader,
    rateLimit,
  });
  const id = (value: string, kind: string, operation: string) => decodeId(value, descriptor.provider, kind, operation)[0] as string;
  return defineConnector({
    provider: descriptor.provider,
    client,
    capabilities: gemCapabilities(rateLimit || null),
    models: gemReaders(client),
    // A job's description lives on its posts (§10), so getJob also reads the live posts.
    getJob: async (jobId, { signal }) => {
      const { index } = await loadPostIndex(client, { signal });
      return getOne(client, descriptor.jobPath(id(jobId, 'job', 'getJob')), 'GET /jobs/{id}', gemPipelines.jobs, index, signal);
    },
    getCandidate: (candidateId, { signal }) =>
      getOne(client, descriptor.candidatePath(id(candidateId, 'candidate', 'getCandidate')), 'GET /candidates/{id}', gemPipelines.candidates, null, signal),
    getApplication: (applicationId, { signal }) =>
      getOne(client, descriptor.applicationPath(id(applicationId, 'application', 'getApplication')), 'GET /applications/{id}', gemPipelines.applications, null, signal),
    checkRequest: { method: 'GET', path: descriptor.checkPath, query: { per_page: 1 } },
    forbiddenMeans: descriptor.forbiddenMeans,
    actions: gemActions(client, { onBehalfOfUserId: options.onBehalfOfUserId }),
  });
}

export { gemDescriptor } from './descriptor.js';
