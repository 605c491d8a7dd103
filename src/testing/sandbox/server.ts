/**
 * The generic fake-ATS server: a `node:http` server on 127.0.0.1 (port 0) that checks auth,
 * enforces a rolling-window rate limit with the provider's 429, injects faults, counts requests,
 * and hands every request to the provider's wire format. Demo, integration tests and benchmarks
 * all use it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { SeededRandom } from './random.js';
import { SandboxStore } from './store.js';
import { createSandboxWebhooks, type SandboxWebhooks } from './webhooks.js';
import type {
  SandboxCandidateEdit,
  SandboxContext,
  SandboxFaults,
  SandboxJobEdit,
  SandboxOptions,
  SandboxProvider,
  SandboxRecordedRequest,
  SandboxRecordRef,
  SandboxRequest,
  SandboxResponse,
  SandboxStats,
} from './types.js';

/** Default sandbox clock start: 2026-01-01T00:00:00Z. */
const DEFAULT_START = Date.UTC(2026, 0, 1);
/** How many of the latest requests `sandbox.requests` keeps. */
const REQUEST_LOG_SIZE = 1000;
/** Headers never kept in the request log: credentials. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie)$|key|token|secret|password/i;
/** Largest request body the sandbox reads (1 MB); bigger bodies get 413. */
const MAX_REQUEST_BYTES = 1024 * 1024;

/** What `sandbox.connectorOptions` holds. */
export interface SandboxConnectorOptions {
  /** The sandbox's base URL, with the provider's path prefix. */
  readonly baseUrl: string;
  /** The key the sandbox accepts (every provider's connector takes an `apiKey`). */
  readonly apiKey: string;
  /**
   * Sandboxes serve attachment files on loopback, which downloads refuse by default (a provider's
   * file URL must not reach the caller's own network): the sandbox opts in.
   */
  readonly downloads: { readonly allowPrivateNetwork: true };
  /** The credentials, and options that depend on the sandbox's address. */
  readonly [option: string]: unknown;
}

/** A running sandbox. */
export interface Sandbox {
  /** The provider this sandbox speaks. */
  readonly provider: string;
  /** Base URL to pass as the connector's `baseUrl` (includes the provider's path prefix). */
  readonly url: string;
  /** Credentials the sandbox accepts (pass them to the connector factory). */
  readonly credentials: Record<string, string>;
  /**
   * Everything the provider's connector factory needs to talk to this sandbox: the credentials,
   * `baseUrl`, any address-dependent option, and the download opt-in for loopback files.
   * `createConnector(provider, sandbox.connectorOptions)`.
   */
  readonly connectorOptions: SandboxConnectorOptions;
  /**
   * The same with a key that authenticates but may not read everything a sync needs (a Teamtailor
   * Public-scope key, a Jarvi public key as `apiKey`), or null when the provider's keys have no scopes.
   */
  readonly restrictedConnectorOptions: SandboxConnectorOptions | null;
  /** The dataset, for assertions and direct mutation. */
  readonly store: SandboxStore;
  /** Request counters. */
  readonly stats: SandboxStats;
  /**
   * The latest requests (up to 1000, oldest first), credentials left out: assert what a connector
   * sent, e.g. `sandbox.requests.filter((r) => r.method !== 'GET')` for the write bodies.
   * `resetStats()` empties it.
   */
  readonly requests: readonly SandboxRecordedRequest[];
  /** The sandbox clock, in ms. */
  now(): number;
  /** Changes a record like a user would (bumps its `updated_at`). */
  update(collection: string, id: string, patch: Record<string, unknown>): void;
  /** Adds a record. Returns its id. */
  add(collection: string, fields: Record<string, unknown>): string;
  /** Deletes a record. */
  remove(collection: string, id: string): void;
  /**
   * Edits a candidate like a recruiter would and returns its remote id (the unified
   * `Candidate.remote_id`). `candidate`: that remote id, or a 0-based position in seed order.
   * `changes` in unified names (`first_name`, `last_name`, `email`, `phone`); left out, a visible
   * default edit (`-edited` appended to the first name). Fires the provider's webhook when subscribed.
   */
  editCandidate(candidate: SandboxRecordRef, changes?: SandboxCandidateEdit): string;
  /**
   * Edits a job like a recruiter would and returns its remote id (the unified `Job.remote_id`).
   * `job`: that remote id, or a 0-based position in seed order. `changes`: `name`, `status`
   * (unified); left out, ` (edited)` appended to the name.
   */
  editJob(job: SandboxRecordRef, changes?: SandboxJobEdit): string;
  /**
   * Moves an application to a stage like a recruiter would (both by their provider id, the
   * `remote_id` of the unified records) and returns the application's remote id; fires the
   * provider's webhook when subscribed.
   */
  moveApplication(applicationId: string, stageId: string): string;
  /**
   * Deletes a candidate by remote id (and what the provider deletes with it) and returns that id;
   * fires the provider's webhook when subscribed.
   */
  removeCandidate(candidateId: string): string;
  /** The same as {@link removeCandidate} (its former name). */
  deleteCandidate(candidateId: string): string;
  /** Webhooks the sandbox sends on changes: `sandbox.webhooks.subscribe(url, { secret })`. */
  readonly webhooks: SandboxWebhooks;
  /** Replaces the fault settings. */
  setFaults(faults: SandboxFaults): void;
  /** Resets the request counters and empties the request log. */
  resetStats(): void;
  /** Stops sending webhooks (after a short grace for queued ones), stops the server and closes every connection. */
  close(): Promise<void>;
}

