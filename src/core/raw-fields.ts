/**
 * Reading raw provider items that may have failed their schema (for ids, sort keys and filters
 * checked before or without a schema), without casts: own fields only, so a `__proto__` key in a
 * payload is just a key.
 */

/**
 * One own field of a raw item that may have failed its schema (undefined when the item is not an
 * object or lacks it): for reading ids and sort keys leniently, before or without a schema.
 */
export function rawField(item: unknown, key: string): unknown {
  return item !== null && typeof item === 'object' && Object.hasOwn(item, key) ? Reflect.get(item, key) : undefined;
}

/** A provider id value as text: a non-empty string, or a safe integer; anything else is null. */
export function idText(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}
