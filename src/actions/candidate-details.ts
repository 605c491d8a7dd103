/**
 * The optional details a new candidate can carry beyond names and contacts (location, availability,
 * salary expectations, who sourced them, GDPR consent, screening answers), with Kombo's names.
 * Connectors write what their provider takes and return a warning naming each detail they could
 * not write.
 */
import { z } from 'zod';

const isoDateOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** Where the candidate lives. At least one part is needed. */
export const CandidateLocationInputSchema = z
  .strictObject({
    street_1: z.string().min(1).optional(),
    city: z.string().min(1).optional(),
    state: z.string().min(1).optional(),
    zip_code: z.string().min(1).optional(),
    /** An ISO 3166 code or the country's name. */
    country: z.string().min(1).optional(),
    /** The location as one line, when you do not have its parts. */
    raw: z.string().min(1).optional(),
  })
  .refine((value) => Object.keys(value).length > 0, { message: 'give at least one part of the location' });

/** What the candidate expects to earn. */
export const SalaryExpectationsInputSchema = z.strictObject({
  amount: z.number().nonnegative().finite(),
  /** ISO 4217 code (`EUR`); the provider's default when left out. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR').optional(),
  period: z.enum(['YEAR', 'MONTH', 'WEEK', 'DAY', 'HOUR']),
});

/** The candidate's GDPR consent. */
export const GdprConsentInputSchema = z.strictObject({
  given: z.boolean(),
  /** When the consent ends (date or timestamp). */
  expires_at: isoDateOrTime.optional(),
});

/** One answer to a job's screening question (`question_id` from `Job.screening_questions`). */
export const ScreeningAnswerInputSchema = z.strictObject({
  question_id: z.string().min(1),
  /** Text, a yes/no, a number, or the ids (or texts) of the chosen options. */
  answer: z.union([z.string(), z.boolean(), z.number().finite(), z.array(z.string().min(1)).min(1)]),
});

/** Fields of `candidate` beyond names and contacts. */
export const candidateDetailFields = {
  location: CandidateLocationInputSchema.optional(),
  /** From when the candidate can start (date or timestamp). */
  availability_date: isoDateOrTime.optional(),
  salary_expectations: SalaryExpectationsInputSchema.optional(),
};

/** Fields next to `candidate` in `createCandidate` and `pushCandidate`. */
export const candidateWriteFields = {
  /** The user who sourced the candidate (a unified user id or the provider's). */
  sourced_by: z.strictObject({ user_id: z.string().min(1) }).optional(),
  gdpr_consent: GdprConsentInputSchema.optional(),
  /** Answers to the job's screening questions (needs a job: `application` or `pushCandidate`'s `job_id`). */
  screening_question_answers: z.array(ScreeningAnswerInputSchema).max(200).optional(),
};

/**
 * The optional candidate details, by the path a warning names. Connectors declare which they write
 * (`ConnectorParts.writesCandidateDetails`); for the others the action returns a warning.
 */
export const candidateDetailPaths = [
  'candidate.location',
  'candidate.availability_date',
  'candidate.salary_expectations',
  'sourced_by',
  'gdpr_consent',
  'screening_question_answers',
  'attachments',
] as const;

/** The path of an optional candidate detail. */
export type CandidateDetailPath = (typeof candidateDetailPaths)[number];
