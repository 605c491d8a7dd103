import { z } from 'zod';

/**
 * A postal location (a job's place of work, a candidate's home), with Kombo's field names. Every
 * part is `null` when the provider does not say; `raw` keeps the location as one line when the
 * provider only has free text.
 */
export const LocationSchema = z.strictObject({
  /** The location's name as the provider shows it ("Stockholm HQ"), or `null`. */
  name: z.string().nullable(),
  /** First street line, or `null`. */
  street_1: z.string().nullable(),
  /** Second street line, or `null`. */
  street_2: z.string().nullable(),
  /** City, or `null`. */
  city: z.string().nullable(),
  /** State, region or province, or `null`. */
  state: z.string().nullable(),
  /** Postal code, or `null`. */
  zip_code: z.string().nullable(),
  /** Country (an ISO 3166 code where the provider gives one, else its word), or `null`. */
  country: z.string().nullable(),
  /** The whole location as one line, as the provider sent it, or `null`. */
  raw: z.string().nullable(),
});

/** A postal location. */
export type Location = z.infer<typeof LocationSchema>;
