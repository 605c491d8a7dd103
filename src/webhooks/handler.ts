/**
 * `createWebhookHandler`: a framework-free `node:http` request handler. It reads the raw body with a
 * cap, verifies it, parses it, answers 2xx at once, and hands the events to `onEvents` afterwards,
 * one body at a time in arrival order. A bad request gets its status (401, 400, 413...) and never
 * reaches `onEvents`; an error thrown by `onEvents` goes to `onError` and never crashes the server.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AtsError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { WebhookPayloadError, WebhookVerificationError } from './errors.js';
import { parseWebhook } from './parse.js';
import { readRawBody } from './raw-body.js';
import { createMemoryReplayGuard } from './replay-guard.js';
import { webhookProvider } from './support.js';
import type { VerifiedWebhook, WebhookEvent, WebhookProvider } from './types.js';
import { DEFAULT_MAX_BODY_BYTES, verifyWebhook, type VerifyWebhookOptions } from './verify.js';

/** What `onEvents` gets besides the events. */
export interface WebhookContext {
  /** The provider. */
  provider: WebhookProvider;
  /** The handler's `connectionId`, or null. */
  connectionId: string | null;
  /** How the request was authenticated. */
  verified: VerifiedWebhook;
  /** When the request was accepted (ISO). */
  receivedAt: string;
}

/** Options of {@link createWebhookHandler}. */
export interface WebhookHandlerOptions extends VerifyWebhookOptions {
  /** The provider this endpoint receives webhooks from. */
  provider: string;
  /** The signature key (Teamtailor) or the URL token (Flatchr, Crelate); a list while rotating. */
  secret: string | readonly string[];
  /** Your connection id: copied into every event (`connection_id`) and the context. */
  connectionId?: string;
  /**
   * The provider account this endpoint serves (Teamtailor company uuid, Flatchr company id): an
   * event naming another account is refused with 400.
   */
  accountId?: string;
  /** Receives the events of each accepted request, after the answer was sent, one request at a time. */
  onEvents: (events: WebhookEvent[], context: WebhookContext) => void | Promise<void>;
  /** Receives what `onEvents` threw (default: logged with `logger.error`). */
  onError?: (error: unknown, details: { events: WebhookEvent[]; context: WebhookContext }) => void;
  /** Receives a line per refused request and per `onEvents` failure. */
  logger?: Logger;
  /** Most time to receive a body (default 10 s); slower requests get 408. */
  bodyTimeoutMs?: number;
  /** Most accepted requests waiting for `onEvents` (default 1,000); beyond, requests get 503. */
  maxPending?: number;
}

/** A `node:http` request listener with a way to wait for the events in flight. */
export interface WebhookHandler {
  (request: IncomingMessage, response: ServerResponse): void;
  /** Resolves when every accepted request's `onEvents` has finished. */
  idle(): Promise<void>;
  /** Refuses new requests (503) and resolves when the accepted ones are processed. */
  close(): Promise<void>;
  /** Accepted requests whose `onEvents` has not finished. */
  readonly pending: number;
}

interface Job {
  events: WebhookEvent[];
  context: WebhookContext;
}

