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
}

/** A provider's fake API. */
export interface SandboxProvider {
  /** The provider name (`'teamtailor'`). */
  name: string;
  /** Path prefix of the documented base URL (`/v1`), so `baseUrl` works as the connector's `baseUrl`. */
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
   * Edits the `index`-th candidate the way a recruiter would (a changed name), so the demo and
   * tests can change data without knowing the provider's storage. Returns the candidate's remote id.
   */
  editCandidate?(context: SandboxContext, index: number): string;
  /** Connector options that depend on the sandbox's address (a second host served by it, say). */
  connectorOptions?(baseUrl: string): Record<string, string>;
  /** The provider's webhooks (payload shapes and signing), when it has any. */
  webhooks?: SandboxWebhookShapes;
  /**
   * Moves an application to a stage like a recruiter would (provider ids: the application's and
   * the stage's `remote_id`). Throws when either does not exist or the stage is not the job's.
   */
  moveApplication?(context: SandboxContext, applicationId: string, stageId: string): void;
  /** Deletes a candidate (and what the provider deletes with it). Throws when it does not exist. */
  deleteCandidate?(context: SandboxContext, candidateId: string): void;
  /** Removes a candidate (the provider's kind of deletion); `deleteCandidate` when left out. */
  removeCandidate?(context: SandboxContext, candidateId: string): void;
  /** Edits the `index`-th job like a recruiter would (a changed name). Returns the job's remote id. */
  editJob?(context: SandboxContext, index: number): string;
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
