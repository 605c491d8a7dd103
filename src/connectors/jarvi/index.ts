/**
 * The Jarvi connector: `createJarviConnector(options)`.
 * Docs page: docs/connectors/jarvi.md.
 * @module
 */
import type { Connector } from '../../actions/results.js';
import type { HttpClient } from '../../core/http.js';
import { defineConnector } from '../shared/define-connector.js';
import { idReader } from '../shared/ids.js';
import type { CommonConnectorOptions } from '../shared/options.js';
import { createTransport, effectiveRateLimit, optionChecks } from '../shared/setup.js';
import { jarviActions } from './actions.js';
import { jarviCapabilities } from './capabilities.js';
import { jarviDescriptor as descriptor } from './descriptor.js';
import { jarviIds } from './ids.js';
import { applicationId } from './mappers/to-application.js';
import { getRaw, jarviPipelines, jarviReaders, mapOne, type JarviClients } from './reads.js';
import { NotFoundError } from '../../core/errors.js';

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

const ids = idReader(jarviIds);

/** Creates a Jarvi connector. */
export function createJarviConnector(options: JarviConnectorOptions): Connector {
  const check = optionChecks(descriptor.provider, 'createJarviConnector', options);
  check.requireText(options.apiKey, 'apiKey', 'the Jarvi private API key');
  check.optionalText(options.publicKey, 'publicKey', 'the Jarvi public API key');
  const rateLimit = effectiveRateLimit(options.rateLimit, descriptor.rateLimit);
  const secrets = [options.apiKey, ...(options.publicKey ? [options.publicKey] : [])];
  const transport = (key: string): HttpClient =>
    createTransport(options, {
      provider: descriptor.provider,
      defaultBaseUrl: descriptor.defaultBaseUrl,
      headers: { [descriptor.authHeader]: key, accept: 'application/json' },
      secrets,
      requestIdHeader: descriptor.requestIdHeader,
      rateLimit,
    });
  const privateClient = transport(options.apiKey);
  const publicClient = options.publicKey ? transport(options.publicKey) : privateClient;
  const clients: JarviClients = { private: privateClient, public: publicClient };
  const r = descriptor.resources;
  const connector = defineConnector({
    provider: descriptor.provider,
    ids: jarviIds,
    client: privateClient,
    capabilities: jarviCapabilities(rateLimit || null),
    models: jarviReaders(clients),
    getJob: async (id, { signal }) => {
      const projectId = ids.one(id, 'job', { field: 'id', operation: 'getJob' });
      const raw = await getRaw(privateClient, r.projects, projectId, 'getJob', signal);
      return only(mapOne(raw, jarviPipelines.jobs, 'getJob', `project ${projectId}`), 'getJob', 'a recruitment project');
    },
    getCandidate: async (id, { signal }) => {
      const profileId = ids.one(id, 'candidate', { field: 'id', operation: 'getCandidate' });
      const raw = await getRaw(privateClient, r.profiles, profileId, 'getCandidate', signal);
      return only(mapOne(raw, jarviPipelines.candidates, 'getCandidate', `profile ${profileId}`), 'getCandidate', 'a talent');
    },
    getApplication: async (id, { signal }) => {
      const [profileId, projectId] = ids.two(id, 'application', { field: 'id', operation: 'getApplication' });
      const raw = await getRaw(privateClient, r.profiles, profileId, 'getApplication', signal);
      const records = mapOne(raw, jarviPipelines.applications, 'getApplication', `profile ${profileId}`);
      return only(records.filter((record) => record.id === applicationId(profileId, projectId)), 'getApplication', 'an application of this talent to this project');
    },
    apiRoot: descriptor.defaultBaseUrl,
    checkRequest: descriptor.checkRequest,
    checkModels: descriptor.checkModels,
    permissionProbes: [
      ...descriptor.permissionProbes.private,
      ...descriptor.permissionProbes.public.map((probe) => ({ ...probe, client: publicClient })),
    ],
    permissionHint: descriptor.permissionHint,
    actions: jarviActions(clients),
    // `location` is a documented key of POST /profiles; the other details are warned about.
    writesCandidateDetails: ['candidate.location'],
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

/** The one record a lookup found; none means the id exists but is not of this model. */
function only<T>(records: T[], operation: string, what: string): T {
  const record = records[0];
  if (record === undefined) throw new NotFoundError(`The Jarvi record exists but is not ${what}.`, { provider: descriptor.provider, operation });
  return record;
}
