/**
 * How Crelate records are identified: GUIDs, lower-cased (Crelate sends some in upper case), one
 * part except the composites below. An application is a contact on a job's pipeline.
 */
import type { IdScheme } from '../../core/ids.js';
import { guid } from './mappers/common.js';

/** Crelate's id scheme (see docs/connectors/crelate.md, "Ids"). */
export const crelateIds: IdScheme = {
  provider: 'crelate',
  label: 'Crelate',
  normalise: guid,
  // Every Crelate record id is a GUID (lower-cased by `normalise`): anything else is refused
  // before a request is built from it.
  partForm: { pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, words: 'a GUID' },
  kinds: {
    application: { parts: 2, form: '<jobId>:<contactId>' },
    job_stage: { parts: 2, form: '<jobId>:<statusId>' },
    hiring_team: { parts: 2, form: '<jobId>:<userId>' },
  },
};
