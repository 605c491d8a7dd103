/**
 * The Teamtailor connector: `createTeamtailorConnector(options)`.
 * API notes: shared/api/teamtailor-and-flatchr.md part A; docs page: docs/connectors/teamtailor.md.
 * @module
 */
import type { Connector } from '../../actions/results.js';
import { ConfigError } from '../../core/errors.js';
import { HttpClient } from '../../core/http.js';
import { defineConnector } from '../shared/define-connector.js';
import { transportOptions, type CommonConnectorOptions } from '../shared/options.js';
import { teamtailorActions } from './actions.js';
import { teamtailorCapabilities } from './capabilities.js';
import { teamtailorBaseUrls, teamtailorDescriptor as descriptor } from './descriptor.js';
import { getOne, teamtailorPipelines, teamtailorReaders } from './reads.js';
import { decodeId } from '../../core/ids.js';

/** Options of `createTeamtailorConnector`. */
export interface TeamtailorConnectorOptions extends CommonConnectorOptions {
  /** An Admin-scope API key (read for sync, read/write for actions). */
  apiKey: string;
  /** The `X-Api-Version` header (default `20240904`, the newest version seen). */
  apiVersion?: string;
  /** The tenant's region (default `eu`); a wrong region answers 401. Ignored when `baseUrl` is set. */
  region?: keyof typeof teamtailorBaseUrls;
  /** The user who authors notes (default: the first admin user). */
  noteAuthorUserId?: string;
}

/** Creates a Teamtailor connector. */
export function createTeamtailorConnector(options: TeamtailorConnectorOptions): Connector {
  if (!options || typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new ConfigError('createTeamtailorConnector needs an apiKey (an Admin-scope Teamtailor API key).', {
      provider: descriptor.provider,
      operation: 'createTeamtailorConnector',
    });
  }
  if (options.region !== undefined && !(options.region in teamtailorBaseUrls)) {
    throw new ConfigError(`Unknown Teamtailor region "${String(options.region)}"; use eu, na or au.`, {
      provider: descriptor.provider,
      operation: 'createTeamtailorConnector',
    });
  }
  const rateLimit = options.rateLimit === undefined ? descriptor.rateLimit : options.rateLimit;
  const client = new HttpClient({
    ...transportOptions(options),
    provider: descriptor.provider,
    baseUrl: options.baseUrl ?? teamtailorBaseUrls[options.region ?? 'eu'],
    headers: {
      authorization: `Token token=${options.apiKey}`,
      'x-api-version': options.apiVersion ?? descriptor.apiVersion,
      accept: descriptor.contentType,
    },
    secrets: [options.apiKey],
    jsonContentType: descriptor.contentType,
    requestIdHeader: descriptor.requestIdHeader,
    rateLimit,
  });
  const r = descriptor.resources;
  const id = (value: string, kind: string, operation: string) => encodeURIComponent(decodeId(value, descriptor.provider, kind, operation)[0] as string);
  return defineConnector({
    provider: descriptor.provider,
    client,
    capabilities: teamtailorCapabilities(rateLimit || null),
    models: teamtailorReaders(client),
    getJob: (jobId, { signal }) => getOne(client, `/jobs/${id(jobId, 'job', 'getJob')}`, r.jobs.include, teamtailorPipelines.jobs, signal),
    getCandidate: (candidateId, { signal }) =>
      getOne(client, `/candidates/${id(candidateId, 'candidate', 'getCandidate')}`, r.candidates.include, teamtailorPipelines.candidates, signal),
    getApplication: (applicationId, { signal }) =>
      getOne(client, `/job-applications/${id(applicationId, 'application', 'getApplication')}`, r.applications.include, teamtailorPipelines.applications, signal),
    checkRequest: { method: 'GET', path: descriptor.checkPath },
    actions: teamtailorActions(client, { noteAuthorUserId: options.noteAuthorUserId }),
  });
}

export { teamtailorBaseUrls } from './descriptor.js';
