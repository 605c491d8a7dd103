/**
 * Lenient zod schemas of Jarvi's public REST v2 payloads (B.3, B.6): only what the mappers read,
 * every field `nullish`, unknown keys passed through (the raw object is kept in `remote_data`;
 * Hasura's `__typename` rides along unread).
 *
 * Tags such as B.3 are defined in docs/connectors/sources/jarvi.md (quirk numbers too).
 */
import { z } from 'zod';

const text = z.string().nullish();
const flag = z.boolean().nullish();
const stamp = z.string().nullish();
/**
 * Ids are UUID strings; lower-cased so the same record always gets the same unified id. An id that
 * is already lower case passes unchanged (the union's first option, no transform), which lets the record
 * pipeline's compiled check vouch for it without zod; only an upper-case id is transformed.
 */
const uuid = z
  .string()
  .min(1)
  .pipe(z.union([z.string().refine((value) => value === value.toLowerCase()), z.string().transform((value) => value.toLowerCase())]));

/** An embedded user (`projects.user`, `assignees[].user`, B.6.2). */
export const userSchema = z.looseObject({ id: uuid, displayName: text, email: text, disabled: flag });

/** One custom field value (`fieldsValues[]`, B.6.2): text in `value`, choice in `fieldValue`, place in `location`. */
export const fieldValueSchema = z.looseObject({
  id: z.string().nullish(),
  field: z.looseObject({ id: z.string().nullish(), name: text, type: text, purpose: text }).nullish(),
  fieldValue: z.looseObject({ id: z.string().nullish(), name: text, technicalValue: text }).nullish(),
  location: z
    .looseObject({
      formattedAddress: text,
      locality: text,
      postalCode: text,
      administrativeAreaLevel1: text,
      countryName: text,
      countryShortName: text,
      search: text,
    })
    .nullish(),
  value: z.unknown().optional(),
});

/** A file join row (`files[]`, B.6.2). */
export const fileRowSchema = z.looseObject({
  fileId: z.string().nullish(),
  createdAt: stamp,
  file: z.looseObject({ id: z.string().nullish(), name: text, size: z.number().nullish(), mimeType: text }).nullish(),
});

/**
 * One email address: objects with an `email` key in real responses, plain strings in some
 * clients' defensive code (B.6.1), so both.
 */
const emailSchema = z.union([z.string(), z.looseObject({ email: text, type: text })]);

/** One phone number (`{ number, canonicalNumber, type }`, B.6.1; `type` values INFERRED). */
const phoneSchema = z.union([z.string(), z.looseObject({ number: text, canonicalNumber: text, type: text })]);

/**
 * The profile↔project row embedded in a profile. INFERRED (B.6.5): names and shape are
 * hypotheses; `statusId` on the row is used when present, the profile's otherwise.
 */
export const profileProjectSchema = z.looseObject({
  projectId: uuid,
  statusId: z.string().nullish(),
  createdAt: stamp,
  updatedAt: stamp,
});

/** `profiles` (B.6.1). */
export const profileSchema = z.looseObject({
  id: uuid,
  firstName: text,
  firstNameManual: text,
  firstNameParsed: text,
  lastName: text,
  lastNameManual: text,
  lastNameParsed: text,
  headline: text,
  isTalent: flag,
  isContact: flag,
  statusId: text,
  source: text,
  externalId: text,
  createdAt: stamp,
  addedAt: stamp,
  updatedAt: stamp,
  deletedAt: stamp,
  createdByUserId: text,
  publicIdentifier: text,
  profileUrl: text,
  preferredEmailAddress: text,
  emailAddresses: z.array(emailSchema).nullish(),
  phoneNumbers: z.array(phoneSchema).nullish(),
  locations: z.array(z.looseObject({ name: text })).nullish(),
  lastPosition: z.looseObject({ companyName: text, title: text }).nullish(),
  fieldsValues: z.array(fieldValueSchema).nullish(),
  files: z.array(fileRowSchema).nullish(),
  projects: z.array(profileProjectSchema).nullish(),
  projectsProfiles: z.array(profileProjectSchema).nullish(),
});

/** `projects` (B.6.2); offers are `projects` records too. */
export const projectSchema = z.looseObject({
  id: uuid,
  name: text,
  createdAt: stamp,
  updatedAt: stamp,
  deletedAt: stamp,
  isMadeForRecruitment: flag,
  isMadeForSales: flag,
  statusId: text,
  companyId: text,
  externalId: text,
  referenceId: text,
  shortId: text,
  publishedAt: stamp,
  user: userSchema.nullish(),
  assignees: z.array(z.looseObject({ user: userSchema.nullish() })).nullish(),
  fieldsValues: z.array(fieldValueSchema).nullish(),
});

/**
 * A list response: `{ data, total }` in the current docs, the entity-named key (`projects`,
 * `profiles`) in the older schema (B.3, quirk 7).
 */
export const listEnvelopeSchema = z.looseObject({ data: z.array(z.unknown()).optional(), total: z.number().nullish() });

/** The answer of every documented write (B.7): `{ message, taskId, profileId | projectId }`. */
export const writeResponseSchema = z.looseObject({
  message: text,
  taskId: text,
  profileId: z.string().nullish(),
  projectId: z.string().nullish(),
});

/** A Jarvi profile as the mappers see it. */
export type WireProfile = z.infer<typeof profileSchema>;
/** A Jarvi project (or offer) as the mappers see it. */
export type WireProject = z.infer<typeof projectSchema>;
/** An embedded Jarvi user. */
export type WireUser = z.infer<typeof userSchema>;
/** One custom field value. */
export type WireFieldValue = z.infer<typeof fieldValueSchema>;
