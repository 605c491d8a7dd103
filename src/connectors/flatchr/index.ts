/**
 * The Flatchr connector: `createFlatchrConnector(options)`.
 * Docs page: docs/connectors/flatchr.md (what is documented by Flatchr and what is INFERRED).
 * @module
 */
import type { Connector } from '../../actions/results.js';
import { isUnusableIdPart } from '../../core/ids.js';
import { defineConnector } from '../shared/define-connector.js';
import { flatchrIds } from './ids.js';
import type { CommonConnectorOptions } from '../shared/options.js';
import { createTransport, effectiveRateLimit, optionChecks, type TransportSettings } from '../shared/setup.js';
import { flatchrActions } from './actions.js';
import { flatchrCapabilities } from './capabilities.js';
import { companyPath, flatchrDescriptor as descriptor } from './descriptor.js';
import type { FlatchrApi } from './endpoints.js';
import { getApplication, getCandidate, getJob } from './get-one.js';
import { flatchrReaders } from './reads.js';
import { flatchrPushCandidate } from './push.js';
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

function validate(options: FlatchrConnectorOptions): void {
  const check = optionChecks(descriptor.provider, 'createFlatchrConnector', options);
  check.requireText(options.apiKey, 'apiKey', 'a Flatchr API key');
  check.requireText(options.companyId, 'companyId', 'the encoded company key used in API paths');
  // The company key is a path segment of every request: `.` or `..` would address another resource.
  if (isUnusableIdPart(options.companyId)) check.fail('companyId must be the encoded company key (not ".", ".." or blank).');
  if ((options.userEmail === undefined) !== (options.userPassword === undefined)) check.fail('Pass userEmail and userPassword together (the user that writes comments).');
  check.optionalText(options.userEmail, 'userEmail', 'the email of the Flatchr user that writes comments');
  check.optionalText(options.userPassword, 'userPassword', 'the password of that user');
  check.optionalText(options.careersBaseUrl, 'careersBaseUrl', 'the careers host');
}

/** Creates a Flatchr connector. */
export function createFlatchrConnector(options: FlatchrConnectorOptions): Connector {
  validate(options);
  const rateLimit = effectiveRateLimit(options.rateLimit, descriptor.rateLimit);
  // Mutable on purpose: the user token is added once it exists, so it is redacted like the key.
  const secrets = [options.apiKey, ...(options.userPassword ? [options.userPassword] : [])];
  const shared: TransportSettings = {
    provider: descriptor.provider,
    defaultBaseUrl: descriptor.defaultBaseUrl,
    headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json' },
    secrets,
    requestIdHeader: descriptor.requestIdHeader,
    rateLimit,
  };
  const client = createTransport(options, shared);
  // The careers host is another origin (the transport never sends credentials across origins).
  const careers = createTransport(options, { ...shared, baseUrl: options.careersBaseUrl ?? descriptor.defaultCareersBaseUrl });
  // The CV route has its own documented budget: 1 request/s per company, one at a time.
  const files = createTransport(options, { ...shared, rateLimit: rateLimit === false ? false : descriptor.filesRateLimit });
  const api: FlatchrApi = { client, companyId: options.companyId };
  const session = createUserSession(
    client,
    options.userEmail && options.userPassword ? { email: options.userEmail, password: options.userPassword } : null,
    secrets,
  );
  // pushCandidate runs over the finished connector (its own actions, wrapped), built just below.
  let self: Connector | null = null;
  const actions = { ...flatchrActions({ api, session, careers, files, apiKey: options.apiKey }), pushCandidate: flatchrPushCandidate(() => self as Connector) };
  const connector = defineConnector({
    provider: descriptor.provider,
    ids: flatchrIds,
    client,
    capabilities: flatchrCapabilities(rateLimit || null, session.configured),
    models: flatchrReaders(api),
    getJob: (id, callOptions) => getJob(api, id, callOptions),
    getCandidate: (id, callOptions) => getCandidate(api, id, callOptions),
    getApplication: (id, callOptions) => getApplication(api, id, callOptions),
    apiRoot: descriptor.defaultBaseUrl,
    checkRequest: { method: 'GET', path: companyPath(descriptor.checkPath, options.companyId) },
    actions,
    // Written into the careers creation body (`answers`); the other details are warnings.
    writesCandidateDetails: ['screening_question_answers'],
  });
  self = connector;
  const close = connector.close;
  connector.close = async () => {
    await Promise.all([close(), careers.close(), files.close()]);
  };
  return connector;
}
