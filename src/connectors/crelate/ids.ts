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
  kinds: {
    application: { parts: 2, form: '<jobId>:<contactId>' },
    job_stage: { parts: 2, form: '<jobId>:<statusId>' },
    hiring_team: { parts: 2, form: '<jobId>:<userId>' },
  },
};
