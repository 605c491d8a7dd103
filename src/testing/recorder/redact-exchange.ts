/**
 * Turns a raw exchange recorded from a real account into a fixture that can be committed:
 * credentials removed, ids and personal data pseudonymised consistently (see {@link Pseudonymiser}),
 * API links moved to the documented host, only harmless response headers kept. Pure: no I/O.
 * Written for JSON:API payloads (Teamtailor) but driven by key names, so it is safe on others.
 *
 * Scenario ids such as B8 are defined in docs/scenarios.md.
 * @module
 */
import { redactText } from '../../core/redact.js';
import type { RecordedExchange } from '../fixtures.js';
import type { Pseudonymiser } from './pseudonymiser.js';

/** What the redaction needs to know about the recording. */
export interface RedactionContext {
  /** Hands out consistent fake values; share one instance across every file of a run. */
  pseudonymiser: Pseudonymiser;
  /** Every credential used for the recording: none may appear in the output. */
  secrets: readonly string[];
  /** The base URL the requests went to (a region, a sandbox). */
  baseUrl: string;
  /** The documented base URL links are rewritten to (`https://api.teamtailor.com/v1`). */
  canonicalBaseUrl: string;
}

/** Response headers worth keeping: content type, API version, rate limit, request id (faked). */
const KEPT_HEADERS = new Set(['content-type', 'x-api-version', 'x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset', 'retry-after', 'x-request-id']);
/** Attributes whose value names a person, for resource types that are people. */
const PERSON_TYPES = new Set(['candidates', 'users', 'referrals', 'contacts']);
/** Free text that may carry personal data, whatever the resource. */
const PERSONAL_TEXT_KEYS = new Set(['pitch', 'note', 'cover-letter', 'signature', 'description', 'comment', 'linkedin-uid', 'facebook-id', 'external-id', 'ip-address', 'summary', 'text']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_PREFIX = /^https?:\/\//i;
const DIGITS = /^\d+$/;

/**
 * Redacts one exchange. Throws when a secret would still be present afterwards (a value the rules
 * missed), so a leaking fixture is never written.
 * @param exchange the raw exchange, as recorded
 * @param context the run's pseudonymiser, secrets and base URLs
 */
export function redactExchange(exchange: RecordedExchange, context: RedactionContext): RecordedExchange {
  const { request, response } = exchange;
  const out: RecordedExchange = {
    request: {
      method: request.method,
      path: pseudonymisePath(request.path, context),
      ...(request.query ? { query: pseudonymiseQuery(request.query, context) } : {}),
      ...(request.body !== undefined ? { body: walk(request.body, context, null, null) } : {}),
    },
    response: {
      status: response.status,
      headers: keptHeaders(response.headers, context),
      body: walk(response.body, context, null, null),
    },
  };
  // Last line of defence: known secrets and credential shapes (`Token token=…`) masked everywhere.
  const text = redactText(JSON.stringify(out), context.secrets);
  for (const secret of context.secrets) {
    if (secret && text.includes(secret)) throw new Error('A credential is still present after redaction; nothing was written.');
  }
  return JSON.parse(text) as RecordedExchange;
}

/** `/candidates/24810317/uploads` → `/candidates/1000001/uploads`. */
function pseudonymisePath(path: string, context: RedactionContext): string {
  return path
    .split('/')
    .map((segment) => (DIGITS.test(segment) ? context.pseudonymiser.id(segment) : segment))
    .join('/');
}

function pseudonymiseQuery(query: Record<string, string | string[]>, context: RedactionContext): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(query)) {
    // Page numbers and sizes are not ids; a digits-only filter value (`filter[candidate]`) is.
    const map = (item: string) => (!key.startsWith('page[') && DIGITS.test(item) ? context.pseudonymiser.id(item) : item);
    defineSafely(out, key, Array.isArray(value) ? value.map(map) : map(value));
  }
  return out;
}

function keptHeaders(headers: Record<string, string>, context: RedactionContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!KEPT_HEADERS.has(lower)) continue;
    out[lower] = lower === 'x-request-id' ? context.pseudonymiser.requestId(value) : value;
  }
  return out;
}

/** Walks a JSON value; `type` is the JSON:API type of the enclosing resource, `key` the property. */
function walk(value: unknown, context: RedactionContext, type: string | null, key: string | null): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, context, type, key));
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const ownType = typeof record.type === 'string' && 'id' in record ? record.type : type;
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(record)) defineSafely(out, name, walk(item, context, ownType, name));
    return out;
  }
  if (typeof value === 'number') return key && isIdKey(key) ? Number(context.pseudonymiser.id(String(value))) : value;
  if (typeof value === 'string') return redactString(value, context, type, key);
  return value;
}

function isIdKey(key: string): boolean {
  return key === 'id' || key.endsWith('-id') || key.endsWith('-ids') || key.endsWith('_id');
}

function redactString(value: string, context: RedactionContext, type: string | null, key: string | null): string {
  const { pseudonymiser } = context;
  if (value === '') return value;
  if (key && isIdKey(key) && DIGITS.test(value)) return pseudonymiser.id(value);
  if (key === 'id') return pseudonymiser.id(value);
  if (URL_PREFIX.test(value)) return redactUrlValue(value, context);
  if (EMAIL.test(value.trim())) return pseudonymiser.email(value);
  if (key === 'phone' || key === 'mobile') return pseudonymiser.phone(value);
  if (key === 'first-name') return pseudonymiser.name('given', value);
  if (key === 'last-name') return pseudonymiser.name('family', value);
  if (key === 'file-name') return pseudonymiser.fileName(value);
  if (key === 'username') return pseudonymiser.name('username', value);
  if (key === 'name' && type !== null && PERSON_TYPES.has(type)) return pseudonymiser.name('full', value);
  if (key === 'value' && type === 'custom-field-values') return pseudonymiser.text(value);
  if (key && PERSONAL_TEXT_KEYS.has(key)) return pseudonymiser.text(value);
  return value;
}

/** API links move to the documented host with their ids pseudonymised; other URLs are replaced. */
function redactUrlValue(value: string, context: RedactionContext): string {
  const base = context.baseUrl.replace(/\/+$/, '');
  if (value === base || value.startsWith(`${base}/`) || value.startsWith(`${base}?`)) {
    const rest = value.slice(base.length);
    const queryAt = rest.indexOf('?');
    const path = queryAt < 0 ? rest : rest.slice(0, queryAt);
    const query = queryAt < 0 ? '' : rest.slice(queryAt);
    return `${context.canonicalBaseUrl}${pseudonymisePath(path, context)}${pseudonymiseLinkQuery(query, context)}`;
  }
  return context.pseudonymiser.externalUrl(value);
}

function pseudonymiseLinkQuery(query: string, context: RedactionContext): string {
  if (query === '') return '';
  const params = new URLSearchParams(query.slice(1));
  const mapped = new URLSearchParams();
  for (const [key, value] of params) mapped.append(key, !key.startsWith('page[') && DIGITS.test(value) ? context.pseudonymiser.id(value) : value);
  return `?${mapped.toString()}`;
}

/** Sets a property without invoking the `__proto__` setter (a key named so in a payload, B8). */
function defineSafely(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
