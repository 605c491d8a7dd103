/**
 * Pieces every Teamtailor mapper shares: unified ids and the common record fields.
 */
import { toIsoUtc } from '../../../core/dates.js';
import { encodeId } from '../../../core/ids.js';

/** The provider name used in ids. */
export const PROVIDER = 'teamtailor';

/** A unified id for a Teamtailor record. */
export function ttId(kind: string, ...parts: string[]): string {
  return encodeId(PROVIDER, kind, ...parts);
}

/** `''` and whitespace become null (the unified models never hold `''`). */
export function nonEmpty(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

/** The common fields of a unified record. */
export function commonRecord(
  kind: string,
  remoteId: string,
  attributes: { 'created-at'?: string | null; 'updated-at'?: string | null },
  raw: Record<string, unknown>,
  idParts: string[] = [remoteId],
) {
  const updated = toIsoUtc(attributes['updated-at']);
  return {
    id: ttId(kind, ...idParts),
    remote_id: remoteId,
    changed_at: updated,
    remote_deleted_at: null,
    remote_created_at: toIsoUtc(attributes['created-at']),
    remote_updated_at: updated,
    remote_data: raw,
  };
}
