/**
 * `pushCandidate` on Flatchr: the shared orchestrator (find by email → create or reuse → apply →
 * stage → attach, safe to call again after a timeout), with one Flatchr difference. Flatchr creates
 * a person only by applying them to a vacancy, so the orchestrator's "create the candidate" step
 * creates the candidate *with* the application to `job_id` (in `stage_id`), and its "apply" step
 * then uses that application instead of applying a second time.
 */
import type { PushCandidateInput } from '../../actions/push-inputs.js';
import type { RemoteFields } from '../../actions/remote-fields.js';
import type { ActionOptions, Connector, PushCandidateResult } from '../../actions/results.js';
import type { Application } from '../../models/index.js';
import { pushCandidate } from '../shared/push-candidate.js';

/** Builds Flatchr's `pushCandidate` over the finished connector (read lazily: it exists after `defineConnector`). */
export function flatchrPushCandidate(self: () => Connector) {
  return async (input: PushCandidateInput & { remote_fields?: RemoteFields }, options: ActionOptions = {}): Promise<PushCandidateResult> => {
    const connector = self();
    // The application created together with the candidate during this push.
    let fresh: { candidateId: string; application: Application } | null = null;
    const flatchrSteps: Connector = {
      ...connector,
      createCandidate: async (candidateInput, callOptions) => {
        const result = await connector.createCandidate(
          { ...candidateInput, screening_question_answers: input.screening_question_answers, application: { job_id: input.job_id, stage_id: input.stage_id } },
          callOptions,
        );
        if (result.application) fresh = { candidateId: result.candidate.id, application: result.application };
        return result;
      },
      createApplication: async (applicationInput, callOptions) => {
        if (fresh && fresh.candidateId === applicationInput.candidate_id) return { warnings: [], remote_id: fresh.application.remote_id, application: fresh.application };
        return connector.createApplication(applicationInput, callOptions);
      },
    };
    return pushCandidate(flatchrSteps, input, options);
  };
}
