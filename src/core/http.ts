/**
 * The HTTP transport every connector uses: undici with one pooled Agent per connector, our
 * timeouts and response-size cap, no redirects, auth and version headers from the descriptor,
 * content-type checked before JSON parsing, retries with our policy, and the rate limiter.
 * Connectors classify; this file retries and throttles, once, in one place.
 */
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { Agent, errors as undiciErrors, request as undiciRequest, type Dispatcher } from 'undici';
import { AttemptTimer } from './attempt-timer.js';
import { DEFAULT_DOWNLOAD_MAX_BYTES, DEFAULT_DOWNLOAD_TOTAL_MS, downloadUrl, readCapped } from './download.js';
import { AtsError, ConfigError, ProviderError, ProviderUnavailableError, RateLimitError } from './errors.js';
import { flattenHeaders } from './headers.js';
import { DEFAULT_MAX_RESPONSE_BYTES, parseBaseUrl, resolveTimeouts } from './http-settings.js';
import type { HttpClientOptions, HttpRequest, HttpResponse, TimeoutOptions } from './http-types.js';
import type { Logger } from './logger.js';
import { guardedConnector, networkPolicy } from './network-guard.js';
import { credentialFingerprint, defaultLimiterFactory, type Limiter } from './rate-limit.js';
import { redactUrl } from './redact.js';
import { decodeBody, decodeText, readBody, type BodyContext } from './response-body.js';
import { errorFromResponse } from './response-errors.js';
import { resolveRetryOptions, retryDelay, RetryBudget } from './retry-policy.js';
import { serverTimeOf } from './server-time.js';
import { sleep } from './sleep.js';
import { socketError } from './socket-errors.js';

