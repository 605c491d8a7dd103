/**
 * Content hashes of unified records, to tell a changed record from a replay (E9). The hash covers
 * the record's unified content serialised with sorted keys, so the provider's key order never
 * matters, minus the "volatile" fields that change without the record changing for a consumer.
 *
 * The serialiser checks the depth before it descends, so it recurses at most
 * {@link maxContentDepth} frames deep and no nesting can overflow the call stack; content nested
 * deeper than that, or larger than {@link maxContentNodes} objects and arrays, is refused with
 * {@link RecordContentError}, and the engine quarantines that record (see
 * docs/decisions/0015-content-depth-limit.md and docs/decisions/0070-content-hash-serialiser.md).
 * Its output is the same, byte for byte, as the serialiser's of earlier releases, so stored
 * hashes stay valid.
 *
 * Scenario ids such as E9 are defined in docs/scenarios.md.
 * @module
 */
import { hash } from 'node:crypto';
import { AtsError } from '../core/errors.js';

/**
 * Fields left out of the content hash by default:
 * - `changed_at` and `remote_updated_at`: a provider "touch" bumps them without changing anything
 *   a consumer reads, and they are re-read inside every lookback window;
 * - `remote_data`: the raw payload, which can carry per-request values (signed URLs, request ids)
 *   and whose meaningful parts are already mapped into unified fields.
 * A change to a record's deletion flag (`remote_deleted_at`) is always a change.
 */
export const defaultVolatileFields: readonly string[] = ['changed_at', 'remote_updated_at', 'remote_data'];

/**
 * Deepest nesting of objects and arrays inside one record (a record's fields are level 1; a custom
 * field holding an object is level 2, …). Real records stay under ten; a record past the limit is
 * quarantined with code `too_deep` instead of being hashed (and delivered to a database driver
 * whose own recursive serialiser would overflow).
 */
export const maxContentDepth = 100;

/** Most objects and arrays inside one record (a bound on work for shared or pathological values). */
export const maxContentNodes = 1_000_000;

/** A record whose content the engine cannot hash: too deep, too large, or not serialisable. */
export class RecordContentError extends AtsError {
  /** `too_deep`, `too_large` or `not_serialisable`. */
  readonly code: 'too_deep' | 'too_large' | 'not_serialisable';
  /** The top-level field where it happened, when known. */
  readonly field: string | null;
  constructor(code: RecordContentError['code'], field: string | null, detail: string) {
    super(`Record content ${field ? `in field ${JSON.stringify(field)} ` : ''}${detail}`, { provider: 'unified-ats', operation: 'contentHash' });
    this.code = code;
    this.field = field;
  }
}

/**
 * A hash of `record` without its volatile fields: the first 22 base64url characters of its
 * SHA-256 (132 bits). Equal content gives an equal hash whatever the key order. Throws
 * {@link RecordContentError} for content past the limits.
 */
export function contentHash(record: object, volatileFields: ReadonlySet<string>): string {
  const walk: Walk = { nodes: maxContentNodes };
  let text = '{';
  for (const { key, quoted } of sortedKeysOf(record)) {
    const value = (record as Record<string, unknown>)[key];
    if (value === undefined || typeof value === 'function' || volatileFields.has(key)) continue;
    text += text.length === 1 ? quoted : `,${quoted}`;
    text += serialise(value, 1, walk, key);
  }
  // One-shot `hash` (Node >= 20.12) is markedly cheaper than createHash for short inputs.
  return ownPrefix(hash('sha256', `${text}}`, 'base64url'));
}

/** Characters of the SHA-256 in base64url a content hash keeps (132 bits). */
const HASH_LENGTH = 22;
const hashCodes: number[] = new Array<number>(HASH_LENGTH).fill(0);

/**
 * The first {@link HASH_LENGTH} characters of an ASCII digest as a string of their own. `slice` would give a
 * view that keeps the whole 43-character digest alive for as long as the hash is stored (V8 slices
 * strings of 13 or more characters): about 56 bytes more per record in a state store, 11 MB for
 * 200,000 records (P5), for 0.05 µs saved per hash.
 */
function ownPrefix(digest: string): string {
  for (let index = 0; index < HASH_LENGTH; index += 1) hashCodes[index] = digest.charCodeAt(index);
  return String.fromCharCode(...hashCodes);
}

