/**
 * undici's response headers (a name may repeat, as an array) as one lower-cased string per name.
 * @module
 */

/** Flattens undici response headers: lower-cased names, repeated values joined with ", ". */
export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
