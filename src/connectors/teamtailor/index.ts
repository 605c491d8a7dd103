/**
 * The Teamtailor connector: `createTeamtailorConnector(options)`.
 * Docs page: docs/connectors/teamtailor.md.
 * @module
 */
import type { Connector } from '../../actions/results.js';
import { defineConnector } from '../shared/define-connector.js';
import { idReader } from '../shared/ids.js';
import type { CommonConnectorOptions } from '../shared/options.js';
import { createTransport, effectiveRateLimit, optionChecks } from '../shared/setup.js';
import { teamtailorActions } from './actions.js';
import { teamtailorCapabilities } from './capabilities.js';
import { teamtailorBaseUrls, teamtailorDescriptor as descriptor } from './descriptor.js';
import { teamtailorIds } from './ids.js';
import { getOne, teamtailorPipelines, teamtailorReaders } from './reads.js';

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

const ids = idReader(teamtailorIds);

/** Creates a Teamtailor connector. */
export function createTeamtailorConnector(options: TeamtailorConnectorOptions): Connector {
  const check = optionChecks(descriptor.provider, 'createTeamtailorConnector', options);
  check.requireText(options.apiKey, 'apiKey', 'an Admin-scope Teamtailor API key');
  check.optionalText(options.apiVersion, 'apiVersion', 'an X-Api-Version date such as 20240904');
  check.optionalText(options.noteAuthorUserId, 'noteAuthorUserId', 'a Teamtailor user id');
  if (options.region !== undefined && !Object.hasOwn(teamtailorBaseUrls, options.region)) {
    check.fail(`Unknown Teamtailor region "${String(options.region)}"; use eu, na or au.`);
  }
  const rateLimit = effectiveRateLimit(options.rateLimit, descriptor.rateLimit);
  const client = createTransport(options, {
    provider: descriptor.provider,
    defaultBaseUrl: teamtailorBaseUrls[options.region ?? 'eu'],
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
  const p = descriptor.paths;
  return defineConnector({
    provider: descriptor.provider,
    ids: teamtailorIds,
    client,
    capabilities: teamtailorCapabilities(rateLimit || null),
    models: teamtailorReaders(client),
    getJob: (id, { signal }) => getOne(client, p.job(ids.one(id, 'job', { field: 'id', operation: 'getJob' })), r.jobs.include, teamtailorPipelines.jobs, signal),
    getCandidate: (id, { signal }) =>
      getOne(client, p.candidate(ids.one(id, 'candidate', { field: 'id', operation: 'getCandidate' })), r.candidates.include, teamtailorPipelines.candidates, signal),
    getApplication: (id, { signal }) =>
      getOne(client, p.application(ids.one(id, 'application', { field: 'id', operation: 'getApplication' })), r.applications.include, teamtailorPipelines.applications, signal),
    apiRoot: descriptor.defaultBaseUrl,
    checkRequest: { method: 'GET', path: descriptor.checkPath },
    permissionProbes: descriptor.permissionProbes,
    permissionHint: descriptor.permissionHint,
    invalidCredentialsHint: descriptor.invalidCredentialsHint,
    actions: teamtailorActions(client, { noteAuthorUserId: options.noteAuthorUserId }),
  });
}

export { teamtailorBaseUrls } from './descriptor.js';
