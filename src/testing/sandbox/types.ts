/**
 * The sandbox framework's contracts: what a provider's wire format supplies, and what a test sees.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { SeededRandom } from './random.js';
import type { SandboxStore, StoreChange } from './store.js';

/** A request as the provider's wire format sees it. */
export interface SandboxRequest {
  method: string;
  /** Path without the base prefix and without the query (`/candidates/12`). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, the raw text when it is not JSON, or null. */
  body: unknown;
  /** The sandbox's base URL (for absolute links). */
  baseUrl: string;
}

/** A response from the wire format. */
export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** A JSON-serialisable body, or a string sent as-is, or null for no body. */
  body: unknown;
}

/** Everything a wire format needs to answer. */
export interface SandboxContext {
  store: SandboxStore;
  /** The sandbox clock (ms), always moving forward. */
  now(): number;
  random: SeededRandom;
  /** How the provider's "updated since" filter compares (from `SandboxOptions.updatedSinceFilter`). */
  updatedSinceFilter: 'inclusive' | 'exclusive';
}

/** A provider's fake API. */
export interface SandboxProvider {
  /** The provider name (`'teamtailor'`). */
  name: string;
  /**
   * Path prefix of the documented base URL (`/v1`), so `baseUrl` works as the connector's
   * `baseUrl`. A request whose path lacks it gets {@link notFound}, as a real host answers a
   * `baseUrl` without the prefix. `''` when the provider's base URL has no path.
   */
  basePath: string;
  /** Fills the store with a deterministic dataset of about `records` candidates. */
  seed(context: SandboxContext, records: number): void;
  /** Checks credentials; returns an error response when they are wrong. */
  authenticate(request: SandboxRequest): SandboxResponse | null;
  /** Answers one authenticated request. */
  handle(request: SandboxRequest, context: SandboxContext): SandboxResponse;
  /** The 429 answer, with the provider's headers. */
  rateLimited(retryAfterSeconds: number): SandboxResponse;
  /** Headers describing the remaining budget, added to every answer (provider style). */
  rateLimitHeaders?(limit: number, remaining: number, resetSeconds: number): Record<string, string>;
  /** Credentials that the sandbox accepts, for users' tests and the demo. */
  credentials: Record<string, string>;
  /**
   * Credentials of a key that authenticates but may not read everything a sync needs (a
   * Teamtailor Public-scope key), when the provider's keys have scopes: for testing how code
   * handles `checkConnection()` answering `missing_permissions`.
   */
  restrictedCredentials?: Record<string, string>;
  /**
   * Legacy hook: edits the `index`-th candidate the way a recruiter would (a changed name) and
   * returns its remote id. Superseded by {@link SandboxEditHooks.editCandidate} in `edits`; used
   * only when a provider has no `edits`.
   */
  editCandidate?(context: SandboxContext, index: number): string;
  /** Connector options that depend on the sandbox's address (a second host served by it, say). */
  connectorOptions?(baseUrl: string): Record<string, string>;
  /** The provider's webhooks (payload shapes and signing), when it has any. */
  webhooks?: SandboxWebhookShapes;
  /**
   * Legacy hook: moves an application to a stage (provider ids). Superseded by
   * {@link SandboxEditHooks.moveApplication} in `edits`; used only when a provider has no `edits`.
   */
  moveApplication?(context: SandboxContext, applicationId: string, stageId: string): void;
  /**
   * Legacy hook: deletes a candidate by provider id. Superseded by
   * {@link SandboxEditHooks.removeCandidate} in `edits`; used only when a provider has no `edits`.
   */
  deleteCandidate?(context: SandboxContext, candidateId: string): void;
  /**
   * The typed edits a user's test makes the way a recruiter would (`sandbox.editCandidate`,
   * `editJob`, `moveApplication`, `removeCandidate`), in unified terms, returning remote ids.
   */
  edits?: SandboxEditHooks;
  /**
   * The answer to a request whose path lacks {@link basePath} (a `baseUrl` missing `/v1`): what
   * the real host answers there. Default: a bare 404 with a JSON body.
   */
  notFound?(path: string): SandboxResponse;
}

/**
 * Which record a sandbox edit targets: its remote id (what the unified record's `remote_id`
 * holds, a string), or its 0-based position among the sandbox's records of that kind in seed
 * order (a number), for tests that do not care which one.
 */
export type SandboxRecordRef = string | number;

/**
 * Changes `sandbox.editCandidate` makes, named as the unified `Candidate` names them. Each
 * sandbox writes them where its wire format keeps them. Empty: a visible default edit (`-edited`
 * appended to the first name).
 */
export interface SandboxCandidateEdit {
  /** The new first name. */
  first_name?: string;
  /** The new last name. */
  last_name?: string;
  /** The new primary email address. */
  email?: string;
  /** The new primary phone number. */
  phone?: string;
}

/**
 * Changes `sandbox.editJob` makes, named as the unified `Job` names them. Empty: a visible
 * default edit (` (edited)` appended to the name).
 */
export interface SandboxJobEdit {
  /** The new title. */
  name?: string;
  /** The new unified status, written as the provider's status that maps to it. */
  status?: 'OPEN' | 'CLOSED' | 'DRAFT' | 'ARCHIVED';
}

