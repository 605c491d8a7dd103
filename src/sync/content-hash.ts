/**
 * Content hashes of unified records, to tell a changed record from a replay (E9). The hash covers
 * the record's unified content serialised with sorted keys, so the provider's key order never
 * matters, minus the "volatile" fields that change without the record changing for a consumer.
 *
 * The serialiser is iterative (an explicit stack, not recursion), so no nesting depth can
 * overflow the call stack; content nested deeper than {@link maxContentDepth} levels, or larger
 * than {@link maxContentNodes} objects and arrays, is refused with {@link RecordContentError},
 * and the engine quarantines that record (see docs/decisions/0015-content-depth-limit.md).
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
 * A hash of `record` without its volatile fields: 128 bits of SHA-256, base64url (22 characters).
 * Equal content gives an equal hash whatever the key order. Throws {@link RecordContentError}
 * for content past the limits.
 */
export function contentHash(record: object, volatileFields: ReadonlySet<string>): string {
  let text = '{';
  let first = true;
  const budget = { nodes: maxContentNodes };
  for (const key of Object.keys(record).sort()) {
    const value = (record as Record<string, unknown>)[key];
    if (volatileFields.has(key) || value === undefined || typeof value === 'function') continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${serialise(value, 1, budget, key)}`;
    first = false;
  }
  // One-shot `hash` (Node >= 20.12) is markedly cheaper than createHash for short inputs.
  return hash('sha256', `${text}}`, 'base64url').slice(0, 22);
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

/** Text to emit, or a value to serialise at a depth. */
type Task = string | { value: unknown; depth: number };

function serialise(root: unknown, rootDepth: number, budget: { nodes: number }, field: string | null): string {
  let out = '';
  const stack: Task[] = [{ value: root, depth: rootDepth }];
  // Bounded: each object or array is expanded once and costs one unit of the node budget; every
  // other task emits text. `toJSON` results count against the budget too.
  while (stack.length > 0) {
    const task = stack.pop()!;
    if (typeof task === 'string') {
      out += task;
      continue;
    }
    const { value, depth } = task;
    if (value === null || typeof value !== 'object') {
      out += primitive(value, field);
      continue;
    }
    budget.nodes -= 1;
    if (budget.nodes < 0) throw new RecordContentError('too_large', field, `has more than ${maxContentNodes} nested objects and arrays`);
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') {
      stack.push({ value: withJson.toJSON(), depth });
      continue;
    }
    if (depth >= maxContentDepth) throw new RecordContentError('too_deep', field, `is nested deeper than ${maxContentDepth} levels`);
    if (Array.isArray(value)) {
      out += '[';
      stack.push(']');
      for (let index = value.length - 1; index >= 0; index -= 1) {
        const item: unknown = value[index];
        stack.push(item === undefined || typeof item === 'function' ? 'null' : { value: item, depth: depth + 1 });
        if (index > 0) stack.push(',');
      }
      continue;
    }
    out += '{';
    stack.push('}');
    const keys = Object.keys(value)
      .sort()
      .filter((key) => {
        const nested = (value as Record<string, unknown>)[key];
        return nested !== undefined && typeof nested !== 'function';
      });
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index]!;
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1 });
      stack.push(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`);
    }
  }
  return out;
}

function primitive(value: unknown, field: string | null): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    // A BigInt: JSON has no representation for it.
    throw new RecordContentError('not_serialisable', field, `holds a ${typeof value}, which JSON cannot represent`);
  }
}