export type { HttpClientOptions, HttpRequest, HttpResponse, TimeoutOptions } from './http-types.js';

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
  private readonly downloads: { maxBytes: number; totalMs: number };
  private downloadAgent: Agent | null = null;
  private readonly now: () => number;
  /** Requests sent so far (every attempt counts): a counter, nothing else. */
  requestCount = 0;

  constructor(options: HttpClientOptions) {
    this.provider = options.provider;
    this.options = options;
    this.now = options.now ?? Date.now;
    this.base = parseBaseUrl(options.baseUrl, options.provider);
    this.timeouts = resolveTimeouts(options.timeoutMs);
    this.retry = resolveRetryOptions(options.retry);
    this.budget = new RetryBudget(this.retry.budget);
    this.downloads = {
      maxBytes: options.downloads?.maxBytes ?? DEFAULT_DOWNLOAD_MAX_BYTES,
      totalMs: options.downloads?.totalMs ?? DEFAULT_DOWNLOAD_TOTAL_MS,
    };
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

  /** The largest attachment accepted, in bytes (`downloads.maxBytes`): downloads and uploads. */
  get maxAttachmentBytes(): number {
    return this.downloads.maxBytes;
  }

  /**
   * Sends a request with retries, throttling and typed errors. The loop is ours rather than
   * p-retry's: every wait depends on the failure (a `Retry-After`, the jittered backoff) and must
   * pass the same budget as the limiter's pauses first (see docs/decisions).
   */
  async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const isWrite = req.method !== 'GET';
    const retryable = !isWrite || req.idempotent === true;
    const operationId = req.operationId ?? (isWrite ? randomUUID() : '');
    const maxAttempts = retryable ? this.retry.maxRetries + 1 : 1;
    const started = performance.now();
    // Bounded: at most maxRetries + 1 attempts, each bounded by its timeouts and deadline.
    for (let attempt = 1; ; attempt += 1) {
      let failure: unknown;
      try {
        const response = await this.limiter.schedule(
          isWrite ? 'write' : 'read',
          async () => {
            // Most requests meet no pause: only then is there something to wait out.
            const pause = this.limiter.pauseRemainingMs();
            if (typeof pause !== 'number' || pause > 0) await this.waitOutPause(req, started);
            return this.once<T>(req, isWrite && !retryable, operationId);
          },
          req.signal,
        );
        if (attempt === 1) this.budget.refund();
        return response;
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason;
        failure = error;
      }
      const delay = attempt < maxAttempts ? this.retryDelayFor(failure, attempt, req, started) : null;
      if (delay === null) throw this.finalError(failure, attempt, req);
      // A 429 pauses every request of this credential, not only this one.
      if (failure instanceof RateLimitError) this.limiter.pauseFor(delay);
      this.log('debug', 'retrying', { operation: req.operation, retry: attempt, delayMs: delay, error: (failure as Error).name });
      await sleep(delay, req.signal);
    }
  }

  /** The wait before retrying after `error`, or null when it must not be retried. */
  private retryDelayFor(error: unknown, retryNumber: number, req: HttpRequest, started: number): number | null {
    if (!(error instanceof AtsError) || !error.retryable) return null;
    const delay = retryDelay(error, retryNumber, this.retry);
    if (this.refuseWait(delay, started, error instanceof RateLimitError)) return null;
    if (!this.budget.take(error)) {
      this.log('warn', 'retry budget exhausted; failing fast', { operation: req.operation });
      return null;
    }
    return delay;
  }

  /**
   * Waits out a pause the limiter holds (a `Remaining: 0` header, a 429 elsewhere) when the retry
   * options allow the wait; otherwise fails now with `RateLimitError` and the wait left, so a
   * scheduler can come back later instead of the process sleeping for minutes.
   */
  private async waitOutPause(req: HttpRequest, started: number): Promise<void> {
    // Bounded: another response may push the pause further while this one waits.
    for (let round = 0; round < 10; round += 1) {
      // A local limiter answers synchronously: no await (and no microtask) on the common path.
      const remaining = this.limiter.pauseRemainingMs();
      const wait = typeof remaining === 'number' ? remaining : await remaining;
      if (wait <= 0) return;
      const refusal = this.refuseWait(wait, started, true);
      if (refusal) {
        throw new RateLimitError(
          `${this.provider} rate limit: requests are paused for ${Math.ceil(wait / 1000)} s, ${refusal}, for ${req.method} ${req.path}`,
          { provider: this.provider, operation: req.operation, secrets: this.options.secrets, retryAfterMs: wait },
        );
      }
      await sleep(wait, req.signal);
    }
  }

  /**
   * Why a wait of `ms` is not allowed (null when it is). Every wait the transport decides on goes
   * through here: a rate-limit wait (a pause or a `Retry-After`) must fit `maxRetryAfterMs` and
   * needs `maxRetries` above 0; any wait must end within `maxRetryTimeMs` of the call's start.
   */
  private refuseWait(ms: number, started: number, rateLimit: boolean): string | null {
    if (rateLimit && this.retry.maxRetries === 0) return 'and retry.maxRetries is 0';
    if (rateLimit && ms > this.retry.maxRetryAfterMs) return `longer than retry.maxRetryAfterMs (${this.retry.maxRetryAfterMs} ms)`;
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
          url: error.url,
          requestId: error.requestId,
          headers: error.headers,
          code: error.code,
          body: error.bodyExcerpt,
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
    const stream = req.responseType === 'stream';
    // A file may legitimately take longer than a JSON page: it gets the download deadline.
    const deadlineMs = stream ? this.downloads.totalMs : this.timeouts.totalMs;
    const timer = new AttemptTimer(req.signal);
    timer.startDeadline(deadlineMs);
    const failure = (error: unknown, sent: boolean) =>
      socketError(error, {
        provider: this.provider,
        operation: req.operation,
        secrets: this.options.secrets,
        where: `${req.method} ${redactUrl(url, this.options.secrets)}`,
        deadlineMs,
        ambiguousWrite: ambiguousIfUnanswered && !sent ? { operationId } : null,
        invalidUrl: 'config',
      });
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
      throw failure(error, false);
    }
    const responseHeaders = flattenHeaders(response.headers);
    this.limiter.observe(responseHeaders);
    const serverTime = serverTimeOf(responseHeaders.date);
    const requestId = responseHeaders[this.options.requestIdHeader ?? 'x-request-id'] ?? null;
    if (stream && response.statusCode < 300) {
      // The caller reads the file: the shared download path caps it and keeps the idle timeout,
      // the deadline and the caller's signal on it until it is read or dropped.
      timer.disarm();
      const file = readCapped(response.body, timer, {
        provider: this.provider,
        operation: req.operation,
        secrets: this.options.secrets,
        maxBytes: this.downloads.maxBytes,
        bodyMs: this.timeouts.bodyMs,
        totalMs: deadlineMs,
        url,
        status: response.statusCode,
        headers: responseHeaders,
        signal: req.signal,
      });
      return { status: response.statusCode, headers: responseHeaders, body: file as T, requestId, url, serverTime };
    }
    const context: BodyContext = {
      provider: this.provider,
      operation: req.operation,
      secrets: this.options.secrets,
      method: req.method,
      path: req.path,
      url,
      requestId,
      headers: responseHeaders,
    };
    let raw: Buffer;
    try {
      raw = await readBody(response, this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, this.timeouts.bodyMs, timer, context);
    } catch (error) {
      if (error instanceof AtsError) throw error;
      if (req.signal?.aborted) throw req.signal.reason;
      // The provider answered (headers arrived): a write happened, so the failure is not ambiguous.
      throw failure(error, true);
    } finally {
      timer.dispose();
    }
    // Built only when a debug logger listens: redacting the URL costs a URL parse per request.
    if (this.options.logger?.debug) {
      this.log('debug', 'response', {
        operation: req.operation,
        method: req.method,
        url: redactUrl(url, this.options.secrets),
        status: response.statusCode,
        ms: this.now() - started,
      });
    }
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
      body: decodeBody(text, req.responseType === 'stream' ? 'json' : req.responseType ?? 'json', response.statusCode, context) as T,
      requestId,
      url,
      serverTime,
    };
    const classified = this.options.classify?.(result, req.operation);
    if (classified) throw classified;
    return result;
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

  /**
   * Downloads a short-lived signed file URL (an attachment on a storage host) without credentials,
   * under the `downloads` policy: http(s) only, no private or metadata addresses unless allowed,
   * the size cap, the connector's timeouts and the download deadline.
   */
  download(url: string, options: { operation: string; signal?: AbortSignal }): Promise<AsyncIterable<Uint8Array>> {
    return downloadUrl(url, {
      provider: this.provider,
      operation: options.operation,
      secrets: this.options.secrets,
      maxBytes: this.downloads.maxBytes,
      headersMs: this.timeouts.headersMs,
      bodyMs: this.timeouts.bodyMs,
      totalMs: this.downloads.totalMs,
      dispatcher: this.downloadDispatcher(),
      signal: options.signal,
    });
  }

  /** The agent for signed URLs (created on first use): its sockets only reach allowed addresses. */
  private downloadDispatcher(): Dispatcher {
    this.downloadAgent ??= new Agent({
      connections: 4,
      keepAliveTimeout: 4_000,
      connect: guardedConnector(networkPolicy(this.options.downloads), {
        timeout: this.timeouts.connectMs,
        ...(this.options.tls?.ca ? { ca: this.options.tls.ca } : {}),
      }),
      headersTimeout: this.timeouts.headersMs,
      bodyTimeout: this.timeouts.bodyMs,
    });
    return this.downloadAgent;
  }

  /** Closes the pooled connections and the limiter's timers. */
  async close(): Promise<void> {
    await this.limiter.stop();
    if (this.ownsAgent) await this.agent.close();
    if (this.downloadAgent) await this.downloadAgent.close();
  }

  private log(level: keyof Logger, message: string, fields: Record<string, unknown>): void {
    this.options.logger?.[level]?.(message, { provider: this.provider, ...fields });
  }

  /** util.inspect shows the provider and base URL, never headers or secrets. */
  [inspect.custom](): string {
    return `HttpClient { provider: '${this.provider}', baseUrl: '${redactUrl(this.base.toString(), this.options.secrets)}' }`;
  }
}
