/**
 * Search rows → `Candidate`. Flatchr has no person-level list (B10): a candidate is the person
 * behind one or more applicants, identified by email (see `candidateKey`). The record is built
 * from that person's most recently updated row, so a full sync and a delta sync that both see the
 * person produce the same record.
 */
import type { Candidate } from '../../../models/index.js';
import type { SearchRow } from '../wire.js';
import { candidateKey, commonRecord, nonEmpty } from './common.js';

/** Maps the newest search row of one person to a candidate. */
export function toCandidate(row: SearchRow): Candidate {
  const [kind, key] = candidateKey(row);
  const email = nonEmpty(row.email)?.trim() ?? null;
  const phone = nonEmpty(row.phone);
  return {
    first_name: nonEmpty(row.firstname),
    last_name: nonEmpty(row.lastname),
    company: null,
    title: null,
    confidential: null,
    source: nonEmpty(row.source),
    phone_numbers: phone ? [{ phone_number: phone, type: null }] : [],
    email_addresses: email ? [{ email_address: email, type: null }] : [],
    social_media: [],
    // Candidate tags are per-applicant key/value "traits" (B5.7), one request per applicant: not read in bulk.
    tags: [],
    location: null,
    remote_url: null,
    custom_fields: {},
    integration_fields: [{ id: 'applicant', key: 'applicant', type: 'string', value: row.applicant, label: 'Newest applicant id' }],
    ...commonRecord('candidate', key, row, row, [kind, key]),
  };
}

/**
 * The newest row of each person, in first-seen order. Runs once per sync over the whole search
 * result (Flatchr returns it whole, B2). Rows whose date does not parse keep their first position
 * and are quarantined by the mapper.
 */
export function newestRowPerPerson(rows: readonly { row: unknown; key: string | null; changedMs: number }[]): unknown[] {
  const newest = new Map<string, { row: unknown; changedMs: number }>();
  const unkeyed: unknown[] = [];
  for (const entry of rows) {
    if (entry.key === null) {
      unkeyed.push(entry.row);
      continue;
    }
    const current = newest.get(entry.key);
    if (!current || entry.changedMs > current.changedMs) newest.set(entry.key, entry);
  }
  return [...unkeyed, ...[...newest.values()].map((entry) => entry.row)];
}
