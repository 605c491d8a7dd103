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
 * It writes the text's UTF-8 bytes straight into a reused buffer, which SHA-256 then hashes
 * (docs/decisions/0080-content-hash-written-as-bytes.md), with the keys to hash kept per record shape
 * (docs/decisions/0081-content-hash-keys-per-shape.md). The bytes are the same, one for one,
 * as the serialiser's of earlier releases, so stored hashes stay valid.
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
  const writer = takeWriter();
  try {
    writer.byte(OPEN_BRACE);
    const hashed = hashedKeysOf(record, volatileFields);
    let first = true;
    for (let index = 0; index < hashed.length; index += 1) {
      const key = hashed[index] as string;
      const value = (record as Record<string, unknown>)[key];
      if (value === undefined || typeof value === 'function') continue;
      if (!first) writer.byte(COMMA);
      first = false;
      writer.string(key);
      writer.byte(COLON);
      serialise(writer, value, 1, key);
    }
    writer.byte(CLOSE_BRACE);
    // One-shot `hash` (Node >= 20.12) is markedly cheaper than createHash for short inputs.
    return ownPrefix(hash('sha256', writer.written(), 'base64url'));
  } finally {
    releaseWriter(writer);
  }
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
 * The text is exactly the one whose UTF-8 bytes {@link contentHash} hashes.
 */
export function stableStringify(value: unknown): string {
  const writer = takeWriter();
  try {
    serialise(writer, value, 0, null);
    return decoder.decode(writer.written());
  } finally {
    releaseWriter(writer);
  }
}

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const encoder = new TextEncoder();
/** Strict, so a writer bug that produced invalid UTF-8 throws instead of turning into U+FFFD. */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The UTF-8 bytes of the JSON text being built, in a buffer reused from one record to the next
 * (decision 0080). Hashing these bytes gives the same SHA-256 as hashing the text itself, which is
 * what earlier releases did, without building the text as a string of many pieces that V8 must
 * flatten and encode before hashing.
 */
