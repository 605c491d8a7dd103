/**
 * Pieces every Flatchr mapper shares: unified ids, `''` → null, the common record fields.
 */
import { encodeId } from '../../../core/ids.js';
import { flatchrDate } from '../dates.js';

/** The provider name used in ids. */
export const PROVIDER = 'flatchr';

/** A unified id for a Flatchr record. */
export function flId(kind: string, ...parts: (string | number)[]): string {
  return encodeId(PROVIDER, kind, ...parts);
}

/** `''` and whitespace become null (the unified models never hold `''`). */
export function nonEmpty(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  return text.trim() === '' ? null : text;
}

/** The common fields of a unified record; dates in any Flatchr format. */
export function commonRecord(
  kind: string,
  remoteId: string,
  dates: { created_at?: unknown; updated_at?: unknown },
  raw: Record<string, unknown>,
  idParts: (string | number)[] = [remoteId],
) {
  const updated = flatchrDate(dates.updated_at);
  return {
    id: flId(kind, ...idParts),
    remote_id: remoteId,
    changed_at: updated,
    remote_deleted_at: null,
    remote_created_at: flatchrDate(dates.created_at),
    remote_updated_at: updated,
    remote_data: raw,
  };
}

/**
 * The identity of the person behind a search row. Flatchr search rows carry no candidate id
 *, so a person is their email (lower-cased), as the notes advise; a row without an
 * email is a person of its own, keyed by its applicant id.
 */
export function candidateKey(row: { email?: string | null; applicant: string }): ['email' | 'applicant', string] {
  const email = nonEmpty(row.email)?.trim().toLowerCase();
  return email ? ['email', email] : ['applicant', row.applicant];
}

/** The unified candidate id of a search row's person. */
export function candidateIdOf(row: { email?: string | null; applicant: string }): string {
  return flId('candidate', ...candidateKey(row));
}
