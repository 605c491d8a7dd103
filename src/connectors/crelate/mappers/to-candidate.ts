/**
 * Contacts → `Candidate` (A.7.1). Only contacts whose `RecordType` has the candidate bit are
 * candidates (client contacts and leads share `/contacts`, quirk 2). Contact points are fixed
 * slots (`EmailAddresses_Work`, `PhoneNumbers_Mobile`, `Websites_LinkedIn`...), each one object:
 * every non-empty slot becomes one entry typed by its slot name (quirk 3).
 *
 * Tags such as A.7.1 are defined in docs/connectors/sources/crelate.md (quirk numbers too).
 */
import type { Candidate } from '../../../models/index.js';
import { candidateRecord } from '../../shared/candidate-record.js';
import { crelateDescriptor as descriptor } from '../descriptor.js';
import type { z } from 'zod';
import { toLocation } from '../../shared/location.js';
import { addressSchema, contactSlotSchema, type WireContact } from '../wire.js';
import { commonRecord, crId, guid, lookupId, nonEmpty } from './common.js';
import { checkedParse } from '../../../core/schema-check.js';

/** Whether a contact is a candidate (`RecordType & 1`; null is not). */
export function isCandidate(raw: { RecordType?: number | null }): boolean {
  return typeof raw.RecordType === 'number' && (raw.RecordType & descriptor.candidateRecordTypeBit) !== 0;
}

/** Maps one Crelate contact, or null when it is not a candidate. */
export function toCandidate(raw: WireContact): Candidate | null {
  if (!isCandidate(raw)) return null;
  const record = raw as Record<string, unknown>;
  const primaryOwner = raw.Owners?.find((owner) => owner.IsPrimary) ?? null;
  const points = contactPoints(record);
  const common = commonRecord('candidate', raw.Id, raw, record);
  const { first_name, last_name } = names(raw);
  return candidateRecord(common, {
    first_name,
    last_name,
    company: nonEmpty(raw.CurrentPosition?.CompanyId?.Title),
    title: nonEmpty(raw.CurrentPosition?.JobTitle),
    confidential: null,
    source: nonEmpty(raw.ContactSourceId?.Title),
    phone_numbers: points.phones,
    email_addresses: points.emails,
    social_media: points.websites.length === 0 ? points.instants : points.instants.length === 0 ? points.websites : [...points.websites, ...points.instants],
    tags: candidateTags(raw.Tags),
    location: candidateLocation(record),
    remote_url: descriptor.appUrl.contact(guid(raw.Id)),
    custom_fields: {},
    integration_fields: [
      { id: 'RecordType', key: 'RecordType', type: 'bitmask', value: raw.RecordType ?? null, label: 'Record type (1 candidate, 2 client contact, 4 lead)' },
      { id: 'ExternalPrimaryKey', key: 'ExternalPrimaryKey', type: 'string', value: nonEmpty(raw.ExternalPrimaryKey), label: 'External primary key' },
      { id: 'PrimaryOwner', key: 'PrimaryOwner', type: 'user', value: lookupId(primaryOwner), label: nonEmpty(primaryOwner?.Title) },
      { id: 'PrimaryDocumentAttachmentId', key: 'PrimaryDocumentAttachmentId', type: 'artifact', value: lookupId(raw.PrimaryDocumentAttachmentId), label: 'Resume' },
    ],
  });
}

/** Address slots in the order tried when none is primary. */
const ADDRESS_SLOTS = ['Addresses_Home', 'Addresses_Business', 'Addresses_Other'] as const;

/** The primary address (else the first filled one: home, business, other) as a location. */
function candidateLocation(record: Record<string, unknown>): Candidate['location'] {
  let firstFilled: Candidate['location'] = null;
  for (const slot of ADDRESS_SLOTS) {
    const value = record[slot];
    if (value === null || value === undefined) continue;
    const parsed = checkedParse(addressSchema, value);
    if (!parsed.success || !parsed.data) continue;
    if (parsed.data.IsPrimary === true) return toLocation(fields(parsed.data));
    firstFilled ??= toLocation(fields(parsed.data));
  }
  return firstFilled;
}

