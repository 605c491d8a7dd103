/**
 * Pieces every Gem mapper shares: unified ids, `''` → null, and the common record fields with
 * `deleted_at` → `remote_deleted_at`.
 */
import { toIsoUtc } from '../../../core/dates.js';
import { encodeId } from '../../../core/ids.js';

/** The provider name used in ids. */
export const PROVIDER = 'gem';

/** A unified id for a Gem record. */
export function gemId(kind: string, ...parts: string[]): string {
  return encodeId(PROVIDER, kind, ...parts);
}

/** `''` and whitespace become null (the unified models never hold `''`). */
export function nonEmpty(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

/** The later of two ISO instants (either may be null). */
export function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** The timestamps a Gem object may carry. */
export interface GemStamps {
  created_at?: string | null;
  updated_at?: string | null;
  deleted_at?: string | null;
}

/**
 * The common fields of a unified record. `changed_at` is the later of `updated_at` and
 * `deleted_at`, so a soft deletion is delivered by a delta run even if it did not bump `updated_at`.
 */
export function commonRecord(
  kind: string,
  remoteId: string,
  stamps: GemStamps,
  raw: Record<string, unknown>,
  idParts: string[] = [remoteId],
) {
  const updated = toIsoUtc(stamps.updated_at);
  const deleted = toIsoUtc(stamps.deleted_at);
  return {
    id: gemId(kind, ...idParts),
    remote_id: remoteId,
    changed_at: latest(updated, deleted),
    remote_deleted_at: deleted,
    remote_created_at: toIsoUtc(stamps.created_at),
    remote_updated_at: updated,
    remote_data: raw,
  };
}

/** An `integration_fields` entry for a raw field surfaced as-is. */
export function integrationField(key: string, type: string | null, value: unknown, label: string | null) {
  return { id: key, key, type, value: value ?? null, label };
}

/** A plain object without a prototype chain for building maps from provider keys (a key such as `__proto__` stays a plain key), copied back. */
export function plainRecord(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of entries) out[key] = value;
  return { ...out };
}
