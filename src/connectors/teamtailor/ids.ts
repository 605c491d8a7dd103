/**
 * How Teamtailor records are identified: every id is Teamtailor's own, one part, except the
 * composites below; tags have no id, their lower-cased name is the identity.
 */
import type { IdScheme } from '../../core/ids.js';

/** Teamtailor's id scheme (see docs/connectors/teamtailor.md, "Ids"). */
export const teamtailorIds: IdScheme = {
  provider: 'teamtailor',
  label: 'Teamtailor',
  kinds: {
    job_stage: { parts: 2, form: '<jobId>:<stageId>' },
    hiring_team: { parts: 2, form: '<jobId>:<userId>' },
    tag: { fromRemote: (name) => [name.trim().toLowerCase()], form: '<tag name>' },
  },
};
