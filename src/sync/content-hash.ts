/**
 * Content hashes of unified records, to tell a changed record from a replay (E9). The hash covers
 * the record's unified content serialised with sorted keys, so the provider's key order never
 * matters, minus the "volatile" fields that change without the record changing for a consumer.
 * @module
 */
import { hash } from 'node:crypto';

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
 * A hash of `record` without its volatile fields: 128 bits of SHA-256, base64url (22 characters).
 * Equal content gives an equal hash whatever the key order.
 */
export function contentHash(record: object, volatileFields: ReadonlySet<string>): string {
  let text = '{';
  let first = true;
  for (const key of Object.keys(record).sort()) {
    const value = (record as Record<string, unknown>)[key];
    if (volatileFields.has(key) || value === undefined || typeof value === 'function') continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${stableStringify(value)}`;
    first = false;
  }
  // One-shot `hash` (Node >= 20.12) is markedly cheaper than createHash for short inputs.
  return hash('sha256', `${text}}`, 'base64url').slice(0, 22);
}

/**
 * JSON with the keys of every object sorted, so equal content always serialises the same way.
 * Follows `JSON.stringify` otherwise (`toJSON`, `undefined` and functions dropped from objects and
 * written as null in arrays). A `__proto__` key is an ordinary key here (B8).
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return stableStringify(withJson.toJSON());
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => (item === undefined || typeof item === 'function' ? 'null' : stableStringify(item)));
    return `[${items.join(',')}]`;
  }
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const nested = (value as Record<string, unknown>)[key];
    if (nested === undefined || typeof nested === 'function') continue;
    parts.push(`${JSON.stringify(key)}:${stableStringify(nested)}`);
  }
  return `{${parts.join(',')}}`;
}