/**
 * JSON with the keys of every object sorted, so equal content always serialises the same way.
 * Follows `JSON.stringify` otherwise (`toJSON`, `undefined` and functions dropped from objects and
 * written as null in arrays). A `__proto__` key is an ordinary key here (B8). Throws
 * {@link RecordContentError} past {@link maxContentDepth} levels or {@link maxContentNodes} nodes.
 */
export function stableStringify(value: unknown): string {
  return serialise(value, 0, { nodes: maxContentNodes }, null);
}

/** What one serialisation has left of the node budget. */
interface Walk {
  nodes: number;
}

/** A record's key, with the key already written as JSON with its colon. */
interface PlannedField {
  key: string;
  quoted: string;
}

/**
 * The last record shape seen: its keys in `Object.keys` order, and the same keys sorted and
 * quoted. A connector's mapper builds every record with the same keys in the same order, so this
 * saves a sort and a JSON quoting of every key per record. Only the keys are cached, never
 * values or the volatile set, so the result cannot depend on what was hashed before.
 */
let lastShape: { keys: string[]; sorted: PlannedField[] } | null = null;

function sortedKeysOf(record: object): PlannedField[] {
  const keys = Object.keys(record);
  const shape = lastShape;
  if (shape !== null && sameKeys(shape.keys, keys)) return shape.sorted;
  const sorted = [...keys].sort().map((key) => ({ key, quoted: `${JSON.stringify(key)}:` }));
  lastShape = { keys, sorted };
  return sorted;
}

function sameKeys(known: readonly string[], keys: readonly string[]): boolean {
  if (known.length !== keys.length) return false;
  for (let index = 0; index < keys.length; index += 1) if (known[index] !== keys[index]) return false;
  return true;
}

/**
 * Serialises one value at `depth` (a record's fields are level 1). Recursive, but never deeper
 * than {@link maxContentDepth} frames: the depth check comes before any descent, and a chain of
 * `toJSON` results is followed in a loop, not by recursion (decision 0070). Every object and array
 * costs one unit of the node budget, `toJSON` results included.
 */
function serialise(root: unknown, depth: number, walk: Walk, field: string | null): string {
  let value = root;
  // Bounded by the node budget: each object, `toJSON` results included, spends one unit.
  for (;;) {
    if (typeof value === 'string') return quoted(value);
    if (typeof value !== 'object' || value === null) return scalar(value, field);
    spend(walk, field);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON !== 'function') break;
    value = (toJSON as () => unknown).call(value);
  }
  if (depth >= maxContentDepth) throw new RecordContentError('too_deep', field, `is nested deeper than ${maxContentDepth} levels`);
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) out += ',';
      const item: unknown = value[index];
      out += item === undefined || typeof item === 'function' ? 'null' : serialise(item, depth + 1, walk, field);
    }
    return `${out}]`;
  }
  let out = '{';
  for (const key of sortedKeys(Object.keys(value))) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function') continue;
    if (out.length > 1) out += ',';
    out += quotedKey(key);
    out += serialise(item, depth + 1, walk, field);
  }
  return `${out}}`;
}

/**
 * `keys` in the order of `Array.prototype.sort` (UTF-16 code units). Many nested objects already
 * hold their keys in that order (`{ id, name }`), and checking is several times cheaper than sorting.
 */
function sortedKeys(keys: string[]): string[] {
  for (let index = 1; index < keys.length; index += 1) if (!(keys[index - 1]! < keys[index]!)) return keys.sort();
  return keys;
}

function spend(walk: Walk, field: string | null): void {
  walk.nodes -= 1;
  if (walk.nodes < 0) throw new RecordContentError('too_large', field, `has more than ${maxContentNodes} nested objects and arrays`);
}

/** Keys of nested objects written as JSON with their colon; bounded, since keys come from providers. */
const quotedKeys = new Map<string, string>();
const maxQuotedKeys = 2_048;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (quotedKeys.size < maxQuotedKeys && key.length <= 64) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** Characters `JSON.stringify` escapes in a string: quote, backslash, controls, and surrogates (lone ones are escaped). */
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A string as JSON. Most strings need no escape, and quoting them directly is about twice as fast
 * as `JSON.stringify`; the others (including any surrogate, paired or not) go through it.
 */
function quoted(text: string): string {
  return needsEscape.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** A value that is neither a string nor an object, as JSON. */
function scalar(value: unknown, field: string | null): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 'null';
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    // A BigInt: JSON has no representation for it.
    throw new RecordContentError('not_serialisable', field, `holds a ${typeof value}, which JSON cannot represent`);
  }
}
