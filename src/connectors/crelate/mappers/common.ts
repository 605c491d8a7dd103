/**
 * Pieces every Crelate mapper shares: GUID normalisation, unified ids, dates and the common record
 * fields.
 *
 * Tags such as A.7 are defined in docs/connectors/sources/crelate.md (quirk numbers too).
 */
import { toIsoUtc } from '../../../core/dates.js';
import { encodeId } from '../../../core/ids.js';

/** The provider name used in ids. */
export const PROVIDER = 'crelate';

/**
 * A GUID in lower case. Crelate sends most ids in lower case but some constants in upper case
 * (A.7 common notes, quirk 5), so every id is normalised before it is compared or encoded.
 */
export function guid(value: string): string {
  return value.trim().toLowerCase();
}

/** A lookup's id in lower case, or null when the lookup or its id is absent or blank. */
export function lookupId(lookup: { Id?: string | null } | null | undefined): string | null {
  const id = lookup?.Id;
  return typeof id === 'string' && id.trim() !== '' ? guid(id) : null;
}

/** A unified id for a Crelate record (every part a lower-case GUID). */
export function crId(kind: string, ...parts: string[]): string {
  return encodeId(PROVIDER, kind, ...parts.map(guid));
}

/** `''` and whitespace become null (the unified models never hold `''`). */
export function nonEmpty(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

/**
 * A Crelate timestamp as UTC ISO. Most carry `Z` with 0–7 fractional digits; date-only values come
 * as zone-less midnights (`2005-03-07T00:00:00`, A.5), read here as UTC (INFERRED: the account's
 * zone is not in the payload).
 */
export function crelateDate(value: string | null | undefined): string | null {
  const text = nonEmpty(value);
  if (text === null) return null;
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
  return toIsoUtc(zoned);
}

/** The common fields of a unified record. */
export function commonRecord(
  kind: string,
  remoteId: string,
  stamps: { CreatedOn?: string | null; ModifiedOn?: string | null },
  raw: Record<string, unknown>,
  idParts: string[] = [remoteId],
) {
  const updated = crelateDate(stamps.ModifiedOn);
  return {
    id: crId(kind, ...idParts),
    remote_id: guid(remoteId),
    changed_at: updated,
    remote_deleted_at: null,
    remote_created_at: crelateDate(stamps.CreatedOn),
    remote_updated_at: updated,
    remote_data: raw,
  };
}
