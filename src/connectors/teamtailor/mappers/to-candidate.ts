/**
 * `candidates` → `Candidate`. Email and phone are single fields; LinkedIn is the only social link;
 * tags are plain strings whose unified id is derived from the name; custom field values
 * come from the page's `included` array, keyed by the custom field's `api-name`.
 */
import type { z } from 'zod';
import type { Candidate, IntegrationField } from '../../../models/index.js';
import { attribute, relatedIds, relatedResource, type IncludedIndex } from '../jsonapi.js';
import type { candidateSchema } from '../wire.js';
import { commonRecord, nonEmpty } from './common.js';
import { nameTagId, uniqueTags } from '../../shared/tags.js';
import { PROVIDER } from './common.js';

type WireCandidate = z.infer<typeof candidateSchema>;

/** Maps one Teamtailor candidate. */
export function toCandidate(raw: WireCandidate, included: IncludedIndex): Candidate {
  const a = raw.attributes;
  const email = nonEmpty(a.email);
  const phone = nonEmpty(a.phone);
  const linkedin = nonEmpty(a['linkedin-url']);
  const { custom, integration } = customFields(raw, included);
  return {
    first_name: nonEmpty(a['first-name']),
    last_name: nonEmpty(a['last-name']),
    company: null,
    title: null,
    confidential: null,
    source: nonEmpty(a['referring-site']) ?? (a.sourced ? 'Sourced' : null),
    phone_numbers: phone ? [{ phone_number: phone, type: null }] : [],
    email_addresses: email ? [{ email_address: email, type: null }] : [],
    social_media: linkedin ? [{ link: linkedin, type: 'LINKEDIN', username: null }] : [],
    tags: uniqueTags(a.tags).map((name) => ({ id: tagId(name), name })),
    location: null,
    remote_url: null,
    custom_fields: custom,
    integration_fields: integration,
    ...commonRecord('candidate', raw.id, a, raw),
  };
}

/** The unified id of a tag: Teamtailor tags are bare names, so the name is the identity. */
export function tagId(name: string): string {
  return nameTagId(PROVIDER, name);
}

export { uniqueTags };

function customFields(raw: WireCandidate, included: IncludedIndex) {
  const custom: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const integration: IntegrationField[] = [];
  for (const valueId of relatedIds(raw, 'custom-field-values')) {
    const value = included.get(`custom-field-values:${valueId}`);
    if (!value) continue;
    const field = relatedResource(value, 'custom-field', 'custom-fields', included);
    const key = attribute(field, 'api-name') ?? attribute(field, 'name') ?? valueId;
    custom[key] = value.attributes.value ?? null;
    integration.push({
      id: valueId,
      key,
      type: attribute(value, 'field-type') ?? attribute(field, 'field-type'),
      value: value.attributes.value ?? null,
      label: attribute(field, 'name'),
    });
  }
  // A plain object again, so the record serialises and compares like any other.
  return { custom: { ...custom }, integration };
}
