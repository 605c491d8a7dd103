/**
 * The Jarvi connector: `createJarviConnector(options)`.
 * API notes: shared/api/jarvi-and-crelate.md part B; docs page: docs/connectors/jarvi.md.
 * @module
 */
import type { Connector } from '../../actions/results.js';
import { ConfigError } from '../../core/errors.js';
import { HttpClient, type HttpClientOptions } from '../../core/http.js';
import { decodeId } from '../../core/ids.js';
import { defineConnector } from '../shared/define-connector.js';
import { transportOptions, type CommonConnectorOptions } from '../shared/options.js';
import { jarviActions } from './actions.js';
import { jarviCapabilities } from './capabilities.js';
import { jarviDescriptor as descriptor } from './descriptor.js';
import { applicationId } from './mappers/to-application.js';
import { getRaw, jarviPipelines, jarviReaders, mapOne, type JarviClients } from './reads.js';
import { NotFoundError } from '../../core/errors.js';
import { remoteIds } from '../shared/ids.js';

/** Options of `createJarviConnector`. */
export interface JarviConnectorOptions extends CommonConnectorOptions {
  /** The workspace's private API key: every read and most writes need it. */
  apiKey: string;
  /**
   * The workspace's public API key (safe in careers-site JavaScript). When set, it is used for the
   * two routes documented for it, `GET /offers` and `POST /applicants`; otherwise the private key is.
   */
  publicKey?: string;
}

const FACTORY = 'createJarviConnector';

function requireKey(value: unknown, name: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(`${FACTORY} needs ${name === 'apiKey' ? 'an apiKey (the Jarvi private API key)' : 'publicKey to be a non-empty string when set'}.`, {
      provider: descriptor.provider,
      operation: FACTORY,
    });
  }
}

/** Creates a Jarvi connector. */
export function createJarviConnector(options: JarviConnectorOptions): Connector {
  if (!options) requireKey(undefined, 'apiKey');
  requireKey(options.apiKey, 'apiKey');
  if (options.publicKey !== undefined) requireKey(options.publicKey, 'publicKey');
  const rateLimit = options.rateLimit === undefined ? descriptor.rateLimit : options.rateLimit;
  const secrets = [options.apiKey, ...(options.publicKey ? [options.publicKey] : [])];
  const transport = (key: string) => {
    const settings: HttpClientOptions = {
      ...transportOptions(options),
      provider: descriptor.provider,
      baseUrl: options.baseUrl ?? descriptor.defaultBaseUrl,
      headers: { [descriptor.authHeader]: key, accept: 'application/json' },
      secrets,
      requestIdHeader: descriptor.requestIdHeader,
      rateLimit,
    };
    return new HttpClient(settings);
  };
  const privateClient = transport(options.apiKey);
  const publicClient = options.publicKey ? transport(options.publicKey) : privateClient;
  const clients: JarviClients = { private: privateClient, public: publicClient };
  const r = descriptor.resources;
  const connector = defineConnector({
    provider: descriptor.provider,
    client: privateClient,
    capabilities: jarviCapabilities(rateLimit || null),
    models: jarviReaders(clients),
    getJob: async (jobId, { signal }) => {
      const raw = await getRaw(privateClient, r.projects, remote(jobId, 'job', 'getJob'), 'getJob', signal);
      return only(mapOne(raw, jarviPipelines.jobs, 'getJob', `project ${jobId}`), 'getJob', 'a recruitment project');
    },
    getCandidate: async (candidateId, { signal }) => {
      const raw = await getRaw(privateClient, r.profiles, remote(candidateId, 'candidate', 'getCandidate'), 'getCandidate', signal);
      return only(mapOne(raw, jarviPipelines.candidates, 'getCandidate', `profile ${candidateId}`), 'getCandidate', 'a talent');
    },
    getApplication: async (id, { signal }) => {
      const [profileId, projectId] = decodeId(id, descriptor.provider, 'application', 'getApplication') as [string, string];
      const raw = await getRaw(privateClient, r.profiles, profileId, 'getApplication', signal);
      const records = mapOne(raw, jarviPipelines.applications, 'getApplication', `profile ${profileId}`);
      return only(records.filter((record) => record.id === applicationId(profileId, projectId)), 'getApplication', 'an application of this talent to this project');
    },
    checkRequest: descriptor.checkRequest,
    actions: jarviActions(clients),
  });
  if (publicClient !== privateClient) {
    // Two transports (one per key): closing the connector closes both.
    const closePrivate = connector.close;
    connector.close = async () => {
      await Promise.all([closePrivate(), publicClient.close()]);
    };
  }
  return connector;
}

const { remote } = remoteIds(descriptor.provider);

/** The one record a lookup found; none means the id exists but is not of this model. */
function only<T>(records: T[], operation: string, what: string): T {
  const record = records[0];
  if (record === undefined) throw new NotFoundError(`The Jarvi record exists but is not ${what}.`, { provider: descriptor.provider, operation });
  return record;
}

export { jarviDescriptor } from './descriptor.js';