class CanonicalWriter {
  bytes: Uint8Array;
  length = 0;
  /** What the serialisation has left of the node budget. */
  nodes = maxContentNodes;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  /** The bytes written so far (a view, valid until the writer is used again). */
  written(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** Makes room for `count` more bytes, doubling the buffer as often as needed. */
  room(count: number): void {
    const needed = this.length + count;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    // Bounded: the capacity at least doubles on every turn.
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** One ASCII character of the JSON syntax. */
  byte(code: number): void {
    if (this.length === this.bytes.length) this.room(1);
    this.bytes[this.length++] = code;
  }

  /**
   * Text known to be ASCII, written as it is: only numbers as `String` writes them and the literals
   * `true`, `false`, `null`. Anything else goes through {@link CanonicalWriter.utf8}.
   */
  ascii(text: string): void {
    this.room(text.length);
    const bytes = this.bytes;
    let at = this.length;
    for (let index = 0; index < text.length; index += 1) bytes[at++] = text.charCodeAt(index);
    this.length = at;
  }

  /**
   * A string (a value or a key) as JSON. Printable ASCII, most of what records hold, is copied
   * byte for byte between quotes; a string with anything else (a quote, a backslash, a control
   * character, any character past U+007E) is written as `JSON.stringify` writes it, in UTF-8.
   */
  string(text: string): void {
    const count = text.length;
    this.room(count + 2);
    const bytes = this.bytes;
    let at = this.length;
    bytes[at++] = QUOTE;
    for (let index = 0; index < count; index += 1) {
      const code = text.charCodeAt(index);
      if (code < 0x20 || code === QUOTE || code === BACKSLASH || code > 0x7e) {
        this.escaped(text);
        return;
      }
      bytes[at++] = code;
    }
    bytes[at++] = QUOTE;
    this.length = at;
  }

  /** Any JSON text (well formed: `JSON.stringify` escapes lone surrogates), encoded as UTF-8. */
  utf8(json: string): void {
    this.room(Buffer.byteLength(json, 'utf8'));
    this.length += encoder.encodeInto(json, this.bytes.subarray(this.length)).written;
  }

  /** A string through `JSON.stringify`, which escapes it as earlier releases did. */
  private escaped(text: string): void {
    this.utf8(JSON.stringify(text));
  }
}

/** Bytes the shared writer starts with and shrinks back to after an unusually large record. */
const WRITER_CAPACITY = 16 * 1024;
const WRITER_KEPT_CAPACITY = 1024 * 1024;
const sharedWriter = new CanonicalWriter(WRITER_CAPACITY);
let sharedWriterBusy = false;

/**
 * The shared writer, emptied, or a fresh one when the shared one is in use: a `toJSON` in a
 * record may itself call {@link contentHash} or {@link stableStringify}.
 */
function takeWriter(): CanonicalWriter {
  if (sharedWriterBusy) return new CanonicalWriter(1024);
  sharedWriterBusy = true;
  sharedWriter.length = 0;
  sharedWriter.nodes = maxContentNodes;
  return sharedWriter;
}

/**
 * Gives the shared writer back, its bytes zeroed, so a record's content does not stay in memory
 * until the next hash; a buffer grown past 1 MB by a large record is not kept.
 */
function releaseWriter(writer: CanonicalWriter): void {
  if (writer !== sharedWriter) return;
  sharedWriterBusy = false;
  if (writer.bytes.length > WRITER_KEPT_CAPACITY) writer.bytes = new Uint8Array(WRITER_CAPACITY);
  else writer.bytes.fill(0, 0, writer.length);
}

/**
 * The last record shape seen: its keys in `Object.keys` order, the volatile set it was hashed with
 * (the object and, in order, its members), and the keys to hash: sorted, without the volatile ones.
 * A connector's mapper builds every record with the same keys in the same order and the engine
 * passes the same set every time, so this saves a sort and a set lookup per key of every record
 * (decision 0081). Only keys are cached, never values, and the set's members are compared on every
 * call, so a set changed in place is noticed: the result cannot depend on what was hashed before.
 */
let lastShape: { keys: string[]; volatile: ReadonlySet<string>; volatileMembers: string[]; hashed: string[] } | null = null;

function hashedKeysOf(record: object, volatileFields: ReadonlySet<string>): string[] {
  const keys = Object.keys(record);
  const shape = lastShape;
  if (shape !== null && shape.volatile === volatileFields && sameKeys(shape.keys, keys) && sameMembers(volatileFields, shape.volatileMembers)) return shape.hashed;
  const hashed = [...keys].sort().filter((key) => !volatileFields.has(key));
  lastShape = { keys, volatile: volatileFields, volatileMembers: [...volatileFields], hashed };
  return hashed;
}

function sameKeys(known: readonly string[], keys: readonly string[]): boolean {
  if (known.length !== keys.length) return false;
  for (let index = 0; index < keys.length; index += 1) if (known[index] !== keys[index]) return false;
  return true;
}

/** Whether `set` holds exactly `members`, in that order (a set iterates in insertion order). */
function sameMembers(set: ReadonlySet<string>, members: readonly string[]): boolean {
  if (set.size !== members.length) return false;
  let index = 0;
  // Bounded: a set of `members.length` entries.
  for (const member of set) if (member !== members[index++]) return false;
  return true;
}

/**
 * Writes one value at `depth` (a record's fields are level 1). Recursive, but never deeper than
 * {@link maxContentDepth} frames: the depth check comes before any descent, and a chain of
 * `toJSON` results is followed in a loop, not by recursion (decision 0070). Every object and array
 * costs one unit of the node budget, `toJSON` results included.
 */
function serialise(writer: CanonicalWriter, root: unknown, depth: number, field: string | null): void {
  let value = root;
  // Bounded by the node budget: each object, `toJSON` results included, spends one unit.
  for (;;) {
    if (typeof value === 'string') {
      writer.string(value);
      return;
    }
    if (typeof value !== 'object' || value === null) {
      writeScalar(writer, value, field);
      return;
    }
    writer.nodes -= 1;
    if (writer.nodes < 0) throw new RecordContentError('too_large', field, `has more than ${maxContentNodes} nested objects and arrays`);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON !== 'function') break;
    value = (toJSON as () => unknown).call(value);
  }
  if (depth >= maxContentDepth) throw new RecordContentError('too_deep', field, `is nested deeper than ${maxContentDepth} levels`);
  if (Array.isArray(value)) {
    writer.byte(OPEN_BRACKET);
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) writer.byte(COMMA);
      const item: unknown = value[index];
      if (item === undefined || typeof item === 'function') writer.ascii('null');
      else serialise(writer, item, depth + 1, field);
    }
    writer.byte(CLOSE_BRACKET);
    return;
  }
  writer.byte(OPEN_BRACE);
  const keys = sortedKeys(Object.keys(value));
  let first = true;
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function') continue;
    if (!first) writer.byte(COMMA);
    first = false;
    writer.string(key);
    writer.byte(COLON);
    serialise(writer, item, depth + 1, field);
  }
  writer.byte(CLOSE_BRACE);
}

/**
 * `keys` in the order of `Array.prototype.sort` (UTF-16 code units). Many nested objects already
 * hold their keys in that order (`{ id, name }`), and checking is several times cheaper than
 * sorting. The others are mostly one shape repeated in every record (a custom field's
 * `{ id, key, type, value, label }`), so the last unsorted shape and its sorted keys are kept, like
 * the record's own (keys only, compared in full on every use).
 */
function sortedKeys(keys: string[]): string[] {
  for (let index = 1; index < keys.length; index += 1) {
    if (!((keys[index - 1] as string) < (keys[index] as string))) return sortedUnsorted(keys);
  }
  return keys;
}

let lastUnsorted: { keys: string[]; sorted: string[] } | null = null;

function sortedUnsorted(keys: string[]): string[] {
  const shape = lastUnsorted;
  if (shape !== null && sameKeys(shape.keys, keys)) return shape.sorted;
  const sorted = [...keys].sort();
  lastUnsorted = { keys, sorted };
  return sorted;
}

/**
 * A value that is neither a string nor an object, as JSON. Numbers, booleans and null are ASCII;
 * anything else goes through `JSON.stringify`, whose text may hold any character (a function's or
 * a BigInt's own `toJSON` can return anything), so it is written as UTF-8.
 */
function writeScalar(writer: CanonicalWriter, value: unknown, field: string | null): void {
  if (typeof value === 'number') writer.ascii(Number.isFinite(value) ? String(value) : 'null');
  else if (typeof value === 'boolean') writer.ascii(value ? 'true' : 'false');
  else if (value === null) writer.ascii('null');
  else writer.utf8(stringifiedScalar(value, field));
}

function stringifiedScalar(value: unknown, field: string | null): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    // A BigInt: JSON has no representation for it.
    throw new RecordContentError('not_serialisable', field, `holds a ${typeof value}, which JSON cannot represent`);
  }
}
