/**
 * The benchmark's sandbox process: started by `bench/sandbox-client.ts` with `fork`, it runs one
 * provider sandbox on 127.0.0.1 and answers commands over IPC (stats, edits, request log, close).
 * Keeping the server in its own process means the client's CPU and heap measurements contain the
 * client only, and the two sides can use the two cores at once.
 *
 * The `indexed` option answers `sort=updated-at` list queries from a cached, sorted index instead of
 * sorting the whole collection on every request (the sandbox's own handler does that: about 0.6 s
 * per page at 100,000 candidates, which makes a 3,334-page scan take half an hour). The bytes sent
 * are the sandbox's own rendering; `verify` proves they are identical to the unindexed answer.
 */
import { startSandboxServer, sandboxProviders, type SandboxOptions, type SandboxProvider, type SandboxRequest, type SandboxContext, type SandboxResponse, type StoredRecord } from '../src/testing/index.js';

/** A command from the bench process. */
export type ServerCommand =
  | { type: 'start'; provider: string; options: SandboxOptions; indexed: boolean }
  | { type: 'stats' }
  | { type: 'reset-stats' }
  | { type: 'record-urls'; on: boolean }
  | { type: 'take-urls' }
  | { type: 'take-requests' }
  | { type: 'edit-candidates'; count: number }
  | { type: 'verify-index' }
  | { type: 'close' };

/** What the process answers to a command (`id` echoes the command's id). */
export interface ServerReply {
  id: number;
  ok: boolean;
  error?: string;
  value?: unknown;
}

/** Collections the sandbox can sort by `updated-at` (those with the server-side delta filter). */
const INDEXABLE = new Set(['candidates', 'job-applications']);

/** The sandbox's own order for `sort=updated-at` (teamtailor/sandbox.ts `listResponse`). */
const byUpdatedAt = (a: StoredRecord, b: StoredRecord) => a.updated_at - b.updated_at || Number(a.id) - Number(b.id);

let version = 0;
const sortedCache = new Map<string, { version: number; records: StoredRecord[] }>();
let recording = false;
const urlLog: string[] = [];
/** A logged request: what a baseline needs to send the same bytes again. */
export interface LoggedRequest {
  method: string;
  /** Path and query under the base URL. */
  path: string;
  /** Request headers minus the hop-by-hop ones (auth, accept, content-type as the SDK sent them). */
  headers: Record<string, string>;
  /** The JSON text of the body (re-serialised from the parsed body), or null. */
  body: string | null;
}
const requestLog: LoggedRequest[] = [];
/** Headers a replay must not copy (the client sets its own). */
const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'user-agent']);

function logRequest(request: SandboxRequest): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const body = request.body === null || request.body === undefined ? null : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  requestLog.push({ method: request.method, path: `${request.path}?${request.query.toString()}`, headers, body });
}
/** Upper bound on logged URLs, so a runaway client cannot grow this process without limit. */
const MAX_LOGGED_URLS = 20_000;

function sortedRecords(context: SandboxContext, type: string): StoredRecord[] {
  const cached = sortedCache.get(type);
  if (cached && cached.version === version) return cached.records;
  const records = context.store.list(type).sort(byUpdatedAt);
  sortedCache.set(type, { version, records });
  return records;
}

/** First position whose `updated_at` is at or after `since`. */
function lowerBound(records: readonly StoredRecord[], since: number): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((records[middle] as StoredRecord).updated_at < since) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Wraps a sandbox wire format: logs request URLs and, when `indexed`, serves sorted lists from the index. */
function benchProvider(base: SandboxProvider, indexed: boolean): SandboxProvider {
  return {
    ...base,
    handle(request, context) {
      if (recording && urlLog.length < MAX_LOGGED_URLS) {
        urlLog.push(`${request.path}?${request.query.toString()}`);
        logRequest(request);
      }
      // Any write may change `updated_at` or add records: drop the index.
      if (request.method !== 'GET') version += 1;
      // The index reproduces Teamtailor's list rendering only; other wire formats are served as is.
      return (indexed && base.name === 'teamtailor' && indexedList(base, request, context)) || base.handle(request, context);
    },
  };
}

/**
 * Answers a sorted list query from the index: the wire format renders only the requested window
 * (given to it as a one-page collection), then `meta` and `links` are set for the whole filtered
 * collection exactly as the wire format computes them. Returns null for anything else.
 */
function indexedList(base: SandboxProvider, request: SandboxRequest, context: SandboxContext): SandboxResponse | null {
  const segments = request.path.split('/').filter(Boolean);
  const type = segments[0];
  if (request.method !== 'GET' || segments.length !== 1 || !type || !INDEXABLE.has(type)) return null;
  if (request.query.get('sort') !== 'updated-at') return null;
  const size = Number(request.query.get('page[size]') ?? 10);
  const number = Number(request.query.get('page[number]') ?? 1);
  // Invalid paging is answered by the wire format itself (with its 400).
  if (!Number.isInteger(size) || size < 1 || size > 30 || !Number.isInteger(number) || number < 1) return null;
  const from = request.query.get('filter[updated-at][from]');
  const since = from === null ? Number.NEGATIVE_INFINITY : Date.parse(from);
  if (Number.isNaN(since)) return null;
  const sorted = sortedRecords(context, type);
  const first = lowerBound(sorted, since);
  const total = sorted.length - first;
  const start = first + (number - 1) * size;
  const window = start >= sorted.length ? [] : sorted.slice(start, Math.min(start + size, sorted.length));
  const store = Object.create(context.store) as SandboxContext['store'];
  store.list = (collection: string) => (collection === type ? [...window] : context.store.list(collection));
  const pageQuery = new URLSearchParams(request.query);
  pageQuery.set('page[number]', '1');
  const response = base.handle({ ...request, query: pageQuery }, { ...context, store });
  const body = response.body as { meta?: unknown; links?: unknown } | null;
  if (response.status !== 200 || !body) return response;
  const pageCount = Math.max(1, Math.ceil(total / size));
  const link = (n: number) => {
    const query = new URLSearchParams(request.query);
    query.set('page[number]', String(n));
    query.set('page[size]', String(size));
    return `${request.baseUrl}${request.path}?${query.toString()}`;
  };
  body.meta = { 'record-count': total, 'page-count': pageCount };
  body.links = { first: link(1), last: link(pageCount), ...(number > 1 ? { prev: link(number - 1) } : {}), ...(number < pageCount ? { next: link(number + 1) } : {}) };
  return response;
}

