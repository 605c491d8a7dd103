/**
 * Stable opaque ids. A unified `id` encodes the provider, the kind of record and the provider's
 * identity for it (one part, or several for composite identities such as "stage X of job Y"), so
 * every action can take back the ids that reads return and recover the provider's identity
 * without a lookup. Ids are base64url, so they are safe in URLs and file names.
 */
import { ConfigError } from './errors.js';

/**
 * Encodes a provider identity into an opaque unified id.
 * @param provider the provider (`'teamtailor'`)
 * @param kind the kind of record (`'candidate'`, `'job_stage'`...)
 * @param parts the provider's identity: one id, or several for a composite identity
 */
export function encodeId(provider: string, kind: string, ...parts: (string | number)[]): string {
  if (parts.length === 0) throw new TypeError('encodeId needs at least one identity part');
  const payload = JSON.stringify([provider, kind, ...parts.map(String)]);
  return Buffer.from(payload, 'utf8').toString('base64url');
}

/**
 * Decodes a unified id back to the provider's identity parts. Throws a `ConfigError` when the id
 * is not an id of that provider and kind (a candidate id passed where an application id belongs).
 */
export function decodeId(
  id: string,
  provider: string,
  kind: string,
  operation = 'decodeId',
): string[] {
  const parsed = tryDecode(id);
  if (!parsed || parsed[0] !== provider || parsed[1] !== kind || parsed.length < 3) {
    const found = parsed ? `a ${parsed[0]} ${parsed[1]} id` : 'not a unified-ats id';
    throw new ConfigError(`Expected a ${provider} ${kind} id, got ${found}.`, {
      provider,
      operation,
    });
  }
  return parsed.slice(2);
}

/** Decodes an id of any kind, or returns null when it is not one of ours. */
export function tryDecode(id: string): string[] | null {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.every((part) => typeof part === 'string')) return value;
  } catch {
    // not JSON: not one of our ids
  }
  return null;
}
