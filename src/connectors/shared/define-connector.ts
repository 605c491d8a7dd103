/**
 * Turns a provider's parts (its transport, capabilities, model streams, lookups and actions) into a
 * full `Connector`. Every connector goes through here, so the parts that must behave the same
 * everywhere do: input validation of actions (a `ValidationError` naming the field and the reason),
 * `UnsupportedError` for what a provider lacks (with the note from `capabilities`), `since` parsing,
 * `checkConnection` with its permission probes, `passthrough`.
 */
import { inspect } from 'node:util';
import type { z } from 'zod';
import * as Inputs from '../../actions/inputs.js';
import * as PushInputs from '../../actions/push-inputs.js';
import type { CandidateDetailPath } from '../../actions/candidate-details.js';
import { acceptingRemoteFields } from '../../actions/remote-fields.js';
import type { ActionOptions, Connector, ConnectorActions } from '../../actions/results.js';
import type { ActionName, Capabilities } from '../../core/capabilities.js';
import { filterStream, resolveFilters, type ResolvedFilters } from '../../core/list-filters.js';
import { sinceToMs } from '../../core/dates.js';
import { UnsupportedError } from '../../core/errors.js';
import type { HttpClient, HttpRequest } from '../../core/http.js';
import { inputError, inputSchemaError } from '../../core/input-errors.js';
import type { PassthroughRequest, Since } from '../../core/reader.js';
import { syncMethodOf } from '../../core/reader.js';
import { withAttachmentBytes } from './attachment-data.js';
import { failingStream, type SyncOptions, type SyncStream } from '../../core/stream.js';
import type { IdScheme } from '../../core/ids.js';
import { checkConnection, type PermissionProbe } from './check-connection.js';
import { checkInputIds } from './ids.js';
import type { ModelName, ModelRecord } from '../../models/registry.js';
import type { Application, Candidate, Job } from '../../models/index.js';
import { wrapActions } from './wrap-actions.js';
import type { PushSettings } from './push-candidate.js';

/**
 * What a reader gets besides `since`: the common options and the caller's list filters, validated
 * (null when none). A reader may send some filters to the provider (capabilities say which);
 * `defineConnector` checks every filter on the records afterwards either way.
 */
export interface ReaderOptions extends SyncOptions {
  filters?: ResolvedFilters | null;
}

/**
 * Reads one model: `since` already parsed to epoch ms (null = everything). Every page it yields
 * carries `serverTime`, the earliest provider clock of the responses its data came from (decision
 * 0012): the connector hands the stream out as it is, with nothing collected around it.
 */
export type ModelReader<M extends ModelName> = (sinceMs: number | null, options: ReaderOptions) => SyncStream<ModelRecord<M>>;

/** The parts of a connector. */
export interface ConnectorParts {
  provider: string;
  client: HttpClient;
  capabilities: Capabilities;
  /** One reader per supported model. */
  models: { [M in ModelName]?: ModelReader<M> };
  getJob?: (id: string, options: ActionOptions) => Promise<Job>;
  getCandidate?: (id: string, options: ActionOptions) => Promise<Candidate>;
  getApplication?: (id: string, options: ActionOptions) => Promise<Application>;
  /** The cheapest authenticated request, for `checkConnection`. */
  checkRequest: Pick<HttpRequest, 'method' | 'path' | 'query'>;
  /** The provider's default API root (its descriptor's `defaultBaseUrl`), named when `checkRequest` answers 404. */
  apiRoot?: string;
  /** The models `checkRequest` reads (named when it answers 403). */
  checkModels?: readonly ModelName[];
  /**
   * What a 403 on `checkRequest` means. Most providers answer 403 for a valid key without the
   * permission (the default); some gateways answer 403 for a bad key.
   */
  forbiddenMeans?: 'missing_permissions' | 'invalid_credentials';
  /** One request per resource a sync reads, answering 401/403 when the key may not read it. */
  permissionProbes?: readonly PermissionProbe[];
  /** Why credentials can be rejected besides a wrong or expired key (Teamtailor: a key of another region). */
  invalidCredentialsHint?: string;
  /** The kind of key that reads everything, said when a probe is refused. */
  permissionHint?: string;
  /** The actions the provider supports; the rest throw `UnsupportedError`. */
  actions: Partial<ConnectorActions>;
  /** How the provider's records are identified: every id in an action's input is checked against it first. */
  ids: IdScheme;
  /**
   * The optional candidate details (`candidate.location`, `attachments`...) this connector's
   * `createCandidate` writes. Each other detail a caller gives comes back as a warning; attachments
   * not written by `createCandidate` itself are uploaded afterwards with `addAttachmentToCandidate`.
   */
  writesCandidateDetails?: readonly CandidateDetailPath[];
  /** How `createCandidate` differs for `pushCandidate` (Gem: it needs the job and takes the files). */
  pushSettings?: PushSettings;
}