function fields(address: z.infer<typeof addressSchema>) {
  const city = nonEmpty(address.City);
  const state = nonEmpty(address.State);
  return {
    name: [city, state].filter(Boolean).join(', ') || null,
    street_1: nonEmpty(address.Line1),
    street_2: nonEmpty(address.Line2),
    city,
    state,
    zip_code: nonEmpty(address.ZipCode),
    country: nonEmpty(address.CountryId?.Title),
  };
}

/** First and last name; `Name` is "Last, First" (quirk 1) and is only a fallback. */
function names(raw: WireContact): { first_name: string | null; last_name: string | null } {
  const first = nonEmpty(raw.FirstName);
  const last = nonEmpty(raw.LastName);
  if (first !== null || last !== null) return { first_name: first, last_name: last };
  const name = nonEmpty(raw.Name);
  if (name === null) return { first_name: null, last_name: null };
  const comma = name.indexOf(',');
  return comma < 0
    ? { first_name: null, last_name: name.trim() }
    : { first_name: nonEmpty(name.slice(comma + 1))?.trim() ?? null, last_name: nonEmpty(name.slice(0, comma))?.trim() ?? null };
}

/** The contact points of a contact, each family in payload order. */
interface ContactPoints {
  phones: Candidate['phone_numbers'];
  emails: Candidate['email_addresses'];
  websites: Candidate['social_media'];
  instants: Candidate['social_media'];
}

/**
 * Every non-empty slot of the four families (`PhoneNumbers_Mobile`, `EmailAddresses_Work`,
 * `Websites_LinkedIn`, `InstantAddresses_Skype`...), typed by its slot name, in one pass over the
 * contact's keys (a contact has a hundred or so).
 */
function contactPoints(record: Record<string, unknown>): ContactPoints {
  const points: ContactPoints = { phones: [], emails: [], websites: [], instants: [] };
  for (const key in record) {
    const family = key.startsWith('PhoneNumbers_') ? 13 : key.startsWith('EmailAddresses_') ? 15 : key.startsWith('Websites_') ? 9 : key.startsWith('InstantAddresses_') ? 17 : 0;
    if (family === 0 || !Object.hasOwn(record, key)) continue;
    const value = record[key];
    if (value === null || value === undefined) continue;
    const parsed = checkedParse(contactSlotSchema, value);
    const text = parsed.success ? nonEmpty(parsed.data.Value)?.trim() : null;
    if (!text) continue;
    const slot = key.slice(family);
    if (family === 13) points.phones.push({ phone_number: text, type: phoneType(slot) });
    else if (family === 15) points.emails.push({ email_address: text, type: emailType(slot) });
    else if (family === 9) points.websites.push({ link: text, type: websiteType(slot), username: null });
    else points.instants.push({ link: null, type: slot.toUpperCase(), username: text });
  }
  return points;
}

function emailType(slot: string): Candidate['email_addresses'][number]['type'] {
  switch (slot) {
    case 'Personal':
    case 'Personal_Other':
      return 'PERSONAL';
    case 'Work':
    case 'Work_Other':
      return 'WORK';
    default:
      return 'OTHER';
  }
}

function phoneType(slot: string): Candidate['phone_numbers'][number]['type'] {
  switch (slot) {
    case 'Mobile':
    case 'Mobile_Other':
      return 'MOBILE';
    case 'Home':
      return 'HOME';
    case 'Work_Main':
    case 'Work_Direct':
    case 'Work_Other':
      return 'WORK';
    default:
      return 'OTHER';
  }
}

function websiteType(slot: string): string {
  switch (slot) {
    case 'LinkedIn':
      return 'LINKEDIN';
    case 'GitHub':
      return 'GITHUB';
    case 'Facebook':
      return 'FACEBOOK';
    default:
      // Personal, Business, Blog, Portfolio, Quora, RSSFeed...: the provider's word.
      return slot.toUpperCase();
  }
}

/** Tags of a record: every category's `{ Id, Title }` entries, distinct by id (A.7.9). */
export function candidateTags(tags: WireContact['Tags']): Candidate['tags'] {
  const seen = new Map<string, Candidate['tags'][number]>();
  for (const entries of Object.values(tags ?? {})) {
    for (const entry of entries ?? []) {
      const name = nonEmpty(entry.Title)?.trim();
      if (!name) continue;
      const id = lookupId(entry);
      const key = id ?? `name:${name.toLowerCase()}`;
      if (!seen.has(key)) seen.set(key, { id: id ? crId('tag', id) : null, name });
    }
  }
  return [...seen.values()];
}
