import { z } from 'zod';
import { IsoDateTimeSchema, tolerantEnumWithFallback } from './common.js';

/** Kinds of screening question (Kombo's `format.type`); a kind we do not know is `UNKNOWN`. */
export const ScreeningQuestionTypeValues = [
  'TEXT',
  'NUMBER',
  'FILE',
  'SINGLE_SELECT',
  'MULTI_SELECT',
  'BOOLEAN',
  'DATE',
  'INFORMATION',
  'UNKNOWN',
] as const;

/** One option of a select question. */
export const ScreeningQuestionOptionSchema = z.strictObject({
  /** The unified id of the option (pass it back in an answer). */
  id: z.string().min(1),
  /** The provider's id of the option, or `null` when options are bare names. */
  remote_id: z.string().nullable(),
  /** The option's text. */
  name: z.string(),
});

/**
 * A question a job asks applicants (a screening or application-form question). Kombo nests the
 * type and options under `format`; here they are flat (`type`, `options`), the rest keeps Kombo's
 * names.
 */
export const ScreeningQuestionSchema = z.strictObject({
  /** The unified id of the question (pass it back in `screening_question_answers`). */
  id: z.string().min(1),
  /** The provider's id of the question, or `null`. */
  remote_id: z.string().nullable(),
  /** The question itself. */
  title: z.string().nullable(),
  /** Extra instructions (may hold HTML), or `null`. */
  description: z.string().nullable(),
  /** The kind of answer expected; an unknown kind is `UNKNOWN` (the raw question stays in `remote_data`). */
  type: tolerantEnumWithFallback(ScreeningQuestionTypeValues, 'UNKNOWN'),
  /** The choices of a select question (empty for the other kinds). */
  options: z.array(ScreeningQuestionOptionSchema),
  /** Whether an answer is required, or `null` when the provider does not say. */
  required: z.boolean().nullable(),
  /** The question's position on the form (0-based), or `null`. */
  index: z.number().int().nullable(),
});

/** A question a job asks applicants. */
export type ScreeningQuestion = z.infer<typeof ScreeningQuestionSchema>;

/**
 * An applicant's answer, in one of Kombo's shapes: free text (`content`), one choice (`choice`),
 * several (`choices`), a yes/no (`checked`), a number, a date, or the provider's raw value when
 * the kind is unknown.
 */
export const ScreeningAnswerValueSchema = z.union([
  z.strictObject({ content: z.string().nullable() }),
  z.strictObject({ choice: z.string().nullable() }),
  z.strictObject({ choices: z.array(z.string()) }),
  z.strictObject({ checked: z.boolean().nullable() }),
  z.strictObject({ number: z.number().nullable() }),
  z.strictObject({ date: IsoDateTimeSchema.nullable() }),
  z.strictObject({ raw: z.unknown() }),
]);

/** One answer on an application, with the question it answers (Kombo's `screening_question_answers[]`). */
export const ScreeningQuestionAnswerSchema = z.strictObject({
  /** The question answered. */
  question: z.strictObject({
    /** The unified id of the question (as on the job's `screening_questions`), or `null`. */
    id: z.string().nullable(),
    /** The provider's id of the question, or `null`. */
    remote_id: z.string().nullable(),
    /** The question's text, or `null`. */
    title: z.string().nullable(),
    /** The kind of question; an unknown kind is `UNKNOWN`. */
    type: tolerantEnumWithFallback(ScreeningQuestionTypeValues, 'UNKNOWN'),
  }),
  /** The answer. */
  answer: ScreeningAnswerValueSchema,
});

/** One answer on an application. */
export type ScreeningQuestionAnswer = z.infer<typeof ScreeningQuestionAnswerSchema>;
