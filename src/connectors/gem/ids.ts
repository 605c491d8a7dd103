/**
 * How Gem records are identified: every id is Gem's own, one part, except the composites below;
 * tags have no id, their lower-cased name is the identity.
 */
import type { IdScheme } from '../../core/ids.js';

/** Gem's id scheme (see docs/connectors/gem.md, "Ids"). */
export const gemIds: IdScheme = {
  provider: 'gem',
  label: 'Gem',
  kinds: {
    job_stage: { parts: 2, form: '<jobId>:<stageId>' },
    hiring_team: { parts: 2, form: '<jobId>:<userId>' },
    interviewer: { parts: 2, form: '<scheduledInterviewId>:<userId>' },
    tag: { fromRemote: (name) => [name.trim().toLowerCase()], form: '<tag name>' },
  },
};
