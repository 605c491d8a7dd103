/**
 * How Flatchr records are identified. Flatchr has no person id: a candidate is an email address
 * (or, without one, the applicant id of their only application). An application is an applicant
 * (one person in one vacancy); its unified id also carries the vacancy's integer id, which the
 * write paths need, and which is resolved with one applicant search when only the applicant id is
 * given.
 */
import type { IdScheme } from '../../core/ids.js';

/** Flatchr's id scheme (see docs/connectors/flatchr.md, "Ids"). */
export const flatchrIds: IdScheme = {
  provider: 'flatchr',
  label: 'Flatchr',
  kinds: {
    candidate: {
      parts: 2,
      fromRemote: (key) => (key.includes('@') ? ['email', key.trim().toLowerCase()] : ['applicant', key]),
      form: '<email address> or <applicant id>',
    },
    application: {
      parts: 2,
      fromRemote: (text) => {
        const [applicant = '', vacancy = '', ...rest] = text.split(':');
        return rest.length > 0 || !/^\d*$/.test(vacancy) ? null : [applicant, vacancy];
      },
      optional: [1],
      form: '<applicant id> or <applicant id>:<vacancy_id>',
    },
    job_stage: { parts: 2, form: '<vacancy id>:<column id>' },
  },
};
