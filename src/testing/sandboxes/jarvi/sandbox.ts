/**
 * The Jarvi wire format of the sandbox: a fake public REST v2 that behaves like the facts in
 * docs/connectors/sources/jarvi.md — `X-API-KEY` with a private and a public key (the
 * public one only for `GET /offers` and `POST /applicants`), `{ data, total }` lists with
 * `limit`/`offset`, `/profiles` capped at 100 rows whatever `limit` says, Hasura `where` filters
 * where an unknown field or operator is silently ignored, a strict `_gt` on `updatedAt`, an
 * `isTalent` filter that leaks some contacts, `limit=1000` + `orderBy` → 500, the business-hours
 * budget as a 429 with a long `Retry-After`, and the upsert writes (`POST /profiles`,
 * `POST /applicants`) that change its state. INFERRED error bodies are `{ message }`.
 *
 * Tests drive the quirks through the store: `sandbox.add('budget', { id: 'hourly', retryAfterSeconds: 1800 })`
 * spends the hourly budget; `sandbox.add('settings', { id: 'profiles-cap', value: 37 })` lowers the cap.
 */
import type { SandboxContext, SandboxProvider, SandboxRequest, SandboxResponse } from '../../sandbox/types.js';
import type { StoredRecord } from '../../sandbox/store.js';
import { jarviDescriptor as descriptor } from '../../../connectors/jarvi/descriptor.js';
import { SANDBOX_STATUSES, renderOffer, renderProfile, renderProject, sandboxUuid, seedJarvi } from './sandbox-seed.js';
import { applyProfileWrite } from './sandbox-writes.js';
import { jarviEdits } from './edits.js';

/** The private API key the sandbox accepts. */
export const JARVI_SANDBOX_KEY = 'jarvi-sandbox-private-key';
/** The public API key the sandbox accepts (offers and applicants only). */
export const JARVI_SANDBOX_PUBLIC_KEY = 'jarvi-sandbox-public-key';

/** A Jarvi error body (INFERRED shape, B.9: clients read `message`). */
export function jarviError(status: number, message: string, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers, body: { message } };
}

/** Fields each collection can be filtered on; any other key in `where` is ignored (quirk 4). */
const FILTERABLE: Record<string, ReadonlySet<string>> = {
  profiles: new Set(['id', 'isTalent', 'isContact', 'updatedAt', 'createdAt', 'firstName', 'lastName', 'externalId', 'statusId', 'preferredEmailAddress']),
  projects: new Set(['id', 'isMadeForRecruitment', 'isMadeForSales', 'updatedAt', 'createdAt', 'referenceId', 'externalId', 'name']),
};
const STAMPS: Record<string, 'created_at' | 'updated_at'> = { createdAt: 'created_at', updatedAt: 'updated_at' };

/**
 * Array relationships a `where` may filter through (Hasura: true when any related row matches),
 * as the connector infers them: a profile's email rows and its profile↔project rows.
 */
type Relations = (record: StoredRecord, key: string) => Record<string, unknown>[] | undefined;

/** The relationships of the sandbox's collections. */
export function sandboxRelations(store: SandboxContext['store'], collection: string): Relations {
  return (record, key) => {
    if (collection !== 'profiles') return undefined;
    if (key === 'emailAddresses') return (record.emailAddresses as Record<string, unknown>[] | undefined) ?? [];
    if (key === 'projects') return store.list('applications').filter((row) => row.profileId === record.id);
    return undefined;
  };
}

/** Postgres `ILIKE` with `%`, `_` and backslash escapes, without regular expressions built from input. */
export function ilike(value: unknown, pattern: unknown): boolean {
  if (typeof value !== 'string' || typeof pattern !== 'string') return false;
  const text = value.toLowerCase();
  const tokens: { kind: 'char' | 'one' | 'any'; char?: string }[] = [];
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i] as string;
    if (char === '\\' && i + 1 < pattern.length) tokens.push({ kind: 'char', char: (pattern[(i += 1)] as string).toLowerCase() });
    else if (char === '%') tokens.push({ kind: 'any' });
    else if (char === '_') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'char', char: char.toLowerCase() });
  }
  // Dynamic programming over (token, position): linear space, no backtracking blow-up.
  let reach = new Array<boolean>(text.length + 1).fill(false);
  reach[0] = true;
  for (const token of tokens) {
    const next = new Array<boolean>(text.length + 1).fill(false);
    for (let at = 0; at <= text.length; at += 1) {
      if (!reach[at]) continue;
      if (token.kind === 'any') for (let to = at; to <= text.length; to += 1) next[to] = true;
      else if (at < text.length && (token.kind === 'one' || text[at] === token.char)) next[at + 1] = true;
    }
    reach = next;
  }
  return reach[text.length] === true;
}

/** Evaluates a Hasura boolean expression the way Jarvi does: unknown parts count as true. */
export function matchesWhere(record: StoredRecord, where: unknown, collection: string, relations?: Relations): boolean {
  if (!where || typeof where !== 'object') return true;
  return Object.entries(where as Record<string, unknown>).every(([key, condition]) => {
    if (key === '_and') return Array.isArray(condition) && condition.every((part) => matchesWhere(record, part, collection, relations));
    if (key === '_or') return !Array.isArray(condition) || condition.length === 0 || condition.some((part) => matchesWhere(record, part, collection, relations));
    const related = relations?.(record, key);
    if (related) return related.some((row) => matchesWhere(row as StoredRecord, condition, `${collection}.${key}`));
    if (!FILTERABLE[collection]?.has(key) && !collection.includes('.')) return true;
    if (!condition || typeof condition !== 'object') return true;
    const stamp = STAMPS[key];
    const actual = stamp ? record[stamp] : record[key];
    return Object.entries(condition as Record<string, unknown>).every(([operator, expected]) => {
      const value = stamp && typeof expected === 'string' ? Date.parse(expected) : expected;
      switch (operator) {
        case '_eq':
          // The talent filter leaks a few contacts (quirk 4: 19 of 2,000 rows measured).
          if (key === 'isTalent' && value === true && record._leaksTalentFilter === true) return true;
          return actual === value;
        case '_neq':
          return actual !== value;
        case '_in':
          return !Array.isArray(value) || value.includes(actual);
        case '_gt':
          return (actual as number) > (value as number);
        case '_gte':
          return (actual as number) >= (value as number);
        case '_lt':
          return (actual as number) < (value as number);
        case '_ilike':
          return ilike(actual, value);
        default:
          // An unknown operator is ignored silently (quirk 4).
          return true;
      }
    });
  });
}