/**
 * Creates the handler: `http.createServer(createWebhookHandler({ provider: 'teamtailor', secret,
 * onEvents }))`, or mount it on a route of your server (docs/webhooks.md has Express and Fastify).
 * Throws `UnsupportedError` for Gem and Jarvi (no webhooks) and `ConfigError` for a bad secret.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const provider = webhookProvider(options.provider, 'createWebhookHandler');
  const logger = options.logger ?? silentLogger;
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.bodyTimeoutMs ?? 10_000;
  const maxPending = options.maxPending ?? 1000;
  const now = options.now ?? Date.now;
  const verifyOptions: VerifyWebhookOptions = { ...options, replayGuard: options.replayGuard === undefined ? createMemoryReplayGuard() : options.replayGuard };
  // Fail at start-up, not at the first request, when the secret is unusable.
  checkSecret(provider, options);

  const queue: Job[] = [];
  let running = false;
  let inFlight = 0;
  let closed = false;
  let waiters: (() => void)[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (closed) return answer(response, 503, { error: 'closing' });
    if (request.method !== 'POST') return answer(response, 405, { error: 'method_not_allowed' }, { allow: 'POST' });
    // Checked before reading and verifying, so a refused request is not remembered as seen and the
    // provider (or you) can send it again later.
    if (inFlight >= maxPending) {
      logger.warn?.('webhook refused: too many requests waiting for onEvents', { provider, pending: inFlight });
      return answer(response, 503, { error: 'busy' }, { connection: 'close' });
    }
    try {
      const rawBody = await readRawBody(request, { provider, maxBytes, timeoutMs });
      const verified = verifyWebhook(provider, { headers: request.headers, rawBody, url: request.url }, options.secret, verifyOptions);
      const receivedAt = new Date(now()).toISOString();
      const events = parseWebhook(provider, rawBody, { receivedAt, maxBodyBytes: maxBytes, ...(options.connectionId === undefined ? {} : { connectionId: options.connectionId }) });
      const foreign = options.accountId === undefined ? undefined : events.find((event) => event.account_id !== null && event.account_id !== options.accountId);
      if (foreign) throw new WebhookPayloadError('The event names another provider account than this endpoint serves.', { provider, reason: 'other_account' });
      // Requests read in parallel may all have passed the first check: the bound holds here.
      if (inFlight >= maxPending) return answer(response, 503, { error: 'busy' });
      inFlight += 1;
      answer(response, 200, { received: events.length });
      queue.push({ events, context: { provider, connectionId: options.connectionId ?? null, verified, receivedAt } });
      // After the answer is on its way: the provider never waits for your processing.
      setImmediate(() => void drain());
    } catch (error) {
      refuse(response, error);
    }
  };

  const refuse = (response: ServerResponse, error: unknown) => {
    if (error instanceof WebhookVerificationError || error instanceof WebhookPayloadError) {
      logger.warn?.('webhook refused', { provider, reason: error.reason, status: error.status });
      return answer(response, error.status, { error: error.reason }, error.status === 413 || error.status === 408 ? { connection: 'close' } : {});
    }
    logger.error?.('webhook request failed', { provider, error: describe(error) });
    answer(response, 500, { error: 'internal' }, { connection: 'close' });
  };

  const drain = async () => {
    if (running) return;
    running = true;
    while (queue.length > 0) {
      const job = queue.shift() as Job;
      try {
        await options.onEvents(job.events, job.context);
      } catch (error) {
        report(error, job);
      }
      inFlight -= 1;
    }
    running = false;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  const report = (error: unknown, job: Job) => {
    try {
      if (options.onError) options.onError(error, job);
      else logger.error?.('webhook onEvents failed', { provider, events: job.events.length, error: describe(error) });
    } catch (hookError) {
      logger.error?.('webhook onError failed', { provider, error: describe(hookError) });
    }
  };

  const idle = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)));

  const handler = ((request: IncomingMessage, response: ServerResponse) => {
    void handle(request, response).catch((error: unknown) => refuse(response, error));
  }) as WebhookHandler;
  handler.idle = idle;
  handler.close = () => {
    closed = true;
    return idle();
  };
  Object.defineProperty(handler, 'pending', { get: () => inFlight });
  return handler;
}

function checkSecret(provider: WebhookProvider, options: WebhookHandlerOptions): void {
  try {
    verifyWebhook(provider, { headers: {}, rawBody: '' }, options.secret, { ...options, replayGuard: null });
  } catch (error) {
    // Only configuration errors matter here; an empty request failing verification is expected.
    if (!(error instanceof WebhookVerificationError) && !(error instanceof WebhookPayloadError)) throw error;
  }
}

function answer(response: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  response.end(text);
}

function describe(error: unknown): string {
  if (error instanceof AtsError) return `${error.name}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'non-error thrown';
}
