import { z } from 'zod';

/**
 * An ISO 8601 timestamp in UTC (`2024-05-02T14:40:03.880Z`). Connectors normalise every provider
 * date to this form at the edge, so comparisons and cursors never depend on a provider's format.
 */
export const IsoDateTimeSchema = z.iso.datetime({ offset: false });

/** A value that is either a UTC ISO 8601 timestamp or `null` when the provider has none. */
export const NullableDateTimeSchema = IsoDateTimeSchema.nullable();

/**
 * An enum whose unknown values never crash a parse: any other string becomes `null` (the raw value
 * stays in `remote_data`). The field itself is still required, and a non-string still fails, so a
 * mapper that forgets the field is caught. Mappers still map explicitly with a `switch`.
 */
export function tolerantEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.union([z.enum(values), z.null(), z.string().transform((): null => null)]);
}

/**
 * A list enum whose unknown string values become `fallback` (usually `'OTHER'`) instead of failing.
 */
export function tolerantEnumWithFallback<const T extends readonly [string, ...string[]]>(
  values: T,
  fallback: T[number],
) {
  return z.union([z.enum(values), z.string().transform((): T[number] => fallback)]);
}

/**
 * Fields every unified record carries: a stable opaque `id`, the provider's `remote_id`, the
 * provider's timestamps and the raw object(s) the record was mapped from.
 */
export const commonFields = {
  /** Stable, opaque, unique per model within a connection; accepted back by every action. */
  id: z.string().min(1),
  /** The provider's own identifier, as a string. */
  remote_id: z.string().min(1),
  /** The provider's last-modified time, or `null` when the provider has none (the engine fills it). */
  changed_at: NullableDateTimeSchema,
  /** Set when the provider signals a deletion, or when the sync engine detects one in a full scan. */
  remote_deleted_at: NullableDateTimeSchema,
  /** When the record was created at the provider. */
  remote_created_at: NullableDateTimeSchema,
  /** When the record was last updated at the provider. */
  remote_updated_at: NullableDateTimeSchema,
  /** The raw provider object(s) this record was mapped from, kept as-is. */
  remote_data: z.record(z.string(), z.unknown()).nullable(),
} as const;

/**
 * A raw provider field surfaced as-is (`integration_fields`), for fields that have no unified home.
 */
export const IntegrationFieldSchema = z.strictObject({
  /** The provider's id of the field (or its key when it has no id). */
  id: z.string(),
  /** The provider's key of the field. */
  key: z.string(),
  /** The provider's type of the field (`text`, `select`, ...), or `null` when unknown. */
  type: z.string().nullable(),
  /** The field's value as the provider sent it. */
  value: z.unknown(),
  /** A human-readable label, when the provider has one. */
  label: z.string().nullable(),
});

/** A raw provider field surfaced as-is. */
export type IntegrationField = z.infer<typeof IntegrationFieldSchema>;

/** Custom fields keyed by the provider's field key. */
export const CustomFieldsSchema = z.record(z.string(), z.unknown());
