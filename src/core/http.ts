/**
 * The HTTP transport every connector uses: undici with one pooled Agent per connector, our
 * timeouts and response-size cap, no redirects, auth and version headers from the descriptor,
 * content-type checked before JSON parsing, retries with our policy, and the rate limiter.
 * Connectors classify; this file retries and throttles, once, in one place.
 */
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import pRetry, { AbortError as PRetryAbort } from 'p-retry';
import { Agent, errors as undiciErrors, request as undiciRequest, type Dispatcher } from 'undici';
import {
  AmbiguousWriteError,
  AtsError,
  ParseError,
  ProviderError,
  ProviderUnavailableError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
  TransportError,
  UnexpectedResponseError,
  ConfigError,
} from './errors.js';
import type { Logger } from './logger.js';
import { credentialFingerprint, defaultLimiterFactory, type Limiter, type LimiterFactory, type RateLimitOptions } from './rate-limit.js';
import { redactUrl } from './redact.js';
import { errorFromResponse } from './response-errors.js';
import { resolveRetryOptions, retryDelay, RetryBudget, type RetryOptions } from './retry-policy.js';
import { sleep } from './sleep.js';

/** Timeouts in ms; a number sets headers and body timeouts at once. */
export interface TimeoutOptions {
  /** TCP/TLS connect (default 10,000). */
  connectMs?: number;
  /** From request sent to response headers (default 30,000). */
  headersMs?: number;
  /** Longest silence between two body chunks (default 30,000). */
  bodyMs?: number;
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
  /** An undici dispatcher to use instead of the connector's own pooled Agent. */
  dispatcher?: Dispatcher;
  /** Largest response body accepted, in bytes (default 20 MB). */
  maxResponseBytes?: number;
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
  /** `json` (default), `text`, `none` (body discarded) or `stream` (attachments). */
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
}

const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/** Network failures where the request never left: safe to retry even for a write. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/** The transport of one connector instance. */
export class HttpClient {
  readonly provider: string;
  private readonly options: HttpClientOptions;
  private readonly base: URL;
  private readonly agent: Dispatcher;
  private readonly ownsAgent: boolean;
  private readonly limiter: Limiter;
  private readonly retry: ReturnType<typeof resolveRetryOptions>;
  private readonly budget: RetryBudget;
  private readonly timeouts: Required<TimeoutOptions>;
  private readonly now: () => number;
  /** Requests sent so far (every attempt counts). */
  requestCount = 0;
  /**
   * The provider's clock (`Date` header) of the latest response, as a UTC ISO string, or null
   * before any response: pages of streams built without `listStream` take their `serverTime` from it.
   */
  lastServerTime: string | null = null;

  constructor(options: HttpClientOptions) {
    this.provider = options.provider;
    this.options = options;
    this.now = options.now ?? Date.now;
    this.base = parseBaseUrl(options.baseUrl, options.provider);
    this.timeouts = resolveTimeouts(options.timeoutMs);
    this.retry = resolveRetryOptions(options.retry);
    this.budget = new RetryBudget(this.retry.budget);
    this.limiter = (options.limiter ?? defaultLimiterFactory)({
      provider: options.provider,
      fingerprint: credentialFingerprint(options.provider, options.secrets),
      baseUrl: redactUrl(this.base.toString(), options.secrets),
      rateLimit: options.rateLimit ?? false,
      now: this.now,
    });
    this.ownsAgent = !options.dispatcher;
    this.agent =
      options.dispatcher ??
      new Agent({
        connections: 8,
        keepAliveTimeout: 10_000,
        connect: { timeout: this.timeouts.connectMs, ...(options.tls?.ca ? { ca: options.tls.ca } : {}) },
        headersTimeout: this.timeouts.headersMs,
        bodyTimeout: this.timeouts.bodyMs,
      });
    // Keep credentials out of util.inspect(client) and JSON.stringify(client).
    Object.defineProperty(this, 'options', { enumerable: false });
  }

