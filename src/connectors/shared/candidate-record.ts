/**
 * A unified candidate in the schema's key order, from the common fields a connector's
 * `commonRecord` builds and the candidate's own fields. Every field is listed (no spread), so V8
 * builds it from one literal with a fixed shape, and the unified check returns it as it is,
 * without the copy into key order a record built otherwise costs (decisions 0006 and 0076).
 * @module
 */
import type { Candidate } from '../../models/index.js';

/** The fields every unified record has, as the connectors' `commonRecord` returns them. */
export type CommonFields = Pick<Candidate, 'id' | 'remote_id' | 'changed_at' | 'remote_deleted_at' | 'remote_created_at' | 'remote_updated_at' | 'remote_data'>;

/** A candidate's own fields. */
export type CandidateFields = Omit<Candidate, keyof CommonFields>;

/** The candidate of `common` and `fields`, keys in `CandidateSchema`'s order. */
export function candidateRecord(common: CommonFields, fields: CandidateFields): Candidate {
  return {
    id: common.id,
    remote_id: common.remote_id,
    changed_at: common.changed_at,
    remote_deleted_at: common.remote_deleted_at,
    remote_created_at: common.remote_created_at,
    remote_updated_at: common.remote_updated_at,
    remote_data: common.remote_data,
    first_name: fields.first_name,
    last_name: fields.last_name,
    company: fields.company,
    title: fields.title,
    confidential: fields.confidential,
    source: fields.source,
    phone_numbers: fields.phone_numbers,
    email_addresses: fields.email_addresses,
    social_media: fields.social_media,
    tags: fields.tags,
    location: fields.location,
    remote_url: fields.remote_url,
    custom_fields: fields.custom_fields,
    integration_fields: fields.integration_fields,
  };
}
