/**
 * How Jarvi records are identified: UUIDs, lower-cased, one part except the composites below. An
 * application is a talent (profile) on a recruitment project.
 */
import type { IdScheme } from '../../core/ids.js';

/** Jarvi's id scheme (see docs/connectors/jarvi.md, "Ids"). */
export const jarviIds: IdScheme = {
  provider: 'jarvi',
  label: 'Jarvi',
  normalise: (part) => part.toLowerCase(),
  kinds: {
    application: { parts: 2, form: '<profileId>:<projectId>' },
    hiring_team: { parts: 2, form: '<projectId>:<userId>' },
  },
};