  /** Sends a request with retries, throttling and typed errors. */
  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const isWrite = req.method !== 'GET';
    const retryable = !isWrite || req.idempotent === true;
    const operationId = req.operationId ?? (isWrite ? randomUUID() : '');
    let attempts = 0;
    let lastError: unknown;
    const started = performance.now();
    const run = async (): Promise<HttpResponse<T>> => {
      attempts += 1;
      try {
        return await this.limiter.schedule(
          isWrite ? 'write' : 'read',
          async () => {
            await this.waitOutPause(req, started);
            return this.once<T>(req, isWrite && !retryable, operationId);
          },
          req.signal,
        );
      } catch (error) {
        lastError = error;
        if (req.signal?.aborted) throw new PRetryAbort(asError(req.signal.reason));
        throw error;
      }
    };
    try {
      const response = await pRetry(run, {
        retries: retryable ? this.retry.maxRetries : 0,
        // The waits are ours (shouldRetry sleeps); p-retry's own are switched off.
        minTimeout: 0,
        maxTimeout: 0,
        factor: 1,
        randomize: false,
        maxRetryTime: this.retry.maxRetryTimeMs,
        signal: req.signal,
        shouldRetry: async ({ error, retriesConsumed }) => this.beforeRetry(error, retriesConsumed + 1, req, started),
      });
      if (attempts === 1) this.budget.refund();
      return response;
    } catch (error) {
      if (req.signal?.aborted) throw req.signal.reason;
      throw this.finalError(error ?? lastError, attempts, req);
    }
  }

  /** Decides whether to retry, and sleeps the policy's delay when it does. */
  private async beforeRetry(error: unknown, retryNumber: number, req: HttpRequest, started: number): Promise<boolean> {
    if (!(error instanceof AtsError) || !error.retryable) return false;
    const delay = retryDelay(error, retryNumber, this.retry);
    if (error instanceof RateLimitError && delay > this.retry.maxRetryAfterMs) return false;
    // p-retry checks maxRetryTime before this hook, so before our sleep: a wait that would end
    // past the deadline is not started, and the whole call stays within maxRetryTime (T5).
    if (performance.now() - started + delay > this.retry.maxRetryTimeMs) return false;
    if (!this.budget.take(error)) {
      this.log('warn', 'retry budget exhausted; failing fast', { operation: req.operation });
      return false;
    }
    if (error instanceof RateLimitError) this.limiter.pauseFor(delay);
    this.log('debug', 'retrying', { operation: req.operation, retry: retryNumber, delayMs: delay, error: error.name });
    await sleep(delay, req.signal);
    return true;
  }

  /**
   * Waits out a pause the limiter holds (a `Remaining: 0` header, a 429 elsewhere) when the retry
   * budget allows the wait; otherwise fails now with `RateLimitError` and the wait left.
   */
  private async waitOutPause(req: HttpRequest, started: number): Promise<void> {
    // Bounded: another response may push the pause further while this one waits.
    for (let round = 0; round < 10; round += 1) {
      const wait = await this.limiter.pauseRemainingMs();
      if (wait <= 0) return;
      const refusal = this.refuseWait(wait, started);
      if (refusal) {
        throw new RateLimitError(
          `${this.provider} rate limit: requests are paused for ${Math.ceil(wait / 1000)} s, ${refusal}, for ${req.method} ${req.path}`,
          { provider: this.provider, operation: req.operation, secrets: this.options.secrets, retryAfterMs: wait },
        );
      }
      await sleep(wait, req.signal);
    }
  }

  /** Why a wait of `ms` is not allowed by the retry options (null when it is). */
  private refuseWait(ms: number, started: number): string | null {
    if (this.retry.maxRetries === 0) return 'and retry.maxRetries is 0';
    if (ms > this.retry.maxRetryAfterMs) return `longer than retry.maxRetryAfterMs (${this.retry.maxRetryAfterMs} ms)`;
    if (performance.now() - started + ms > this.retry.maxRetryTimeMs) return `past retry.maxRetryTimeMs (${this.retry.maxRetryTimeMs} ms)`;
    return null;
  }

  /** The error the caller sees once retries are over. */
  private finalError(error: unknown, attempts: number, req: HttpRequest): unknown {
    if (error instanceof ProviderError && error.status !== null && error.status >= 500 && attempts > 1) {
      return new ProviderUnavailableError(
        `${this.provider} still failing after ${attempts} attempts (last status ${error.status}) for ${req.method} ${req.path}`,
        {
          provider: this.provider,
          operation: req.operation,
          secrets: this.options.secrets,
          status: error.status,
          url: error.url ?? undefined,
          requestId: error.requestId,
          attempts,
          cause: error,
        },
      );
    }
    return error;
  }

  /** One attempt. */
  private async once<T>(req: HttpRequest, ambiguousIfUnanswered: boolean, operationId: string): Promise<HttpResponse<T>> {
    const url = this.buildUrl(req);
    const headers: Record<string, string> = { ...this.options.headers, ...req.headers };
    let body: string | Uint8Array | undefined = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = this.options.jsonContentType ?? 'application/json';
    }
    const started = this.now();
    this.requestCount += 1;
    const timer = new AttemptTimer(req.signal);
    let response: Dispatcher.ResponseData;
    try {
      timer.arm(this.timeouts.headersMs, () => new undiciErrors.HeadersTimeoutError());
      response = await undiciRequest(url, {
        dispatcher: this.agent,
        method: req.method,
        headers,
        body,
        signal: timer.signal,
        headersTimeout: this.timeouts.headersMs,
        bodyTimeout: this.timeouts.bodyMs,
      });
    } catch (error) {
      timer.dispose();
      if (req.signal?.aborted) throw req.signal.reason;
      throw this.transportError(error, req, url, ambiguousIfUnanswered, operationId);
    }
    const responseHeaders = flattenHeaders(response.headers);
    this.limiter.observe(responseHeaders);
    const served = responseHeaders.date === undefined ? Number.NaN : Date.parse(responseHeaders.date);
    if (!Number.isNaN(served)) this.lastServerTime = new Date(served).toISOString();
    const requestId = responseHeaders[this.options.requestIdHeader ?? 'x-request-id'] ?? null;
    if (req.responseType === 'stream' && response.statusCode < 300) {
      // The caller reads the stream: undici's body timeout guards it from here, and the caller's
      // signal must still reach it, so the link to it lives until the stream closes.
      timer.disarm();
      response.body.once('close', () => timer.dispose());
      return { status: response.statusCode, headers: responseHeaders, body: response.body as T, requestId, url };
    }
    let raw: Buffer;
    try {
      raw = await this.readBody(response, req, url, requestId, timer);
    } finally {
      timer.dispose();
    }
    this.log('debug', 'response', {
      operation: req.operation,
      method: req.method,
      url: redactUrl(url, this.options.secrets),
      status: response.statusCode,
      ms: this.now() - started,
    });
    const text = decodeText(raw);
    if (response.statusCode >= 300) {
      throw errorFromResponse({
        provider: this.provider,
        operation: req.operation,
        method: req.method,
        url,
        status: response.statusCode,
        headers: responseHeaders,
        body: text,
        requestId,
        secrets: this.options.secrets,
        now: this.now,
      });
    }
    const result: HttpResponse<T> = {
      status: response.statusCode,
      headers: responseHeaders,
      body: this.decodeBody(text, req, url, responseHeaders, requestId, response.statusCode) as T,
      requestId,
      url,
    };
    const classified = this.options.classify?.(result, req.operation);
    if (classified) throw classified;
    return result;
  }

  private decodeBody(
    text: string,
    req: HttpRequest,
    url: string,
    headers: Record<string, string>,
    requestId: string | null,
    status: number,
  ): unknown {
    const type = req.responseType ?? 'json';
    if (type === 'none') return null;
    if (type === 'text') return text;
    if (text.trim() === '' && (status === 204 || req.method !== 'GET')) return null;
    const contentType = headers['content-type'] ?? null;
    const base = {
      provider: this.provider,
      operation: req.operation,
      secrets: this.options.secrets,
      status,
      url,
      requestId,
      body: text,
    };
    if (!contentType || !/[/+]json\b/i.test(contentType)) {
      throw new UnexpectedResponseError(
        `${this.provider} answered ${status} with ${contentType ?? 'no content type'} instead of JSON for ${req.method} ${req.path}`,
        { ...base, contentType },
      );
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ParseError(
        `${this.provider} sent invalid JSON for ${req.method} ${req.path} (request id ${requestId ?? 'none'})`,
        { ...base, retryable: true, cause: error },
      );
    }
  }

  /** Reads the body up to the size cap; a declared or actual size over the cap aborts early. */
  private async readBody(
    response: Dispatcher.ResponseData,
    req: HttpRequest,
    url: string,
    requestId: string | null,
    timer: AttemptTimer,
  ): Promise<Buffer> {
    const limit = this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    const tooLarge = () => {
      response.body.destroy();
      return new ResponseTooLargeError(
        `${this.provider} response for ${req.method} ${req.path} is larger than ${limit} bytes`,
        { provider: this.provider, operation: req.operation, secrets: this.options.secrets, status: response.statusCode, url, requestId, limitBytes: limit },
      );
    };
    const declared = Number(flattenHeaders(response.headers)['content-length']);
    if (Number.isFinite(declared) && declared > limit) throw tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    // The idle timeout between chunks (phase 'body'), restarted by every chunk.
    timer.arm(this.timeouts.bodyMs, () => new undiciErrors.BodyTimeoutError());
    try {
      for await (const chunk of response.body) {
        timer.refresh();
        size += (chunk as Buffer).length;
        if (size > limit) throw tooLarge();
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      if (error instanceof ResponseTooLargeError) throw error;
      if (req.signal?.aborted) throw req.signal.reason;
      throw this.transportError(error, req, url, false, '');
    }
    return Buffer.concat(chunks, size);
  }

  /** Maps a socket-level failure to a typed, redacted error. */
  private transportError(
    error: unknown,
    req: HttpRequest,
    url: string,
    ambiguousIfUnanswered: boolean,
    operationId: string,
  ): AtsError {
    const code = (error as { code?: string })?.code ?? null;
    const base = { provider: this.provider, operation: req.operation, secrets: this.options.secrets, cause: error };
    const where = `${req.method} ${redactUrl(url, this.options.secrets)}`;
    if (ambiguousIfUnanswered && !(code && NOT_SENT_CODES.has(code))) {
      return new AmbiguousWriteError(
        `${this.provider} did not answer ${where} (${code ?? 'connection lost'}); the write may or may not have happened. Look it up before trying again (operation ${operationId}).`,
        { ...base, operationId },
      );
    }
    if (code === 'UND_ERR_HEADERS_TIMEOUT') return new TimeoutError(`Timed out waiting for headers from ${where}`, { ...base, phase: 'headers' });
    if (code === 'UND_ERR_BODY_TIMEOUT') return new TimeoutError(`Timed out reading the body of ${where}`, { ...base, phase: 'body' });
    if (code === 'UND_ERR_CONNECT_TIMEOUT') return new TimeoutError(`Timed out connecting for ${where}`, { ...base, phase: 'connect' });
    if (code === 'UND_ERR_INVALID_ARG') return new ConfigError(`Invalid request for ${where}`, base);
    return new TransportError(`Connection failed for ${where} (${code ?? asError(error).message})`, { ...base, code });
  }

  /** Resolves a path (or a same-origin absolute URL) plus query against the base URL. */
  buildUrl(req: Pick<HttpRequest, 'path' | 'query' | 'operation'>): string {
    let url: URL;
    if (/^https?:\/\//i.test(req.path)) {
      url = new URL(req.path);
      // Never send credentials to another host, whatever a provider's `next` link says.
      if (url.origin !== this.base.origin) {
        throw new ConfigError(`Refusing to follow a link to another origin (${url.origin})`, {
          provider: this.provider,
          operation: req.operation,
          secrets: this.options.secrets,
        });
      }
    } else {
      const prefix = this.base.pathname.replace(/\/+$/, '');
      url = new URL(this.base.origin + prefix + (req.path.startsWith('/') ? req.path : `/${req.path}`));
    }
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
      else url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /** Closes the pooled connections and the limiter's timers. */
  async close(): Promise<void> {
    await this.limiter.stop();
    if (this.ownsAgent) await this.agent.close();
  }

  private log(level: keyof Logger, message: string, fields: Record<string, unknown>): void {
    this.options.logger?.[level]?.(message, { provider: this.provider, ...fields });
  }

  /** util.inspect shows the provider and base URL, never headers or secrets. */
  [inspect.custom](): string {
    return `HttpClient { provider: '${this.provider}', baseUrl: '${redactUrl(this.base.toString(), this.options.secrets)}' }`;
  }
}

/**
 * The timeouts of one attempt, on native timers. undici checks `headersTimeout` and `bodyTimeout`
 * on a coarse ~500 ms tick, so a 200 ms timeout fired anywhere up to ~1 s late (T10); this timer
 * aborts the attempt on time with undici's own timeout error, which `transportError` maps to
 * `TimeoutError`. undici's options stay set as a backstop. The caller's signal is linked in, so
 * it still cancels the attempt.
 */
class AttemptTimer {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly onParentAbort: () => void;

  constructor(private readonly parent: AbortSignal | undefined) {
    this.onParentAbort = () => this.controller.abort(parent?.reason);
    if (parent?.aborted) this.controller.abort(parent.reason);
    else parent?.addEventListener('abort', this.onParentAbort, { once: true });
  }

  /** The signal handed to undici. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Aborts the attempt with `error()` after `ms`, unless disarmed or re-armed first. */
  arm(ms: number, error: () => Error): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(error()), ms);
  }

  /** Restarts the running countdown (a body chunk arrived). */
  refresh(): void {
    this.timer?.refresh();
  }

  disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disarm();
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }
}

function parseBaseUrl(value: string, provider: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    if (url.username || url.password) throw new Error('userinfo');
    return url;
  } catch {
    throw new ConfigError(`baseUrl must be an absolute http(s) URL without credentials: ${redactUrl(value)}`, {
      provider,
      operation: 'createConnector',
    });
  }
}

function resolveTimeouts(value: number | TimeoutOptions | undefined): Required<TimeoutOptions> {
  if (typeof value === 'number') return { connectMs: Math.min(value, 10_000), headersMs: value, bodyMs: value };
  return { connectMs: value?.connectMs ?? 10_000, headersMs: value?.headersMs ?? 30_000, bodyMs: value?.bodyMs ?? 30_000 };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** UTF-8 with the BOM stripped and invalid bytes as U+FFFD, the same way every time (B10). */
function decodeText(raw: Buffer): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(raw);
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
