/**
 * Search rows → `Candidate`. Flatchr has no person-level list: a candidate is the person
 * behind one or more applicants, identified by email (see `candidateKey`). The record is built
 * from that person's most recently updated row, so a full sync and a delta sync that both see the
 * person produce the same record.
 */
import type { Candidate } from '../../../models/index.js';
import { candidateRecord } from '../../shared/candidate-record.js';
import type { SearchRow } from '../wire.js';
import { candidateKey, commonRecord, nonEmpty } from './common.js';

/** Maps the newest search row of one person to a candidate. */
export function toCandidate(row: SearchRow): Candidate {
  const [kind, key] = candidateKey(row);
  const email = nonEmpty(row.email)?.trim() ?? null;
  const phone = nonEmpty(row.phone);
  const common = commonRecord('candidate', key, row, row, [kind, key]);
  return candidateRecord(common, {
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
  });
}
