/**
 * `profiles` → `Candidate` (B.6.1). Only talents are candidates: the `isTalent` filter leaks ~1%
 * of contacts (quirk 4), so a profile with `isTalent !== true` maps to nothing. Emails and phones
 * are arrays of objects (or strings) on read; `preferredEmailAddress` comes first. Tags are the
 * values of custom fields of type `tags` (INFERRED, B.1).
 *
 * Tags such as B.6.1 are defined in docs/connectors/sources/jarvi.md (quirk numbers too).
 */
import type { Candidate } from '../../../models/index.js';
import { jarviDescriptor as descriptor } from '../descriptor.js';
import type { WireProfile } from '../wire.js';
import { commonRecord, customFields, fieldValueOf, jarviId, nonEmpty } from './common.js';
import { candidateRecord } from '../../shared/candidate-record.js';
import { toLocation } from '../../shared/location.js';

/** Whether a profile is a candidate: a talent (a contact may be one too). */
export function isCandidate(raw: Pick<WireProfile, 'isTalent'>): boolean {
  return raw.isTalent === true;
}

/** Maps one Jarvi profile, or returns null when it is not a talent. */
export function toCandidate(raw: WireProfile): Candidate | null {
  if (!isCandidate(raw)) return null;
  const { custom, integration } = customFields(raw.fieldsValues);
  const linkedin = nonEmpty(raw.profileUrl);
  return candidateRecord(commonRecord('candidate', raw.id, raw, raw), {
    // `firstName` is the effective value; the user's entry wins over the CV's (quirk 13, INFERRED).
    first_name: nonEmpty(raw.firstName) ?? nonEmpty(raw.firstNameManual) ?? nonEmpty(raw.firstNameParsed),
    last_name: nonEmpty(raw.lastName) ?? nonEmpty(raw.lastNameManual) ?? nonEmpty(raw.lastNameParsed),
    company: nonEmpty(raw.lastPosition?.companyName),
    title: nonEmpty(raw.headline) ?? nonEmpty(raw.lastPosition?.title),
    confidential: null,
    source: profileSource(raw.source),
    phone_numbers: phones(raw),
    email_addresses: emails(raw).map((email_address) => ({ email_address, type: null })),
    social_media: linkedin ? [{ link: linkedin, type: 'LINKEDIN', username: nonEmpty(raw.publicIdentifier) }] : [],
    tags: tags(raw),
    // Jarvi keeps a place as one line (`locations[].name`, e.g. "Nantes, France"): not split.
    location: toLocation({ name: nonEmpty(raw.locations?.[0]?.name), raw: nonEmpty(raw.locations?.[0]?.name) }),
    remote_url: descriptor.appUrls.profile(raw.id),
    custom_fields: custom,
    integration_fields: [
      ...integration,
      { id: 'statusId', key: 'statusId', type: 'uuid', value: nonEmpty(raw.statusId), label: 'Profile status' },
      { id: 'isContact', key: 'isContact', type: 'boolean', value: raw.isContact ?? null, label: 'Also a client contact' },
      { id: 'externalId', key: 'externalId', type: 'string', value: nonEmpty(raw.externalId), label: 'External id' },
    ],
  });
}

/** Distinct addresses, the preferred one first (case-insensitive). */
export function emails(raw: Pick<WireProfile, 'preferredEmailAddress' | 'emailAddresses'>): string[] {
  const seen = new Map<string, string>();
  const add = (value: string | null | undefined) => {
    const email = nonEmpty(value);
    if (email && !seen.has(email.toLowerCase())) seen.set(email.toLowerCase(), email);
  };
  add(raw.preferredEmailAddress);
  for (const entry of raw.emailAddresses ?? []) add(typeof entry === 'string' ? entry : entry.email);
  return [...seen.values()];
}

/** Phone numbers: `canonicalNumber` (E.164, INFERRED) over the number as typed. */
function phones(raw: WireProfile): Candidate['phone_numbers'] {
  const out: Candidate['phone_numbers'] = [];
  const seen = new Set<string>();
  for (const entry of raw.phoneNumbers ?? []) {
    const number = typeof entry === 'string' ? nonEmpty(entry) : (nonEmpty(entry.canonicalNumber) ?? nonEmpty(entry.number));
    if (!number || seen.has(number)) continue;
    seen.add(number);
    out.push({ phone_number: number, type: typeof entry === 'string' ? null : phoneType(entry.type) });
  }
  return out;
}

/** Phone types. INFERRED values (`mobile` seen in third-party code); unknown → null, raw kept. */
export function phoneType(type: string | null | undefined): Candidate['phone_numbers'][number]['type'] {
  switch (type?.toLowerCase()) {
    case 'mobile':
    case 'cell':
      return 'MOBILE';
    case 'home':
    case 'personal':
      return 'HOME';
    case 'work':
    case 'office':
    case 'landline':
      return 'WORK';
    case 'other':
      return 'OTHER';
    default:
      return null;
  }
}

/** Profile sources: `MANUAL` is documented; the others are INFERRED. Unknown → null, raw kept. */
export function profileSource(source: string | null | undefined): string | null {
  switch (source) {
    case 'MANUAL':
      return 'Manual';
    case 'LINKEDIN':
      return 'LinkedIn';
    case 'APPLICATION':
    case 'APPLICANT':
      return 'Application';
    case 'IMPORT':
      return 'Import';
    case 'API':
      return 'API';
    default:
      return null;
  }
}

/** Values of custom fields of type `tags` (INFERRED, B.1), one tag per value. */
function tags(raw: WireProfile): Candidate['tags'] {
  const out = new Map<string, Candidate['tags'][number]>();
  for (const entry of raw.fieldsValues ?? []) {
    if (entry.field?.type !== 'tags') continue;
    const value = fieldValueOf(entry);
    const names = typeof value === 'string' ? value.split(',') : [];
    for (const name of names.map((part) => part.trim()).filter(Boolean)) {
      const id = nonEmpty(entry.fieldValue?.id);
      if (!out.has(name.toLowerCase())) out.set(name.toLowerCase(), { id: id ? jarviId('tag', id) : null, name });
    }
  }
  return [...out.values()];
}
