/**
 * Wire schemas of ids, shared by every connector. `JSON.parse` turns a number past 2^53 into the
 * nearest double, so two records sent as `12345678901234567890` and `…891` would arrive with one
 * id: a number in an id position must be a safe integer, else the item fails its schema with the
 * issue code `unsafe_integer` and is quarantined, never delivered under a rounded id.
 */
import { z } from 'zod';

/** A number in an id position that `JSON.parse` read exactly. */
const safeInteger = z.number().refine(Number.isSafeInteger, {
  message: 'an id sent as a JSON number beyond 2^53 (or not an integer) lost digits when parsed',
  params: { code: 'unsafe_integer' },
});

/**
 * A provider id: a non-empty string, or a safe integer; as a string. Only a number is transformed
 * (the second step), so a string id passes unchanged and `checkedParse` can vouch for it without zod.
 */
export const providerIdSchema = z.union([z.string().min(1), safeInteger]).pipe(z.union([z.string(), z.number().transform(String)]));

/** An integer id: a safe integer, or a string of digits that is one; as a number. */
export const integerIdSchema = z.union([safeInteger, z.string().regex(/^\d{1,15}$/).transform(Number)]);