/** Compares indexed and unindexed answers on a few queries; returns the mismatching queries. */
function verifyIndex(base: SandboxProvider, context: SandboxContext, url: string): string[] {
  const sorted = sortedRecords(context, 'candidates');
  const middle = sorted[Math.floor(sorted.length / 2)];
  const fromMiddle = middle ? new Date(middle.updated_at).toISOString() : '2026-01-01T00:00:00.000Z';
  const include = 'custom-field-values,custom-field-values.custom-field';
  const queries = [
    `include=${include}&sort=updated-at&page[size]=30&page[number]=1`,
    `include=${include}&sort=updated-at&page[size]=30&page[number]=2`,
    `include=${include}&sort=updated-at&page[size]=30&page[number]=1&filter[updated-at][from]=${fromMiddle}`,
    `include=${include}&sort=updated-at&page[size]=7&page[number]=3&filter[updated-at][from]=${fromMiddle}`,
    `include=${include}&sort=updated-at&page[size]=30&page[number]=100000`,
    `include=candidate,job,stage,reject-reason&sort=updated-at&page[size]=30&page[number]=2`,
  ];
  const mismatches: string[] = [];
  for (const query of queries) {
    for (const path of ['/candidates', '/job-applications']) {
      const request: SandboxRequest = { method: 'GET', path, query: new URLSearchParams(query), headers: {}, body: null, baseUrl: url };
      const plain = JSON.stringify(base.handle(request, context));
      const fast = JSON.stringify(indexedList(base, { ...request, query: new URLSearchParams(query) }, context));
      if (plain !== fast) mismatches.push(`${path}?${query}`);
    }
  }
  return mismatches;
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench/server-process.ts must be started with fork() (it talks over IPC)');
  let sandbox: Awaited<ReturnType<typeof startSandboxServer>> | null = null;
  let base: SandboxProvider | null = null;
  let capturedContext: SandboxContext | null = null;
  const reply = (message: ServerReply) => process.send?.(message);
  // The bench process going away (crash, Ctrl-C) must not leave this server running.
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (message: ServerCommand & { id: number }) => {
    try {
      switch (message.type) {
        case 'start': {
          const wire = (sandboxProviders as Record<string, SandboxProvider>)[message.provider];
          if (!wire) throw new Error(`No sandbox for ${message.provider}`);
          base = wire;
          const provider = benchProvider(wire, message.indexed);
          // Keep the context the wire format is handed at seeding time, for `verify-index`.
          const seeding: SandboxProvider = { ...provider, seed: (context, records) => { capturedContext = context; wire.seed(context, records); } };
          const started = performance.now();
          sandbox = await startSandboxServer(seeding, message.options);
          return reply({ id: message.id, ok: true, value: { url: sandbox.url, credentials: sandbox.credentials, connectorOptions: sandbox.connectorOptions, seedMs: performance.now() - started } });
        }
        case 'stats': {
          if (!sandbox) throw new Error('not started');
          const { byRoute, ...counters } = sandbox.stats;
          return reply({ id: message.id, ok: true, value: { ...counters, byRoute: Object.fromEntries(byRoute) } });
        }
        case 'reset-stats':
          sandbox?.resetStats();
          return reply({ id: message.id, ok: true });
        case 'record-urls':
          recording = message.on;
          if (message.on) {
            urlLog.length = 0;
            requestLog.length = 0;
          }
          return reply({ id: message.id, ok: true });
        case 'take-urls':
          requestLog.length = 0;
          return reply({ id: message.id, ok: true, value: urlLog.splice(0) });
        case 'take-requests':
          urlLog.length = 0;
          return reply({ id: message.id, ok: true, value: requestLog.splice(0) });
        case 'edit-candidates': {
          if (!sandbox) throw new Error('not started');
          // Evenly spread edits, like recruiters touching records all over the list.
          const candidates = sandbox.store.list('candidates');
          const step = Math.max(1, Math.floor(candidates.length / Math.max(1, message.count)));
          const ids: string[] = [];
          for (let index = 0; index < candidates.length && ids.length < message.count; index += step) {
            const candidate = candidates[index] as StoredRecord;
            sandbox.update('candidates', candidate.id, { 'first-name': `${String(candidate['first-name'])}-edited` });
            ids.push(candidate.id);
          }
          version += 1;
          return reply({ id: message.id, ok: true, value: ids });
        }
        case 'verify-index': {
          if (!sandbox || !base || !capturedContext) throw new Error('not started');
          return reply({ id: message.id, ok: true, value: verifyIndex(base, capturedContext, sandbox.url) });
        }
        case 'close':
          await sandbox?.close();
          reply({ id: message.id, ok: true });
          process.disconnect();
          return;
        default:
          throw new Error(`Unknown command ${JSON.stringify(message)}`);
      }
    } catch (error) {
      reply({ id: message.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) });
    }
  });
}

void main();
