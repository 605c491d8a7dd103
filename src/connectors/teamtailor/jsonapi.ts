/**
 * JSON:API helpers for Teamtailor pages: an index of the `included` array built once per page, and
 * relationship lookups. Pure; no I/O.
 */
import { rawField } from '../../core/raw-fields.js';
import { includedSchema, type TeamtailorResource } from './wire.js';
import { checkedParse } from '../../core/schema-check.js';

/** Sideloaded resources of one page, by `type:id`. */
export type IncludedIndex = ReadonlyMap<string, TeamtailorResource>;

/**
 * Indexes a page's `included` array; entries that are not resource objects are skipped. Each
 * entry goes through `includedSchema` with `checkedParse`: one already in the schema's form is
 * indexed as it is, any other is parsed (numeric ids become strings, missing attributes `{}`).
 */
export function indexIncluded(included: readonly unknown[] | null | undefined): IncludedIndex {
  const index = new Map<string, TeamtailorResource>();
  if (!included) return index;
  for (let position = 0; position < included.length; position += 1) {
    const parsed = checkedParse(includedSchema, included[position]);
    if (parsed.success) index.set(`${parsed.data.type}:${parsed.data.id}`, parsed.data);
  }
  return index;
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
