/**
 * The content-hash serialiser of the first releases (recursive, sorted keys, otherwise
 * `JSON.stringify`): the reference the current serialiser must match bit for bit.
 */
export function recursiveReference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return recursiveReference(withJson.toJSON());
  if (Array.isArray(value)) return `[${value.map((item: unknown) => (item === undefined || typeof item === 'function' ? 'null' : recursiveReference(item))).join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined && typeof item !== 'function') parts.push(`${JSON.stringify(key)}:${recursiveReference(item)}`);
  }
  return `{${parts.join(',')}}`;
}
