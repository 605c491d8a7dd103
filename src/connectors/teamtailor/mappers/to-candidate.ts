/**
 * `candidates` → `Candidate`. Email and phone are single fields; LinkedIn is the only social link;
 * tags are plain strings whose unified id is derived from the name; custom field values
 * come from the page's `included` array, keyed by the custom field's `api-name`.
 */
import type { z } from 'zod';
import type { Candidate, IntegrationField } from '../../../models/index.js';
import { rawField } from '../../../core/raw-fields.js';
import { attribute, type IncludedIndex } from '../jsonapi.js';
import type { candidateSchema } from '../wire.js';
import { nonEmpty, ttId } from './common.js';
import { toIsoUtc } from '../../../core/dates.js';
import { uniqueTags } from '../../shared/tags.js';

type WireCandidate = z.infer<typeof candidateSchema>;

/** Maps one Teamtailor candidate. */
export function toCandidate(raw: WireCandidate, included: IncludedIndex): Candidate {
  const a = raw.attributes;
  const email = nonEmpty(a.email);
  const phone = nonEmpty(a.phone);
  const linkedin = nonEmpty(a['linkedin-url']);
  const integration: IntegrationField[] = [];
  const custom = customFields(raw, included, integration);
  const tags = a.tags;
  // The common record fields inline (no intermediate object to spread), the whole record in the
  // unified schema's key order, so the pipeline's check returns it without a copy.
  const updated = toIsoUtc(a['updated-at']);
  return {
    id: ttId('candidate', raw.id),
    remote_id: raw.id,
    changed_at: updated,
    remote_deleted_at: null,
    remote_created_at: toIsoUtc(a['created-at']),
    remote_updated_at: updated,
    remote_data: raw,
    first_name: nonEmpty(a['first-name']),
    last_name: nonEmpty(a['last-name']),
    company: null,
    title: null,
    confidential: null,
    source: nonEmpty(a['referring-site']) ?? (a.sourced ? 'Sourced' : null),
    phone_numbers: phone ? [{ phone_number: phone, type: null }] : [],
    email_addresses: email ? [{ email_address: email, type: null }] : [],
    social_media: linkedin ? [{ link: linkedin, type: 'LINKEDIN', username: null }] : [],
    tags: tags && tags.length > 0 ? uniqueTags(tags).map(toTagRef) : [],
    location: null,
    remote_url: null,
    custom_fields: custom,
    integration_fields: integration,
  };
}

function toTagRef(name: string) {
  return { id: tagId(name), name };
}

/**
 * The unified id of a tag: Teamtailor tags are bare names, so the name is the identity. The text
 * of `nameTagId(PROVIDER, name)` (the trimmed, lower-cased name), encoded through `ttId`.
 */
export function tagId(name: string): string {
  return ttId('tag', name.trim().toLowerCase());
}

export { uniqueTags };

/**
 * The candidate's custom field values from the page's `included` resources: returns the
 * `custom_fields` object (by the field's `api-name`, else its name, else the value's id) and
 * pushes one integration field per value onto `integration`. A value or field that was not
 * included is left out or unnamed, as before.
 */
function customFields(raw: WireCandidate, included: IncludedIndex, integration: IntegrationField[]): Record<string, unknown> {
  const custom: Record<string, unknown> = {};
  const data = raw.relationships?.['custom-field-values']?.data;
  if (!Array.isArray(data)) return custom;
  for (let position = 0; position < data.length; position += 1) {
    const valueId = (data[position] as { id: string }).id;
    const value = included.get(`custom-field-values:${valueId}`);
    if (!value) continue;
    const fieldId = rawField(value.relationships?.['custom-field']?.data, 'id');
    const field = typeof fieldId === 'string' ? (included.get(`custom-fields:${fieldId}`) ?? null) : null;
    const label = attribute(field, 'name');
    const key = attribute(field, 'api-name') ?? label ?? valueId;
    const fieldValue = value.attributes.value ?? null;
    // `custom[key] = …` would set the prototype for a key named `__proto__`: define it instead.
    if (key === '__proto__') Object.defineProperty(custom, key, { value: fieldValue, writable: true, enumerable: true, configurable: true });
    else custom[key] = fieldValue;
    integration.push({ id: valueId, key, type: attribute(value, 'field-type') ?? attribute(field, 'field-type'), value: fieldValue, label });
  }
  return custom;
}
