/**
 * Builds the `entity` of `POST /contacts` from a `createCandidate` input (A.7.1, A.8). Crelate has
 * fixed contact-point slots, refuses a whole create for one phone it cannot read (A.10), and
 * silently creates related records from name-only lookups (quirk 4), so this is careful about what
 * it sends. Pure; no I/O.
 *
 * Tags such as A.7.1 are defined in docs/connectors/sources/crelate.md (quirk numbers too).
 */
import type { CreateCandidateInput } from '../../actions/inputs.js';

type CandidateInput = CreateCandidateInput['candidate'];

/** Email slots per unified type, in fill order. */
const EMAIL_SLOTS: Record<string, readonly string[]> = {
  PERSONAL: ['EmailAddresses_Personal', 'EmailAddresses_Personal_Other'],
  WORK: ['EmailAddresses_Work', 'EmailAddresses_Work_Other'],
  OTHER: ['EmailAddresses_Other', 'EmailAddresses_Other_Alternate'],
};

/** Phone slots per unified type, in fill order. */
const PHONE_SLOTS: Record<string, readonly string[]> = {
  MOBILE: ['PhoneNumbers_Mobile', 'PhoneNumbers_Mobile_Other'],
  HOME: ['PhoneNumbers_Home'],
  WORK: ['PhoneNumbers_Work_Main', 'PhoneNumbers_Work_Direct', 'PhoneNumbers_Work_Other'],
  OTHER: ['PhoneNumbers_Other', 'PhoneNumbers_Other_Alternate'],
};

/** Website slots per social type. */
const WEBSITE_SLOTS: Record<string, string> = {
  LINKEDIN: 'Websites_LinkedIn',
  GITHUB: 'Websites_GitHub',
  FACEBOOK: 'Websites_Facebook',
  PORTFOLIO: 'Websites_Portfolio',
  BLOG: 'Websites_Blog',
};

/**
 * A phone in E.164, or null when it cannot be made one. Crelate rejects numbers it cannot read
 * (an 11-digit US number without `+`), failing the whole create (A.10, CODE Simple-Site), so
 * 10-digit numbers get `+1` and anything else without a `+` is dropped.
 */
export function e164(phone: string): string | null {
  const digits = phone.replace(/[^\d+]/g, '');
  if (/^\+\d{7,15}$/.test(digits)) return digits;
  if (/^\d{10}$/.test(digits)) return `+1${digits}`;
  if (/^1\d{10}$/.test(digits)) return `+${digits}`;
  return null;
}

/** Places values into the first free slot of their type (falling back to OTHER's slots). */
function place(
  values: readonly { value: string; type?: string | null }[],
  slots: Record<string, readonly string[]>,
  entity: Record<string, unknown>,
): string[] {
  const dropped: string[] = [];
  for (const { value, type } of values) {
    const order = [...(slots[type ?? 'OTHER'] ?? []), ...(slots.OTHER ?? [])];
    const free = order.find((slot) => entity[slot] === undefined);
    if (free) entity[free] = { Value: value, IsPrimary: Object.keys(entity).filter((key) => key.startsWith(free.split('_')[0] ?? free)).length === 0 };
    else dropped.push(value);
  }
  return dropped;
}

/** The contact entity and the warnings about what could not be written. */
export function buildContactEntity(candidate: CandidateInput, contactSourceId: string | null): { entity: Record<string, unknown>; warnings: string[] } {
  const warnings: string[] = [];
  const entity: Record<string, unknown> = { FirstName: candidate.first_name, LastName: candidate.last_name, RecordType: 1 };
  const emailsLeft = place(candidate.email_addresses.map((e) => ({ value: e.email_address, type: e.type })), EMAIL_SLOTS, entity);
  if (emailsLeft.length > 0) warnings.push(`${emailsLeft.length} email address(es) not written: Crelate has no free email slot left.`);
  const phones = (candidate.phone_numbers ?? []).map((p) => ({ value: e164(p.phone_number), type: p.type }));
  const unreadable = phones.filter((p) => p.value === null).length;
  if (unreadable > 0) warnings.push(`${unreadable} phone number(s) not written: not convertible to E.164, and Crelate rejects the whole create for one unreadable phone.`);
  const phonesLeft = place(phones.filter((p): p is { value: string; type: typeof p.type } => p.value !== null), PHONE_SLOTS, entity);
  if (phonesLeft.length > 0) warnings.push(`${phonesLeft.length} phone number(s) not written: no free phone slot left.`);
  for (const social of candidate.social_media ?? []) {
    const slot = WEBSITE_SLOTS[(social.type ?? '').toUpperCase()] ?? 'Websites_Other';
    if (social.link && entity[slot] === undefined) entity[slot] = { Value: social.link, IsPrimary: true };
    else if (social.link) warnings.push(`Website ${social.type ?? ''} not written: its slot is taken.`);
  }
  if (candidate.title) entity.CurrentPosition = { JobTitle: candidate.title, IsPrimary: true };
  if (candidate.company) warnings.push('Company not written: Crelate would create a new company from a name-only lookup.');
  const location = candidate.location;
  if (location) {
    const address = Object.fromEntries(
      Object.entries({ Line1: location.street_1, City: location.city, State: location.state, ZipCode: location.zip_code }).filter(([, value]) => value !== undefined),
    );
    if (Object.keys(address).length > 0) entity.Addresses_Home = { ...address, IsPrimary: true };
    // A country goes only as a lookup id: a name-only lookup would create a country record (quirk 4).
    if (location.country) warnings.push('candidate.location.country was not written: Crelate takes a country only by its lookup id.');
    if (location.raw) warnings.push('candidate.location.raw was not written: Crelate addresses have no one-line field.');
  }
  if (contactSourceId) entity.ContactSourceId = { Id: contactSourceId };
  else if (candidate.source) warnings.push(`Source "${candidate.source}" not written: no Crelate contact source has that name.`);
  return { entity, warnings };
}