/**
 * A provider's typed edit hooks. Every hook changes the store the way the provider's UI would
 * (bumping `updated_at`, firing the provider's webhooks when subscribed), throws a plain `Error`
 * when the target does not exist, and returns the remote id of the record it changed: the id the
 * connector puts in that record's `remote_id`.
 */
export interface SandboxEditHooks {
  /** Edits a candidate (`changes` empty: `-edited` appended to the first name). */
  editCandidate(context: SandboxContext, candidate: SandboxRecordRef, changes: SandboxCandidateEdit): string;
  /** Edits a job (`changes` empty: ` (edited)` appended to the name). */
  editJob(context: SandboxContext, job: SandboxRecordRef, changes: SandboxJobEdit): string;
  /**
   * Moves an application (its remote id) to a stage (the stage's remote id); throws when the stage
   * is not one of the application's job. Returns the application's remote id.
   */
  moveApplication(context: SandboxContext, applicationId: string, stageId: string): string;
  /** Deletes a candidate (remote id) and what the provider deletes with it. Returns the remote id. */
  removeCandidate(context: SandboxContext, candidateId: string): string;
}

/** Faults injected into a share of requests (each between 0 and 1). */
export interface SandboxFaults {
  /** Share of requests answered 503. */
  serverErrorRate?: number;
  /** Share of requests whose connection is reset before any answer. */
  resetRate?: number;
  /** Share of answers cut off mid-body. */
  truncateRate?: number;
  /** Share of answers that are an HTML page with status 200. */
  htmlRate?: number;
  /** Delay before every answer, in ms. */
  latencyMs?: number;
  /**
   * Writes (every method but GET) that are carried out at once but answered only after `delayMs`:
   * a client with a shorter timeout sees a timeout after its write landed (the ambiguous write).
   * Applies to the next `count` writes (all of them when `count` is left out).
   */
  slowWriteAnswers?: { delayMs: number; count?: number };
}

/** Options of `startSandbox`. */
export interface SandboxOptions {
  /** About how many candidates to generate (default 50). */
  records?: number;
  /** Seed of the dataset (default 1). */
  seed?: number;
  /** A rolling-window limit the sandbox enforces with 429s. */
  rateLimit?: { requests: number; intervalMs: number };
  /** Faults to inject. */
  faults?: SandboxFaults;
  /** The sandbox clock's start (ms); default 2026-01-01T00:00:00Z. */
  startTime?: number;
  /**
   * How the provider's "updated since" filter compares a record's update time with the bound:
   * `inclusive` (at or after, the default) or `exclusive` (strictly after). Where a provider does
   * not document it, a reader must be right either way: `exclusive` tests that a time keyset steps
   * its bound back. Sandboxes without such a filter ignore it.
   */
  updatedSinceFilter?: 'inclusive' | 'exclusive';
}

/**
 * One request as the sandbox received it (`sandbox.requests`), for asserting exactly what a
 * connector sent, write bodies above all.
 */
export interface SandboxRecordedRequest {
  /** The HTTP method. */
  method: string;
  /** The path without the provider's base prefix and without the query (`/candidates/12`). */
  path: string;
  /** The query parameters. */
  query: URLSearchParams;
  /**
   * The headers, without credentials: `authorization`, `cookie` and any header whose name says
   * key, token, secret or password are left out.
   */
  headers: Record<string, string>;
  /** The parsed JSON body, the raw text when it is not JSON (multipart), or null. */
  body: unknown;
}

/** Counters a test can read. */
export interface SandboxStats {
  requests: number;
  /** Requests by `METHOD /path` (without ids collapsed). */
  byRoute: Map<string, number>;
  rateLimited: number;
  faults: number;
  maxInFlight: number;
  connections: number;
}

/** One payload a change produces. */
export interface SandboxWebhookPayload {
  /** The provider's event name (`job_application.update`, `drag_applicant`). */
  event: string;
  /** The JSON body, exactly as the provider would send it. */
  body: unknown;
  /** The provider id of the record (Teamtailor's legacy signature signs it). */
  recordId: string;
}

/** Options of {@link SandboxWebhooks.subscribe}. */
export interface WebhookSubscribeOptions {
  /** The signature key (Teamtailor) or the URL token (providers that do not sign). */
  secret: string;
  /** The provider event names to send (default: all that {@link SandboxWebhooks.events} lists). */
  events?: readonly string[];
  /** Teamtailor: the signature version (default `v2`). */
  signature?: 'v1' | 'v2';
  /** Providers that do not sign: where the token goes (default `query`, as `?token=`). */
  token?: 'query' | 'header';
}

/** A provider's webhook shapes: which changes it reports, with what body, signed how. */
export interface SandboxWebhookShapes {
  /** Event names the provider sends. */
  events: readonly string[];
  /** The payloads a store change produces (none for a change the provider does not report). */
  fromChange(change: StoreChange, context: SandboxContext): SandboxWebhookPayload[];
  /** The URL and headers of one delivery, signed or tokened the provider's way. */
  sign(delivery: { rawBody: Buffer; url: string; recordId: string; nowMs: number; options: WebhookSubscribeOptions }): { url: string; headers: Record<string, string> };
}