/** Input schemas of every action, checked before a connector sees the input. */
const actionInputSchemas: Record<ActionName, z.ZodType> = {
  moveApplicationToStage: Inputs.MoveApplicationToStageInputSchema,
  rejectApplication: Inputs.RejectApplicationInputSchema,
  addResultLinkToApplication: Inputs.AddResultLinkToApplicationInputSchema,
  addResultLinkToCandidate: Inputs.AddResultLinkToCandidateInputSchema,
  addNoteToApplication: Inputs.AddNoteToApplicationInputSchema,
  addNoteToCandidate: Inputs.AddNoteToCandidateInputSchema,
  addAttachmentToApplication: Inputs.AddAttachmentToApplicationInputSchema,
  addAttachmentToCandidate: Inputs.AddAttachmentToCandidateInputSchema,
  getCandidateAttachments: Inputs.GetCandidateAttachmentsInputSchema,
  addTagToCandidate: Inputs.TagCandidateInputSchema,
  removeTagFromCandidate: Inputs.TagCandidateInputSchema,
  createCandidate: Inputs.CreateCandidateInputSchema,
  createApplication: PushInputs.CreateApplicationInputSchema,
  findCandidatesByEmail: PushInputs.FindCandidatesByEmailInputSchema,
  pushCandidate: PushInputs.PushCandidateInputSchema,
  getApplicationAttachments: PushInputs.GetApplicationAttachmentsInputSchema,
};

/** The same schemas, with the optional `remote_fields` on every object input. */
const actionSchemas = Object.fromEntries(
  Object.entries(actionInputSchemas).map(([name, schema]) => [name, acceptingRemoteFields(schema)]),
) as Record<ActionName, z.ZodType>;