function parseJsonParam(request: SandboxRequest, name: string): unknown {
  const raw = request.query.get(name);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return Symbol.for('invalid');
  }
}

function sortRecords(records: StoredRecord[], orderBy: unknown): StoredRecord[] {
  if (!orderBy || typeof orderBy !== 'object') return records;
  const [field, direction] = Object.entries(orderBy as Record<string, unknown>)[0] ?? [];
  const stamp = field ? STAMPS[field] : undefined;
  if (!stamp && field !== 'id') return records;
  const sign = String(direction).startsWith('desc') ? -1 : 1;
  const key = (record: StoredRecord) => (stamp ? record[stamp] : record.id) as number | string;
  return [...records].sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : 0));
}

/** A `{ data, total }` list with Jarvi's limit/offset rules. */
function listResponse(request: SandboxRequest, context: SandboxContext, collection: string, records: StoredRecord[], cap: number, render: (record: StoredRecord) => unknown): SandboxResponse {
  const where = parseJsonParam(request, 'where');
  const orderBy = parseJsonParam(request, 'orderBy');
  if (typeof where === 'symbol' || typeof orderBy === 'symbol') return jarviError(400, 'Invalid JSON in where or orderBy');
  const limit = Number(request.query.get('limit') ?? 100);
  const offset = Number(request.query.get('offset') ?? 0);
  if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(offset) || offset < 0) return jarviError(400, 'limit and offset must be non-negative integers');
  // Measured: limit=1000 combined with an ordering answers 500 (B.3).
  if (limit >= 1000 && orderBy !== undefined && collection === 'profiles') return jarviError(500, 'Internal server error');
  const relations = sandboxRelations(context.store, collection);
  const filtered = sortRecords(records.filter((record) => matchesWhere(record, where, collection, relations)), orderBy);
  const setting = context.store.get('settings', `${collection}-cap`)?.value;
  const effectiveCap = typeof setting === 'number' ? setting : cap;
  const page = filtered.slice(offset, offset + Math.min(limit, effectiveCap));
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: { data: page.map(render), total: filtered.length } };
}

type KeyKind = 'private' | 'public' | null;

function keyOf(request: SandboxRequest): KeyKind {
  const key = request.headers['x-api-key'];
  return key === JARVI_SANDBOX_KEY ? 'private' : key === JARVI_SANDBOX_PUBLIC_KEY ? 'public' : null;
}

/** Routes the public key may use (B.2). */
const PUBLIC_ROUTES = new Set(['GET /offers', 'POST /applicants']);

/** The Jarvi sandbox provider. */
export const jarviSandbox: SandboxProvider = {
  name: descriptor.provider,
  basePath: '/v1/public-api/rest/v2',
  credentials: { apiKey: JARVI_SANDBOX_KEY, publicKey: JARVI_SANDBOX_PUBLIC_KEY },
  // The public key passed as the private one: it reads offers and gets 403 on profiles and projects.
  restrictedCredentials: { apiKey: JARVI_SANDBOX_PUBLIC_KEY },
  seed: seedJarvi,
  authenticate(request) {
    const kind = keyOf(request);
    if (kind === null) return jarviError(401, 'Invalid or missing API key');
    if (kind === 'public' && !PUBLIC_ROUTES.has(`${request.method} ${request.path.replace(/\/+$/, '')}`)) {
      return jarviError(403, 'This route requires your private API key');
    }
    return null;
  },
  handle(request, context) {
    const budget = context.store.get('budget', 'hourly');
    if (budget) {
      // The business-hours execution budget is spent: 429 until the hour ends (B.5).
      return jarviSandbox.rateLimited(Number(budget.retryAfterSeconds ?? 1800));
    }
    const { store } = context;
    const route = `${request.method} ${request.path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /profiles':
        return listResponse(request, context, 'profiles', store.list('profiles'), 100, (record) => renderProfile(store, record));
      case 'GET /projects':
        return listResponse(request, context, 'projects', store.list('projects'), 100, (record) => renderProject(store, record));
      case 'GET /offers':
        return listResponse(request, context, 'projects', store.list('projects').filter((p) => p.published === true), 2000, renderOffer);
      case 'POST /profiles':
        return applyProfileWrite(request, context, 'profiles');
      case 'POST /applicants':
        return applyProfileWrite(request, context, 'applicants');
      default:
        // `GET /profiles/{id}` and the statuses/users/history routes are not documented (B.6).
        return jarviError(404, `Cannot ${request.method} ${request.path}`);
    }
  },
  // The typed edits (edits.ts), through the framework's hooks; each returns the remote id.
  edits: jarviEdits,
  rateLimited(retryAfterSeconds) {
    return jarviError(429, 'API usage limit reached: 5 minutes of execution time per hour during business hours', { 'retry-after': String(retryAfterSeconds) });
  },
};

export { SANDBOX_STATUSES, sandboxUuid };
