/**
 * The optional candidate details of `createCandidate` (location, availability, salary
 * expectations, sourced-by, GDPR consent, screening answers, attachments): which ones an input
 * carries, and the warning for each one a connector does not write, so nothing given is dropped
 * silently.
 */
import { candidateDetailPaths, type CandidateDetailPath } from '../../actions/candidate-details.js';

type WithDetails = {
  candidate?: { location?: unknown; availability_date?: unknown; salary_expectations?: unknown };
  sourced_by?: unknown;
  gdpr_consent?: unknown;
  screening_question_answers?: readonly unknown[];
  attachments?: readonly unknown[];
};

/** The details present in `input`. */
export function presentDetails(input: WithDetails): CandidateDetailPath[] {
  const present = (path: CandidateDetailPath): boolean => {
    switch (path) {
      case 'candidate.location':
        return input.candidate?.location !== undefined;
      case 'candidate.availability_date':
        return input.candidate?.availability_date !== undefined;
      case 'candidate.salary_expectations':
        return input.candidate?.salary_expectations !== undefined;
      case 'screening_question_answers':
      case 'attachments':
        return (input[path]?.length ?? 0) > 0;
      default:
        return input[path] !== undefined;
    }
  };
  return candidateDetailPaths.filter(present);
}

/** One warning per detail given but not written by the connector. */
export function unwrittenDetailWarnings(provider: string, paths: readonly CandidateDetailPath[]): string[] {
  return paths.map((path) => `${path} was not written: the ${provider} connector does not write it (see capabilities and docs/connectors/${provider}.md).`);
}
