/**
 * Pieces every Jarvi mapper shares: unified ids, `''` → null, Jarvi timestamps, the common record
 * fields, and custom field values (`fieldsValues[]`, B.6.2).
 *
 * Tags such as B.6.2 are defined in docs/connectors/sources/jarvi.md (quirk numbers too), scenario ids such as B8 in docs/scenarios.md.
 */
import { toIsoUtc } from '../../../core/dates.js';
import { encodeId } from '../../../core/ids.js';
import type { IntegrationField } from '../../../models/index.js';
import type { WireFieldValue } from '../wire.js';

/** The provider name used in ids. */
export const PROVIDER = 'jarvi';

/** A unified id for a Jarvi record. */
export function jarviId(kind: string, ...parts: string[]): string {
  return encodeId(PROVIDER, kind, ...parts.map((part) => part.toLowerCase()));
}

/** `''` and whitespace become null (the unified models never hold `''`). */
export function nonEmpty(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value.trim();
}

/**
 * A Jarvi timestamp as UTC ISO. Jarvi sends microseconds and `+00:00` with trailing zeros trimmed
 * (`…:40.484813+00:00`, `…:20.34+00:00`, `…:00+00:00`, quirk 15); date-fns reads every form and
 * keeps milliseconds. An unparseable value throws, so the record is quarantined, not mis-dated.
 */
export function jarviDate(value: string | null | undefined): string | null {
  return toIsoUtc(nonEmpty(value));
}

/** The common fields of a unified record. */
export function commonRecord(
  kind: string,
  remoteId: string,
  stamps: { createdAt?: string | null; updatedAt?: string | null; deletedAt?: string | null },
  raw: Record<string, unknown>,
  idParts: string[] = [remoteId],
) {
  const updated = jarviDate(stamps.updatedAt);
  return {
    id: jarviId(kind, ...idParts),
    remote_id: remoteId,
    changed_at: updated,
    // Soft delete (B.4): a non-null `deletedAt` is a deletion event, whatever the listing says.
    remote_deleted_at: jarviDate(stamps.deletedAt),
    remote_created_at: jarviDate(stamps.createdAt),
    remote_updated_at: updated,
    remote_data: raw,
  };
}

/** The readable value of a custom field value: text in `value`, a choice's name, or a place. */
export function fieldValueOf(entry: WireFieldValue): unknown {
  if (entry.value !== undefined && entry.value !== null && entry.value !== '') return entry.value;
  const choice = nonEmpty(entry.fieldValue?.name) ?? nonEmpty(entry.fieldValue?.technicalValue);
  if (choice) return choice;
  const place = nonEmpty(entry.location?.formattedAddress) ?? nonEmpty(entry.location?.search) ?? nonEmpty(entry.location?.locality);
  return place ?? null;
}

/**
 * Custom fields keyed by the field's UUID (the key `POST /profiles` takes back, B.7.1), and the
 * same values as integration fields with the field's name and type. Several values of one
 * multiple-choice field become an array.
 */
export function customFields(values: readonly WireFieldValue[] | null | undefined) {
  // A null-prototype map, so a `__proto__` key from the wire is just a key (B8).
  const custom = Object.create(null) as Record<string, unknown>;
  const integration: IntegrationField[] = [];
  for (const entry of values ?? []) {
    const key = nonEmpty(entry.field?.id) ?? nonEmpty(entry.id);
    if (!key) continue;
    const value = fieldValueOf(entry);
    const previous = custom[key];
    custom[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    integration.push({ id: entry.id ?? key, key, type: nonEmpty(entry.field?.type), value, label: nonEmpty(entry.field?.name) });
  }
  return { custom: plainCopy(custom), integration };
}

/** Copies a null-prototype record into a plain object with `defineProperty` (no setter runs, B8). */
export function plainCopy(source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    Object.defineProperty(out, key, { value: source[key], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The value of the first custom field with this `purpose` (job-ad fields, B.6.2). */
export function byPurpose(values: readonly WireFieldValue[] | null | undefined, purpose: string): WireFieldValue | null {
  return (values ?? []).find((entry) => entry.field?.purpose === purpose) ?? null;
}

/** A text value of a purpose field, or null. */
export function purposeText(values: readonly WireFieldValue[] | null | undefined, purpose: string): string | null {
  const entry = byPurpose(values, purpose);
  const value = entry ? fieldValueOf(entry) : null;
  return typeof value === 'string' ? nonEmpty(value) : null;
}
