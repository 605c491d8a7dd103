/**
 * The shapes the transport takes and gives: its options, one request, one response.
 * @module
 */
import type { Dispatcher } from 'undici';
import type { AtsError } from './errors.js';
import type { Logger } from './logger.js';
import type { DownloadOptions } from './download.js';
import type { LimiterFactory, RateLimitOptions } from './rate-limit.js';
import type { RetryOptions } from './retry-policy.js';

/** Timeouts in ms; a number sets the headers and body timeouts at once. */
export interface TimeoutOptions {
  /** TCP/TLS connect (default 10,000). */
  connectMs?: number;
  /** From request sent to response headers (default 30,000). */
  headersMs?: number;
  /** Longest silence between two body chunks (default 30,000). */
  bodyMs?: number;
  /**
   * Overall deadline of one attempt, from connecting to the last body byte (default 60,000): a
   * body trickled a byte at a time never goes silent long enough for `bodyMs`, so this bounds it.
   * Retries each get their own; `retry.maxRetryTimeMs` bounds the whole call. Attachment downloads
   * use `downloads.totalMs` instead.
   */
  totalMs?: number;
}

/** Settings of one transport (one connector instance, one credential). */
export interface HttpClientOptions {
  /** The provider, for errors and logs. */
  provider: string;
  /** Base URL including its path prefix; request paths are appended to it. */
  baseUrl: string;
  /** Headers sent on every request (auth, API version, accept). */
  headers: Record<string, string>;
  /** Every credential value, so errors and logs can scrub them. */
  secrets: readonly string[];
  /** Content type for JSON bodies (default `application/json`). */
  jsonContentType?: string;
  /** Response header carrying the provider's request id. */
  requestIdHeader?: string;
  /** Timeouts; a number sets headers and body timeouts. */
  timeoutMs?: number | TimeoutOptions;
  /** Retry policy overrides. */
  retry?: RetryOptions;
  /** The client-side budget, or `false` for none. */
  rateLimit?: RateLimitOptions | false;
  /** Builds the rate limiter (default: the in-memory `RateLimiter`); a fleet shares one per credential. */
  limiter?: LimiterFactory;
  /** Structured logger. */
  logger?: Logger;
  /** An undici dispatcher to use instead of the connector's own pooled Agent (API calls only). */
  dispatcher?: Dispatcher;
  /** Largest response body accepted, in bytes (default 20 MB). */
  maxResponseBytes?: number;
  /** How attachment files are downloaded: size cap, deadline, which networks they may come from. */
  downloads?: DownloadOptions;
  /** TLS settings (a private CA for a self-hosted or test server). */
  tls?: { ca?: string | Buffer };
  /** Provider-specific classification of a response that the status alone does not explain. */
  classify?: (response: HttpResponse, operation: string) => AtsError | undefined;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** One request. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path appended to the base URL, or an absolute URL on the base URL's origin (`links.next`). */
  path: string;
  /** Query parameters; arrays repeat the key, undefined and null are left out. */
  query?: Record<string, string | number | boolean | null | undefined | readonly string[]>;
  /** A JSON body. */
  json?: unknown;
  /** A raw body, with its content type in `headers`. */
  body?: string | Uint8Array;
  /** Extra headers for this request. */
  headers?: Record<string, string>;
  /** Names the call in errors and logs (`'syncCandidates'`). */
  operation: string;
  /** For writes: safe to retry because repeating it has the same effect ("set stage to X"). */
  idempotent?: boolean;
  /** For writes: the id of this logical operation, reported in `AmbiguousWriteError`. */
  operationId?: string;
  /**
   * `json` (default), `text`, `none` (body discarded) or `stream`: a file, read by the caller
   * under the download size cap, idle timeout and deadline (`downloads`).
   */
  responseType?: 'json' | 'text' | 'none' | 'stream';
  /** Cancels the request, its retries and its backoff sleeps. */
  signal?: AbortSignal;
}

/** A response, with the body decoded as asked. */
export interface HttpResponse<T = unknown> {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: T;
  /** The provider's request id, when it sent one. */
  requestId: string | null;
  /** The request URL (with credentials, for internal use only: never log it unredacted). */
  url: string;
  /**
   * The provider's clock when it served this response (its `Date` header) as a UTC ISO string,
   * or null when it sent none. Pages take their `serverTime` from here.
   */
  serverTime: string | null;
}
