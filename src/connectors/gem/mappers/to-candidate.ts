/**
 * `GET /candidates/` → `Candidate`. Candidates have no source: as Kombo does,
 * the source is that of the earliest application (by `applied_at`) among the embedded ones. Tags
 * are bare names (no ids), so the unified tag id is derived from the name. `is_private` →
 * `confidential`; educations, employments and `last_activity` stay in `integration_fields`.
 */
import type { Candidate } from '../../../models/index.js';
import { candidateRecord } from '../../shared/candidate-record.js';
import { applicationSchema, type GemCandidate } from '../wire.js';
import { commonRecord, integrationField, nonEmpty } from './common.js';
import { nameTagId, uniqueTags } from '../../shared/tags.js';
import { PROVIDER } from './common.js';
import { checkedParse } from '../../../core/schema-check.js';

/** Maps one Gem candidate. */
export function toCandidate(raw: GemCandidate): Candidate {
  const common = commonRecord('candidate', raw.id, raw, raw);
  return candidateRecord(common, {
    first_name: nonEmpty(raw.first_name),
    last_name: nonEmpty(raw.last_name),
    company: nonEmpty(raw.company),
    title: nonEmpty(raw.title),
    confidential: raw.is_private ?? null,
    source: firstApplicationSource(raw.applications),
    phone_numbers: (raw.phone_numbers ?? []).flatMap((phone) => {
      const number = nonEmpty(phone.value);
      return number ? [{ phone_number: number, type: phoneType(phone.type) }] : [];
    }),
    // The primary address first: consumers that read one address read the right one.
    email_addresses: [...(raw.email_addresses ?? [])]
      .sort((a, b) => Number(Boolean(b.is_primary)) - Number(Boolean(a.is_primary)))
      .flatMap((email) => {
        const address = nonEmpty(email.value);
        return address ? [{ email_address: address, type: emailType(email.type) }] : [];
      }),
    social_media: (raw.social_media_addresses ?? []).flatMap((entry) => {
      const link = nonEmpty(entry.value);
      return link ? [{ link, type: networkOf(link), username: null }] : [];
    }),
    tags: uniqueTags(raw.tags).map((name) => ({ id: tagId(name), name })),
    location: null,
    remote_url: null,
    custom_fields: {},
    integration_fields: [
      integrationField('educations', 'education[]', (raw as Record<string, unknown>).educations ?? [], 'Educations'),
      integrationField('employments', 'employment[]', (raw as Record<string, unknown>).employments ?? [], 'Employments'),
      integrationField('last_activity', 'datetime', raw.last_activity ?? null, 'Last activity'),
      integrationField('application_ids', 'string[]', raw.application_ids ?? [], 'Applications'),
    ],
  });
}

/** The unified id of a tag: Gem tags are bare names, so the name is the identity. */
export function tagId(name: string): string {
  return nameTagId(PROVIDER, name);
}

export { uniqueTags };

/** The source of the earliest application that has one. Malformed entries are skipped. */
export function firstApplicationSource(applications: readonly unknown[] | null | undefined): string | null {
  let best: { at: number; source: string } | null = null;
  for (const entry of applications ?? []) {
    const parsed = checkedParse(applicationSchema, entry);
    if (!parsed.success) continue;
    const source = nonEmpty(parsed.data.source?.public_name);
    if (source === null) continue;
    const at = Date.parse(parsed.data.applied_at ?? '');
    const key = Number.isNaN(at) ? Number.MAX_SAFE_INTEGER : at;
    if (best === null || key < best.at) best = { at: key, source };
  }
  return best?.source ?? null;
}

function phoneType(type: string | null | undefined): Candidate['phone_numbers'][number]['type'] {
  switch (type?.toLowerCase()) {
    case 'mobile':
      return 'MOBILE';
    case 'home':
      return 'HOME';
    case 'work':
      return 'WORK';
    case 'other':
    case 'skype':
    case 'fax':
      return 'OTHER';
    default:
      return null;
  }
}

function emailType(type: string | null | undefined): Candidate['email_addresses'][number]['type'] {
  switch (type?.toLowerCase()) {
    case 'personal':
      return 'PERSONAL';
    case 'work':
      return 'WORK';
    case 'other':
      return 'OTHER';
    default:
      return null;
  }
}

/** Gem's social entries are bare URLs; the network is read from the host. */
function networkOf(link: string): string | null {
  let host: string;
  try {
    host = new URL(link).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (host.endsWith('linkedin.com')) return 'LINKEDIN';
  if (host.endsWith('github.com')) return 'GITHUB';
  if (host.endsWith('twitter.com') || host === 'x.com') return 'TWITTER';
  return 'OTHER';
}
