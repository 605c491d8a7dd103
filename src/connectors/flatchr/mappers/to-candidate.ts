/**
 * Search rows → `Candidate`. Flatchr has no person-level list: a candidate is the person
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
  const common = commonRecord('candidate', key, row, row, [kind, key]);
  // The unified schema's key order (the common fields first, listed, not spread: decision 0006),
  // so the pipeline's check returns the record without a copy (decision 0076).
  return {
    id: common.id,
    remote_id: common.remote_id,
    changed_at: common.changed_at,
    remote_deleted_at: common.remote_deleted_at,
    remote_created_at: common.remote_created_at,
    remote_updated_at: common.remote_updated_at,
    remote_data: common.remote_data,
    first_name: nonEmpty(row.firstname),
    last_name: nonEmpty(row.lastname),
    company: null,
    title: null,
    confidential: null,
    source: nonEmpty(row.source),
    phone_numbers: phone ? [{ phone_number: phone, type: null }] : [],
    email_addresses: email ? [{ email_address: email, type: null }] : [],
    social_media: [],
    // Candidate tags are per-applicant key/value "traits", one request per applicant: not read in bulk.
    tags: [],
    location: null,
    remote_url: null,
    custom_fields: {},
    integration_fields: [{ id: 'applicant', key: 'applicant', type: 'string', value: row.applicant, label: 'Newest applicant id' }],
  };
}
