import { z } from 'zod';
import {
  commonFields,
  CustomFieldsSchema,
  IntegrationFieldSchema,
  NullableDateTimeSchema,
  tolerantEnum,
} from './common.js';
import { SalaryPeriodValues } from './job.js';

/**
 * Status of an offer (Kombo's list). The usual flow is `DRAFT` → `APPROVED` → `SENT` →
 * `ACCEPTED` or `DECLINED`; `ABANDONED` is an offer that expired or was withdrawn.
 */
export const OfferStatusValues = ['DRAFT', 'APPROVED', 'SENT', 'ACCEPTED', 'DECLINED', 'ABANDONED'] as const;

/** An offer of employment made on one application. */
export const OfferSchema = z.strictObject({
  ...commonFields,
  /** The unified id of the application the offer was made on, or `null`. */
  application_id: z.string().nullable(),
  /** The offer's status, or `null` when unknown (the raw value stays in `remote_data`). */
  status: tolerantEnum(OfferStatusValues),
  /** When the employment described by the offer starts (past or future), or `null`. */
  employment_start_date: NullableDateTimeSchema,
  /** When the offer was sent to the candidate, or `null`. */
  sent_at: NullableDateTimeSchema,
  /** When the offer was closed (accepted, declined or withdrawn), or `null`. */
  closed_at: NullableDateTimeSchema,
  /** The offered pay, in `salary_currency` per `salary_period`, or `null`. */
  salary_amount: z.number().nullable(),
  /** The currency of the pay (ISO 4217 where the provider gives it), or `null`. */
  salary_currency: z.string().nullable(),
  /** The period the pay is for, or `null`. */
  salary_period: tolerantEnum(SalaryPeriodValues),
  /** Provider fields keyed by their key. */
  custom_fields: CustomFieldsSchema,
  /** Raw provider fields with no unified home. */
  integration_fields: z.array(IntegrationFieldSchema),
});

/** An offer of employment made on one application. */
export type Offer = z.infer<typeof OfferSchema>;
