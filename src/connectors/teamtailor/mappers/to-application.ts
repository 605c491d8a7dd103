/**
 * `job-applications` → `Application`. Candidate, job, stage and reject reason come through
 * `include=` (their linkage only exists when included). Outcome: rejected when `rejected-at`
 * is set, hired when the stage type is `Hired`, pending otherwise.
 */
import type { z } from 'zod';
import type { Application, ScreeningQuestionAnswer } from '../../../models/index.js';
import { attribute, relatedId, relatedIds, relatedResource, type IncludedIndex } from '../jsonapi.js';
import { questionType } from './to-job.js';
import type { applicationSchema } from '../wire.js';
import { commonRecord, nonEmpty, ttId } from './common.js';
import { toIsoUtc } from '../../../core/dates.js';
import { stageType } from './to-stage.js';

type WireApplication = z.infer<typeof applicationSchema>;

/** Maps one Teamtailor job application. */
export function toApplication(raw: WireApplication, included: IncludedIndex): Application {
  const a = raw.attributes;
  const candidateId = relatedId(raw, 'candidate');
  const jobId = relatedId(raw, 'job');
  const stageId = relatedId(raw, 'stage');
  const stage = relatedResource(raw, 'stage', 'stages', included);
  const reason = relatedResource(raw, 'reject-reason', 'reject-reasons', included);
  const rejectedAt = toIsoUtc(a['rejected-at']);
  return {
    candidate_id: candidateId ? ttId('candidate', candidateId) : null,
    job_id: jobId ? ttId('job', jobId) : null,
    current_stage_id: stageId ? ttId('stage', stageId) : null,
    outcome: rejectedAt ? 'DECLINED' : stage && stageType(stage) === 'Hired' ? 'HIRED' : stage || stageId ? 'PENDING' : null,
    rejection_reason_name: rejectedAt ? attribute(reason, 'reason') : null,
    rejected_at: rejectedAt,
    source: nonEmpty(a['referring-site']) ?? (a.sourced ? 'Sourced' : null),
    screening_question_answers: screeningAnswers(relatedResource(raw, 'candidate', 'candidates', included), included),
    remote_url: null,
    custom_fields: {},
    integration_fields: [
      { id: 'changed-stage-at', key: 'changed-stage-at', type: 'datetime', value: toIsoUtc(a['changed-stage-at']), label: 'Moved to current stage at' },
    ],
    ...commonRecord('application', raw.id, a, raw),
  };
}

/**
 * The application-form answers of the application's candidate (`candidate.answers`, each with its
 * `question`). Teamtailor keeps answers on the candidate, not on the application, and a question
 * can be asked by several jobs: every application of a candidate carries all of the candidate's
 * answers. An answer whose question was not included is left out (it cannot be attributed).
 * INFERRED: the include path `candidate.answers.question` (three levels) and that `choices` are
 * positions in the question's `alternatives` (the docs show `choices: [3, 4]` and alternatives null).
 */
export function screeningAnswers(candidate: ReturnType<typeof relatedResource>, included: IncludedIndex): ScreeningQuestionAnswer[] {
  if (!candidate) return [];
  const answers: ScreeningQuestionAnswer[] = [];
  for (const answerId of relatedIds(candidate, 'answers')) {
    const answer = included.get(`answers:${answerId}`);
    const question = answer ? relatedResource(answer, 'question', 'questions', included) : null;
    if (!answer || !question) continue;
    const type = questionType(question.attributes['question-type'], question.attributes.multiple);
    answers.push({
      question: { id: ttId('screening_question', question.id), remote_id: question.id, title: attribute(question, 'title'), type },
      answer: answerValue(type, answer.attributes, question.attributes.alternatives),
    });
  }
  return answers;
}

/** One answer in the unified shape of its question's kind; the raw slot when it does not fit. */
function answerValue(type: ScreeningQuestionAnswer['question']['type'], a: Record<string, unknown>, alternatives: unknown): ScreeningQuestionAnswer['answer'] {
  switch (type) {
    case 'BOOLEAN':
      return typeof a.boolean === 'boolean' || a.boolean === null ? { checked: a.boolean } : { raw: a.boolean };
    case 'TEXT':
      return typeof a.text === 'string' || a.text === null ? { content: a.text } : { raw: a.text };
    case 'NUMBER': {
      const value = a.range ?? a.number ?? null;
      return typeof value === 'number' || value === null ? { number: value } : { raw: value };
    }
    case 'SINGLE_SELECT':
    case 'MULTI_SELECT': {
      const names = choiceNames(a.choices, alternatives);
      if (names === null) return { raw: a.choices ?? null };
      return type === 'SINGLE_SELECT' && names.length <= 1 ? { choice: names[0] ?? null } : { choices: names };
    }
    default:
      return { raw: { text: a.text ?? null, boolean: a.boolean ?? null, range: a.range ?? null, choices: a.choices ?? null, 'video-token': a['video-token'] ?? null } };
  }
}

/** The alternatives' names that `choices` point at (positions), or null when any does not resolve. */
function choiceNames(choices: unknown, alternatives: unknown): string[] | null {
  if (!Array.isArray(choices) || !Array.isArray(alternatives)) return null;
  const names: string[] = [];
  for (const choice of choices) {
    const alternative: unknown = typeof choice === 'number' && Number.isInteger(choice) ? alternatives[choice] : undefined;
    const name = typeof alternative === 'string' ? alternative : alternative !== null && typeof alternative === 'object' ? (alternative as Record<string, unknown>).title : undefined;
    if (typeof name !== 'string') return null;
    names.push(name);
  }
  return names;
}
