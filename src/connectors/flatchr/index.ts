/**
 * The Flatchr connector: `createFlatchrConnector(options)`.
 * API notes: shared/api/teamtailor-and-flatchr.md part B; docs page: docs/connectors/flatchr.md.
 * @module
 */
import type { Connector } from '../../actions/results.js';
import { ConfigError } from '../../core/errors.js';
import { HttpClient, type HttpClientOptions } from '../../core/http.js';
import { defineConnector } from '../shared/define-connector.js';
import { transportOptions, type CommonConnectorOptions } from '../shared/options.js';
import { flatchrActions } from './actions.js';
import { flatchrCapabilities } from './capabilities.js';
import { companyPath, flatchrDescriptor as descriptor } from './descriptor.js';
import type { FlatchrApi } from './endpoints.js';
import { getApplication, getCandidate, getJob } from './get-one.js';
import { flatchrReaders } from './reads.js';
import { createUserSession } from './user-session.js';

/** Options of `createFlatchrConnector`. */
export interface FlatchrConnectorOptions extends CommonConnectorOptions {
  /** The API key (Advanced settings → API); valid 365 days, an expired key answers 401. */
  apiKey: string;
  /** The encoded company id ("company key", e.g. `rV41QG9eKXdK6Xev`) used in every path. */
  companyId: string;
  /** The career-site slug (`acme` in `https://acme.flatchr.io`); informational for now. */
  companySlug?: string;
  /** The careers host used for candidate creation (default `https://careers.flatchr.io`). */
  careersBaseUrl?: string;
  /** Email of the Flatchr user that writes comments (notes, result links, attachments). */
  userEmail?: string;
  /** Password of that user; needed with `userEmail`, never for reads. */
  userPassword?: string;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function validate(options: FlatchrConnectorOptions): void {
  const fail = (message: string) => {
    throw new ConfigError(message, { provider: descriptor.provider, operation: 'createFlatchrConnector' });
  };
  if (!options || !isText(options.apiKey)) fail('createFlatchrConnector needs an apiKey (a Flatchr API key).');
  if (!isText(options.companyId)) fail('createFlatchrConnector needs a companyId (the encoded company key used in API paths).');
  if ((options.userEmail === undefined) !== (options.userPassword === undefined)) fail('Pass userEmail and userPassword together (the user that writes comments).');
  if (options.userEmail !== undefined && (!isText(options.userEmail) || !isText(options.userPassword))) fail('userEmail and userPassword must be non-empty strings.');
}

/** Creates a Flatchr connector. */
export function createFlatchrConnector(options: FlatchrConnectorOptions): Connector {
  validate(options);
  const rateLimit = options.rateLimit === undefined ? descriptor.rateLimit : options.rateLimit;
  // Mutable on purpose: the user token is added once it exists, so it is redacted like the key.
  const secrets = [options.apiKey, ...(options.userPassword ? [options.userPassword] : [])];
  const shared: Omit<HttpClientOptions, 'baseUrl' | 'rateLimit'> = {
    ...transportOptions(options),
    provider: descriptor.provider,
    headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json' },
    secrets,
    requestIdHeader: descriptor.requestIdHeader,
  };
  const baseUrl = options.baseUrl ?? descriptor.defaultBaseUrl;
  const client = new HttpClient({ ...shared, baseUrl, rateLimit });
  // The careers host is another origin (the transport never sends credentials across origins).
  const careers = new HttpClient({ ...shared, baseUrl: options.careersBaseUrl ?? descriptor.defaultCareersBaseUrl, rateLimit });
  // The CV route has its own documented budget: 1 request/s per company, one at a time (B4).
  const files = new HttpClient({ ...shared, baseUrl, rateLimit: rateLimit === false ? false : descriptor.filesRateLimit });
  const api: FlatchrApi = { client, companyId: options.companyId };
  const session = createUserSession(
    client,
    options.userEmail && options.userPassword ? { email: options.userEmail, password: options.userPassword } : null,
    secrets,
  );
  const connector = defineConnector({
    provider: descriptor.provider,
    client,
    capabilities: flatchrCapabilities(rateLimit || null, session.configured),
    models: flatchrReaders(api),
    getJob: (id, callOptions) => getJob(api, id, callOptions),
    getCandidate: (id, callOptions) => getCandidate(api, id, callOptions),
    getApplication: (id, callOptions) => getApplication(api, id, callOptions),
    checkRequest: { method: 'GET', path: companyPath(descriptor.checkPath, options.companyId) },
    actions: flatchrActions({ api, session, careers, files, apiKey: options.apiKey }),
  });
  const close = connector.close;
  connector.close = async () => {
    await Promise.all([close(), careers.close(), files.close()]);
  };
  return connector;
}
