/**
 * JSON:API helpers for Teamtailor pages: an index of the `included` array built once per page, and
 * relationship lookups. Pure; no I/O.
 */
import { rawField } from '../../core/raw-fields.js';
import { includedSchema, type TeamtailorResource } from './wire.js';

/** Sideloaded resources of one page, by `type:id`. */
export type IncludedIndex = ReadonlyMap<string, TeamtailorResource>;

/**
 * Indexes a page's `included` array; entries that are not resource objects are skipped. An entry
 * already in the exact form `includedSchema` would give (string ids, attributes and relationship
 * objects present, no `__proto__` keys) is indexed as it is; any other goes through the schema,
 * which converts numeric ids, defaults missing attributes and rejects what is not a resource.
 */
export function indexIncluded(included: readonly unknown[] | null | undefined): IncludedIndex {
  const index = new Map<string, TeamtailorResource>();
  if (!included) return index;
  for (let position = 0; position < included.length; position += 1) {
    const entry = included[position];
    let resource: TeamtailorResource;
    if (isPlainResource(entry)) resource = entry;
    else {
      const parsed = includedSchema.safeParse(entry);
      if (!parsed.success) continue;
      resource = parsed.data;
    }
    index.set(`${resource.type}:${resource.id}`, resource);
  }
  return index;
}

const hasOwn = Object.hasOwn;

/** A JSON object (not an array, no `__proto__` own key) or not. */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype && !hasOwn(value, '__proto__');
}

/** `{ type, id }` linkage with a string type and a non-empty string id. */
function isPlainIdentifier(value: unknown): boolean {
  return isJsonObject(value) && typeof value.type === 'string' && typeof value.id === 'string' && value.id !== '';
}

/**
 * Whether an `included` entry is a resource that `includedSchema` accepts and would return
 * unchanged but for being a copy: the schema's transforms (numeric ids to strings, missing
 * attributes to `{}`) have nothing to do and no key is one the schema drops.
 */
function isPlainResource(entry: unknown): entry is TeamtailorResource {
  if (!isJsonObject(entry)) return false;
  const { id, type, attributes, relationships, links } = entry;
  if (typeof id !== 'string' || id === '' || typeof type !== 'string' || !isJsonObject(attributes)) return false;
  if (links !== undefined && links !== null && !isJsonObject(links)) return false;
  if (relationships === undefined || relationships === null) return true;
  if (!isJsonObject(relationships)) return false;
  for (const name in relationships) {
    const relationship = relationships[name];
    if (!isJsonObject(relationship)) return false;
    const data = relationship.data;
    if (data === undefined || data === null) continue;
    if (Array.isArray(data)) {
      for (let position = 0; position < data.length; position += 1) if (!isPlainIdentifier(data[position])) return false;
    } else if (!isPlainIdentifier(data)) return false;
  }
  return true;
}

type WithRelationships = { relationships?: Record<string, { data?: unknown }> | null };

/** The id of a to-one relationship, or null when absent or not included. */
export function relatedId(resource: WithRelationships, name: string): string | null {
  const id = rawField(resource.relationships?.[name]?.data, 'id');
  return typeof id === 'string' ? id : null;
}

/** The ids of a to-many relationship (empty when absent or not included). */
export function relatedIds(resource: WithRelationships, name: string): string[] {
  const data = resource.relationships?.[name]?.data;
  return Array.isArray(data) ? data.map((entry: { id: string }) => entry.id) : [];
}

/** The included resource a to-one relationship points at, or null. */
export function relatedResource(
  resource: WithRelationships,
  name: string,
  type: string,
  included: IncludedIndex,
): TeamtailorResource | null {
  const id = relatedId(resource, name);
  return id === null ? null : (included.get(`${type}:${id}`) ?? null);
}

/** A string attribute of an included resource, or null. */
export function attribute(resource: TeamtailorResource | null, name: string): string | null {
  const value = resource?.attributes[name];
  return typeof value === 'string' && value !== '' ? value : null;
}
