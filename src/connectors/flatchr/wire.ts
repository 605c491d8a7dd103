/**
 * Lenient zod schemas of Flatchr's JSON: only what the mappers read, every field `nullish`, unknown
 * keys passed through (the raw object is kept in `remote_data`). Flatchr mixes encoded string ids
 * and integer ids for the same objects, and several fields change type between
 * payloads: those are read as unions.
 */
import { z } from 'zod';
import { integerIdSchema, providerIdSchema } from '../shared/wire.js';

/** An encoded string id (`"z7gXQnjq6gdJRakA"`). */
const encodedId = z.string().min(1);
/** An integer id; some payloads send it as a string. Past 2^53 it is refused (it lost digits). */
const integerId = integerIdSchema;
/** Either id style: integers in webhooks, encoded strings in API responses. */
const anyId = providerIdSchema;

const text = z.string().nullish();
/** Text that some payloads send as a number (postal codes, street numbers): read as text. */
const textOrNumber = z.union([z.string(), z.number()]).nullish();
const flag = z.boolean().nullish();
/** A date in any of the three formats (parsed by the mappers, which fail loudly on a new one). */
const stamp = z.union([z.string(), z.number()]).nullish();

/** A row of `POST /company/{id}/search/applicants`. */
export const searchRowSchema = z.looseObject({
  applicant: encodedId,
  vacancy: text,
  vacancy_id: integerId.nullish(),
  column: text,
  status: z.number().int().nullish(),
  score: z.number().nullish(),
  hired: flag,
  external_id: z.union([z.string(), z.number()]).nullish(),
  firstname: text,
  lastname: text,
  email: text,
  phone: text,
  created_at: stamp,
  updated_at: stamp,
  source: text,
});

/** A search row as the mappers see it. */
export type SearchRow = z.infer<typeof searchRowSchema>;

/** A vacancy. `remote` is an enum string in recent payloads and a boolean in 2022 ones. */
export const vacancySchema = z.looseObject({
  id: encodedId,
  vacancy_id: integerId.nullish(),
  slug: text,
  reference: text,
  title: text,
  description: text,
  mission: text,
  profile: text,
  status: z.number().int().nullish(),
  apply_url: text,
  created_at: stamp,
  updated_at: stamp,
  start_date: stamp,
  end_date: stamp,
  remote: z.union([z.string(), z.boolean()]).nullish(),
  salary: z.union([z.string(), z.number()]).nullish(),
  salary_max: z.union([z.string(), z.number()]).nullish(),
  currency: textOrNumber,
  /** The salary period: `y`, `m`, `d` or `h`. */
  mensuality: text,
  contract_type_id: textOrNumber,
  /** The contract's name (`CDI`), in the careers feed's enriched vacancies. */
  contract_type: text,
  /** Part-time (INFERRED from the name). */
  partial: flag,
  /** Experience asked, an enum integer (1, 2, 4, 6, 11). */
  experience: textOrNumber,
  /** The activity (industry): a name in the careers feed, `{id, text}` on companies. */
  activity: z.union([z.string(), z.looseObject({ text })]).nullish(),
  show_salary: flag,
  /** Application-form questions (`fields=questions` on the single GET); their shape is not documented. */
  questions: z.array(z.unknown()).nullish(),
  address: z
    .looseObject({
      formatted_address: text,
      locality: text,
      country: text,
      postal_code: textOrNumber,
      route: textOrNumber,
      street_number: textOrNumber,
      administrative_area_level_1: textOrNumber,
    })
    .nullish(),
});

/** A vacancy as the mappers see it. */
export type Vacancy = z.infer<typeof vacancySchema>;

/** A column: a company-wide stage. */
export const columnSchema = z.looseObject({
  id: integerId,
  title: text,
  position: z.number().nullish(),
  visible: flag,
  hired: flag,
  created_at: stamp,
  updated_at: stamp,
});

/** A column as the mappers see it. */
export type Column = z.infer<typeof columnSchema>;

/** A member with its user. */
export const memberSchema = z.looseObject({
  id: encodedId,
  role_id: z.number().nullish(),
  created_at: stamp,
  user: z.looseObject({
    id: encodedId,
    user_id: integerId.nullish(),
    firstname: text,
    lastname: text,
    email: text,
    status: z.number().int().nullish(),
    created_at: stamp,
    updated_at: stamp,
  }),
});

/** A tag of the catalogue. */
export const tagSchema = z.looseObject({
  id: encodedId,
  tag_id: integerId.nullish(),
  title: z.string(),
  type: text,
  values: text,
});

/** The nested candidate of a full applicant object; `consent` and `cv` vary in type. */
export const nestedCandidateSchema = z.looseObject({
  id: anyId,
  email: text,
  firstname: text,
  lastname: text,
  cv: z.unknown().optional(),
  aws: z.looseObject({ key: text, extension: text, signature: text }).nullish(),
  created_at: stamp,
  updated_at: stamp,
});

/** A full applicant object: PUT / DELETE responses and the legacy single GET. */
export const applicantObjectSchema = z.looseObject({
  id: encodedId,
  vacancy_id: anyId.nullish(),
  column_id: integerId.nullish(),
  status: z.number().int().nullish(),
  created_at: stamp,
  updated_at: stamp,
  candidate: nestedCandidateSchema.nullish(),
});

/** A comment. */
export const commentSchema = z.looseObject({
  id: anyId,
  text: text,
  created_at: stamp,
  attachments: z
    .array(z.looseObject({ id: anyId, name: text, key: text, url: text, created_at: stamp }))
    .nullish(),
});

/** The success body of the careers candidate creation: no ids. */
export const createdBodySchema = z.looseObject({ status: z.union([z.number(), z.string()]).nullish(), response: text });

/** The body of `POST /user/login`. */
export const loginBodySchema = z.looseObject({ token: z.string().min(1) });

/** A list body: Flatchr lists are bare arrays. */
export const listBodySchema = z.array(z.unknown());