/** Builds the full connector from its parts. */
export function defineConnector(parts: ConnectorParts): Connector {
  const { provider, client, capabilities } = parts;
  const unsupported = (what: string, note?: string) =>
    new UnsupportedError(`${provider} does not support ${what}${note ? `: ${note}` : '.'}`, { provider, operation: what });

  const syncModel = <M extends ModelName>(model: M, since?: Since, options: SyncOptions = {}): SyncStream<ModelRecord<M>> => {
    const filters = resolveFilters(model, options, provider, syncMethodOf[model]);
    const reader = parts.models[model] as ModelReader<M> | undefined;
    if (!reader || !capabilities.models[model].read) {
      return failingStream(() => unsupported(syncMethodOf[model], capabilities.models[model].note));
    }
    const sinceMs = parseSince(since, { provider, operation: syncMethodOf[model] });
    if (options.pageSize !== undefined && (!Number.isInteger(options.pageSize) || options.pageSize < 1)) {
      throw inputError('pageSize', 'must be a positive integer', { provider, operation: syncMethodOf[model] });
    }
    const pageSize = Math.min(options.pageSize ?? capabilities.page_size, capabilities.page_size);
    // Each page carries the clock of the responses it came from, set by the stream (decision 0012).
    const stream = reader(sinceMs, { signal: options.signal, pageSize, filters });
    return filters ? filterStream(stream, filters) : stream;
  };

  // The shared behaviour around some actions (attachment forms, candidate details, exact email
  // matches, the pushCandidate orchestrator) wraps the provider's implementation.
  const implementations = wrapActions(parts, () => connector);

  const action = <K extends ActionName>(name: K): ConnectorActions[K] => {
    const implementation = implementations[name] as ((input: unknown, options: ActionOptions) => Promise<unknown>) | undefined;
    return (async (input: unknown, options: ActionOptions = {}) => {
      if (!implementation || !capabilities.actions[name].supported) throw unsupported(name, capabilities.actions[name].note);
      const parsed = actionSchemas[name].safeParse(input);
      if (!parsed.success) throw inputSchemaError(actionSchemas[name], parsed.error, { provider, operation: name });
      checkInputIds(parts.ids, parsed.data, name);
      // Attachment bytes in any accepted form (Buffer, Blob, stream...) are read here, under the
      // size cap, so every connector gets plain bytes.
      const prepared = await withAttachmentBytes(parsed.data, client.maxAttachmentBytes, { provider, operation: name, signal: options.signal });
      return implementation(prepared, options);
    }) as ConnectorActions[K];
  };

  const getter = <T>(name: string, get: ((id: string, options: ActionOptions) => Promise<T>) | undefined) =>
    async (id: string, options: ActionOptions = {}): Promise<T> => {
      if (!get) throw unsupported(name);
      return get(id, options);
    };

  const connector: Connector = {
    provider,
    capabilities,
    get requestCount() {
      return client.requestCount;
    },
    syncModel,
    syncRoles: (since, options) => syncModel('roles', since, options),
    syncUsers: (since, options) => syncModel('users', since, options),
    syncJobs: (since, options) => syncModel('jobs', since, options),
    syncJobPostings: (since, options) => syncModel('job_postings', since, options),
    syncApplicationStages: (since, options) => syncModel('application_stages', since, options),
    syncJobStages: (since, options) => syncModel('job_stages', since, options),
    syncHiringTeam: (since, options) => syncModel('hiring_team', since, options),
    syncCandidates: (since, options) => syncModel('candidates', since, options),
    syncApplications: (since, options) => syncModel('applications', since, options),
    syncOffers: (since, options) => syncModel('offers', since, options),
    syncInterviews: (since, options) => syncModel('interviews', since, options),
    syncInterviewers: (since, options) => syncModel('interviewers', since, options),
    syncTags: (since, options) => syncModel('tags', since, options),
    syncRejectionReasons: (since, options) => syncModel('rejection_reasons', since, options),
    getJob: getter('getJob', parts.getJob),
    getCandidate: getter('getCandidate', parts.getCandidate),
    getApplication: getter('getApplication', parts.getApplication),
    moveApplicationToStage: action('moveApplicationToStage'),
    rejectApplication: action('rejectApplication'),
    addResultLinkToApplication: action('addResultLinkToApplication'),
    addResultLinkToCandidate: action('addResultLinkToCandidate'),
    addNoteToApplication: action('addNoteToApplication'),
    addNoteToCandidate: action('addNoteToCandidate'),
    addAttachmentToApplication: action('addAttachmentToApplication'),
    addAttachmentToCandidate: action('addAttachmentToCandidate'),
    getCandidateAttachments: action('getCandidateAttachments'),
    addTagToCandidate: action('addTagToCandidate'),
    removeTagFromCandidate: action('removeTagFromCandidate'),
    createCandidate: action('createCandidate'),
    createApplication: action('createApplication'),
    findCandidatesByEmail: action('findCandidatesByEmail'),
    pushCandidate: action('pushCandidate'),
    getApplicationAttachments: action('getApplicationAttachments'),
    checkConnection: (options = {}) =>
      checkConnection(
        {
          client,
          request: parts.checkRequest,
          apiRoot: parts.apiRoot,
          requestModels: parts.checkModels,
          forbiddenMeans: parts.forbiddenMeans ?? 'missing_permissions',
          probes: parts.permissionProbes ?? [],
          invalidCredentialsHint: parts.invalidCredentialsHint,
          permissionHint: parts.permissionHint,
          reads: (model) => Boolean(parts.models[model]) && capabilities.models[model].read,
        },
        options.signal,
      ),
    passthrough: async (request: PassthroughRequest) => {
      const response = await client.request({
        method: request.method,
        path: request.path,
        query: request.query,
        json: request.body,
        operation: `passthrough ${request.method} ${request.path}`,
        signal: request.signal,
        idempotent: request.method === 'PUT' || request.method === 'DELETE',
      });
      return { status: response.status, headers: response.headers, body: response.body };
    },
    close: () => client.close(),
  };
  Object.defineProperty(connector, inspect.custom, {
    enumerable: false,
    value: () => `Connector { provider: '${provider}' }`,
  });
  return connector;
}

/** `since` in epoch ms (null = everything); an empty or unparseable value is the caller's error, never a full read. */
function parseSince(since: Since, context: { provider: string; operation: string }): number | null {
  if (typeof since === 'string' && since.trim() === '') {
    throw inputError('since', 'must be a Date or an ISO 8601 string; leave it out (undefined) to read everything', context);
  }
  try {
    return sinceToMs(since);
  } catch {
    throw inputError('since', 'must be a valid Date or an ISO 8601 string (2026-01-31T00:00:00Z)', context);
  }
}