/** Starts a sandbox for one provider's wire format. */
export async function startSandboxServer(provider: SandboxProvider, options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = monotonicClock(options.startTime ?? DEFAULT_START);
  const store = new SandboxStore(clock);
  const random = new SeededRandom(options.seed ?? 1);
  const context: SandboxContext = { store, now: clock, random, updatedSinceFilter: options.updatedSinceFilter ?? 'inclusive' };
  provider.seed(context, options.records ?? 50);
  const webhooks = createSandboxWebhooks(provider.name, provider.webhooks, context);
  let faults: SandboxFaults = { ...options.faults };
  const faultRandom = new SeededRandom((options.seed ?? 1) ^ 0x5eed);
  const stats = emptyStats();
  const requests: SandboxRecordedRequest[] = [];
  const window = options.rateLimit ? new RollingWindow(options.rateLimit.requests, options.rateLimit.intervalMs) : null;
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let baseUrl = '';

  const server: Server = createServer((req, res) => {
    // The provider's clock as its `Date` header: the sandbox clock that stamps its records, as a
    // real provider's clock stamps its own (E4's cap and decision 0078's narrowed lookback read it).
    res.setHeader('date', new Date(clock()).toUTCString());
    inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    res.on('close', () => {
      inFlight -= 1;
    });
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { error: String(error) } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    stats.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (raw === null) return send(res, { status: 413, body: { error: 'request body too large' } });
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const prefixed = provider.basePath === '' || url.pathname === provider.basePath || url.pathname.startsWith(`${provider.basePath}/`);
    const path = prefixed ? url.pathname.slice(provider.basePath.length) || '/' : url.pathname;
    requests.push({ method: req.method ?? 'GET', path, query: new URLSearchParams(url.searchParams), headers: loggedHeaders(req), body: parseJson(raw) });
    if (requests.length > REQUEST_LOG_SIZE) requests.shift();
    // A base URL without the provider's path prefix reaches nothing on a real host either.
    if (!prefixed) return send(res, provider.notFound?.(url.pathname) ?? { status: 404, body: { error: 'Not Found' } });
    const route = `${req.method} ${path.replace(/\/[0-9a-f-]{1,36}(?=\/|$)/gi, '/:id')}`;
    stats.byRoute.set(route, (stats.byRoute.get(route) ?? 0) + 1);
    if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (window) {
      const wait = window.admit(Date.now());
      if (wait > 0) {
        stats.rateLimited += 1;
        return send(res, provider.rateLimited(Math.ceil(wait / 1000)));
      }
    }
    const fault = pickFault(faults, faultRandom);
    if (fault === 'reset') {
      stats.faults += 1;
      req.socket.destroy();
      return;
    }
    if (fault === 'server_error') {
      stats.faults += 1;
      return send(res, { status: 503, body: { errors: [{ status: '503', title: 'Service Unavailable' }] } });
    }
    if (fault === 'html') {
      stats.faults += 1;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><body><h1>Down for maintenance</h1></body></html>');
      return;
    }
    const request: SandboxRequest = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      headers: req.headers,
      body: parseJson(raw),
      baseUrl,
    };
    const denied = provider.authenticate(request);
    const response = denied ?? provider.handle(request, context);
    const slow = faults.slowWriteAnswers;
    if (slow && request.method !== 'GET' && (slow.count === undefined || slow.count > 0)) {
      // The write already happened: only its answer is late.
      if (slow.count !== undefined) faults = { ...faults, slowWriteAnswers: { ...slow, count: slow.count - 1 } };
      stats.faults += 1;
      await new Promise((resolve) => setTimeout(resolve, slow.delayMs));
    }
    if (window && provider.rateLimitHeaders) {
      const state = window.state(Date.now());
      response.headers = { ...provider.rateLimitHeaders(state.limit, state.remaining, state.resetSeconds), ...response.headers };
    }
    if (fault === 'truncate') {
      stats.faults += 1;
      const text = JSON.stringify(response.body);
      res.writeHead(response.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      res.socket?.destroy();
      return;
    }
    send(res, response);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  baseUrl = `http://127.0.0.1:${port}${provider.basePath}`;

  function editCandidate(candidate: SandboxRecordRef, changes: SandboxCandidateEdit = {}): string {
    if (provider.edits) return provider.edits.editCandidate(context, candidate, changes);
    if (!provider.editCandidate) throw new Error(`The ${provider.name} sandbox cannot edit candidates`);
    if (typeof candidate !== 'number' || Object.keys(changes).length > 0) {
      throw new Error(`The ${provider.name} sandbox edits candidates only by position, with its default change`);
    }
    return provider.editCandidate(context, candidate);
  }

  function removeCandidate(candidateId: string): string {
    if (provider.edits) return provider.edits.removeCandidate(context, candidateId);
    if (!provider.deleteCandidate) throw new Error(`The ${provider.name} sandbox cannot delete candidates`);
    provider.deleteCandidate(context, candidateId);
    return candidateId;
  }

  return {
    provider: provider.name,
    url: baseUrl,
    credentials: provider.credentials,
    connectorOptions: {
      apiKey: String(provider.credentials.apiKey),
      ...provider.credentials,
      baseUrl,
      ...provider.connectorOptions?.(baseUrl),
      downloads: { allowPrivateNetwork: true },
    },
    restrictedConnectorOptions: provider.restrictedCredentials
      ? {
          apiKey: String(provider.restrictedCredentials.apiKey),
          ...provider.restrictedCredentials,
          baseUrl,
          ...provider.connectorOptions?.(baseUrl),
          downloads: { allowPrivateNetwork: true },
        }
      : null,
    store,
    stats,
    requests,
    now: clock,
    update: (collection, id, patch) => void store.update(collection, id, patch),
    add: (collection, fields) => store.add(collection, fields).id,
    remove: (collection, id) => {
      if (!store.remove(collection, id)) throw new Error(`No ${collection} record ${id} in the sandbox`);
    },
    editCandidate,
    editJob: (job, changes = {}) => {
      if (!provider.edits) throw new Error(`The ${provider.name} sandbox cannot edit jobs`);
      return provider.edits.editJob(context, job, changes);
    },
    moveApplication: (applicationId, stageId) => {
      if (provider.edits) return provider.edits.moveApplication(context, applicationId, stageId);
      if (!provider.moveApplication) throw new Error(`The ${provider.name} sandbox cannot move applications`);
      provider.moveApplication(context, applicationId, stageId);
      return applicationId;
    },
    removeCandidate,
    deleteCandidate: removeCandidate,
    webhooks,
    setFaults: (next) => {
      faults = { ...next };
    },
    resetStats: () => {
      Object.assign(stats, emptyStats());
      requests.length = 0;
    },
    close: async () => {
      await webhooks.close();
      await new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
}

function loggedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || CREDENTIAL_HEADER.test(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function emptyStats(): SandboxStats {
  return { requests: 0, byRoute: new Map(), rateLimited: 0, faults: 0, maxInFlight: 0, connections: 0 };
}

/** A clock that starts at `start`, follows real time, and never returns the same value twice. */
function monotonicClock(start: number): () => number {
  const origin = Date.now();
  let last = 0;
  return () => {
    last = Math.max(last + 1, start + (Date.now() - origin));
    return last;
  };
}

function pickFault(faults: SandboxFaults, random: SeededRandom): 'reset' | 'server_error' | 'truncate' | 'html' | null {
  const roll = random.next();
  let edge = 0;
  for (const [name, rate] of [
    ['reset', faults.resetRate],
    ['server_error', faults.serverErrorRate],
    ['truncate', faults.truncateRate],
    ['html', faults.htmlRate],
  ] as const) {
    edge += rate ?? 0;
    if (roll < edge) return name;
  }
  return null;
}

/** A rolling-window limiter, as providers enforce it: at most `limit` requests in any `intervalMs`. */
class RollingWindow {
  private readonly times: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly intervalMs: number,
  ) {}

  /** Records a request at `now` and returns 0, or returns how long until one would be admitted. */
  admit(now: number): number {
    this.expire(now);
    if (this.times.length >= this.limit) return (this.times[0] as number) + this.intervalMs - now;
    this.times.push(now);
    return 0;
  }

  state(now: number): { limit: number; remaining: number; resetSeconds: number } {
    this.expire(now);
    const oldest = this.times[0];
    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - this.times.length),
      resetSeconds: oldest === undefined ? 0 : Math.ceil((oldest + this.intervalMs - now) / 1000),
    };
  }

  private expire(now: number): void {
    while (this.times.length > 0 && (this.times[0] as number) <= now - this.intervalMs) this.times.shift();
  }
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): unknown {
  if (raw === '') return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function send(res: ServerResponse, response: SandboxResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  if (response.body === null || response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  headers['content-type'] ??= typeof response.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  res.writeHead(response.status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}
