/**
 * Lenient zod schemas of Teamtailor's JSON:API payloads: only what the mappers read, every
 * attribute `nullish`, unknown keys passed through (the raw object is kept in `remote_data`).
 */
import { z } from 'zod';
import { providerIdSchema } from '../shared/wire.js';

/** Ids are strings, but some documented examples use numbers: accept both, exactly. */
const idSchema = providerIdSchema;

/** `{ type, id }` linkage. */
export const identifierSchema = z.looseObject({ type: z.string(), id: idSchema });

/** A relationship: `data` is present only for included relationships. */
const relationshipSchema = z.looseObject({
  data: z.union([identifierSchema, z.array(identifierSchema), z.null()]).optional(),
});

/** A JSON:API resource object with the given attribute schema. */
export function resourceSchema<A extends z.ZodType>(attributes: A) {
  return z.looseObject({
    id: idSchema,
    type: z.string(),
    attributes,
    relationships: z.record(z.string(), relationshipSchema).nullish(),
    links: z.record(z.string(), z.unknown()).nullish(),
  });
}

const text = z.string().nullish();
/** A number that some payloads send as a string (`"45000"`); anything else is null. */
const amount = z.union([z.number(), z.string()]).nullish().transform((value) => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
});
const flag = z.boolean().nullish();
const stamp = z.string().nullish();

/** `users`. */
export const userSchema = resourceSchema(
  z.looseObject({ name: text, email: text, 'login-email': text, role: text, 'created-at': stamp, 'updated-at': stamp }),
);

/** `jobs`. */
export const jobSchema = resourceSchema(
  z.looseObject({
    title: text,
    body: text,
    status: text,
    'human-status': text,
    internal: flag,
    tags: z.array(z.string()).nullish(),
    'remote-status': text,
    'employment-type': text,
    'employment-level': text,
    currency: text,
    'min-salary': amount,
    'max-salary': amount,
    'salary-time-unit': text,
    'start-date': stamp,
    'end-date': stamp,
    'created-at': stamp,
    'updated-at': stamp,
  }),
);

/** `stages`: `stage-type` in old versions, `legacy-stage-type-name` in recent ones. */
export const stageSchema = resourceSchema(
  z.looseObject({
    name: text,
    'stage-type': z.unknown().optional(),
    'legacy-stage-type-name': text,
    'row-order': z.number().nullish(),
    'created-at': stamp,
    'updated-at': stamp,
  }),
);

/** `candidates`. */
export const candidateSchema = resourceSchema(
  z.looseObject({
    'first-name': text,
    'last-name': text,
    email: text,
    phone: text,
    'linkedin-url': text,
    tags: z.array(z.string()).nullish(),
    'referring-site': text,
    sourced: flag,
    resume: text,
    'original-resume': text,
    'created-at': stamp,
    'updated-at': stamp,
  }),
);

/** `job-applications`. */
export const applicationSchema = resourceSchema(
  z.looseObject({
    'created-at': stamp,
    'updated-at': stamp,
    'rejected-at': stamp,
    'changed-stage-at': stamp,
    'referring-site': text,
    sourced: flag,
  }),
);

/** `reject-reasons`. */
export const rejectReasonSchema = resourceSchema(z.looseObject({ reason: z.string().min(1), 'rejected-by-company': flag }));

/** `uploads`: no size, no MIME type. */
export const uploadSchema = resourceSchema(
  z.looseObject({ url: text, 'file-name': text, internal: flag, 'created-at': stamp, 'updated-at': stamp }),
);

/** A sideloaded resource (`included[]`), read loosely. */
export const includedSchema = resourceSchema(
  // Missing or null attributes become `{}`; an object passes unchanged (so `checkedParse` can vouch for it).
  z
    .record(z.string(), z.unknown())
    .nullish()
    .pipe(z.union([z.record(z.string(), z.unknown()), z.null().transform((): Record<string, unknown> => ({})), z.undefined().transform((): Record<string, unknown> => ({}))])),
);

/** A JSON:API resource as the mappers see it. */
export type TeamtailorResource = z.infer<typeof includedSchema>;

/** A list document: `data` must be an array; `included` is optional. */
export const listDocumentSchema = z.looseObject({
  data: z.array(z.unknown()),
  included: z.array(z.unknown()).nullish(),
});

/** A single-resource document. */
export const singleDocumentSchema = z.looseObject({ data: z.unknown(), included: z.array(z.unknown()).nullish() });
