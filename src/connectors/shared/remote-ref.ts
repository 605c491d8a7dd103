/**
 * A caller's id (a unified id or the provider's own) as the provider's id, for a filter sent to the
 * provider. Returns null when it cannot be sent safely (a unified id of another provider or kind, a
 * value that is not shaped like the provider's ids): the filter is then applied client-side only,
 * and no request is ever built from an unchecked value.
 */
import { tryDecode } from '../../core/ids.js';

/** The provider id in `value`, or null. `shape` checks a raw provider id (Teamtailor: digits). */
export function remoteRefOf(value: string, provider: string, kind: string, shape: RegExp): string | null {
  const parts = tryDecode(value);
  if (parts && parts[0] === provider) {
    return parts[1] === kind && parts.length === 3 && shape.test(parts[2] as string) ? (parts[2] as string) : null;
  }
  return shape.test(value) ? value : null;
}
