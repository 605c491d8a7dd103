import { z } from 'zod';
import {
  commonFields,
  CustomFieldsSchema,
  IntegrationFieldSchema,
  tolerantEnum,
} from './common.js';
import { LocationSchema } from './location.js';

/** Kinds of phone number. */
export const PhoneNumberTypeValues = ['HOME', 'WORK', 'MOBILE', 'OTHER'] as const;
/** Kinds of email address. */
export const EmailAddressTypeValues = ['PERSONAL', 'WORK', 'OTHER'] as const;

/** A phone number of a candidate. */
export const PhoneNumberSchema = z.strictObject({
  /** The number as the provider stores it. */
  phone_number: z.string().min(1),
  /** `HOME`, `WORK`, `MOBILE`, `OTHER`, or `null` when unknown. */
  type: tolerantEnum(PhoneNumberTypeValues),
});

/** An email address of a candidate. */
export const EmailAddressSchema = z.strictObject({
  /** The address. */
  email_address: z.string().min(1),
  /** `PERSONAL`, `WORK`, `OTHER`, or `null` when unknown. */
  type: tolerantEnum(EmailAddressTypeValues),
});

/** A social-media or web profile of a candidate. */
export const SocialMediaSchema = z.strictObject({
  /** The profile's URL, or `null`. */
  link: z.string().nullable(),
  /** The network (`LINKEDIN`, `GITHUB`, `TWITTER`, ... or the provider's word), or `null`. */
  type: z.string().nullable(),
  /** The handle on that network, or `null`. */
  username: z.string().nullable(),
});

/** A tag attached to a candidate. */
export const CandidateTagSchema = z.strictObject({
  /** The unified id of the tag, or `null` when the provider's tags are bare strings without ids. */
  id: z.string().nullable(),
  /** The tag's name. */
  name: z.string(),
});

/** A person in the ATS (who may have several applications). */
export const CandidateSchema = z.strictObject({
  ...commonFields,
  /** Given name, or `null`. */
  first_name: z.string().nullable(),
  /** Family name, or `null`. */
  last_name: z.string().nullable(),
  /** Current employer, or `null`. */
  company: z.string().nullable(),
  /** Current job title, or `null`. */
  title: z.string().nullable(),
  /** Whether the candidate is confidential, or `null` when the provider has no such notion. */
  confidential: z.boolean().nullable(),
  /** Where the candidate came from, or `null`. */
  source: z.string().nullable(),
  /** Phone numbers. */
  phone_numbers: z.array(PhoneNumberSchema),
  /** Email addresses. */
  email_addresses: z.array(EmailAddressSchema),
  /** Social-media and web profiles. */
  social_media: z.array(SocialMediaSchema),
  /** Tags. */
  tags: z.array(CandidateTagSchema),
  /** Where the candidate lives, or `null`. */
  location: LocationSchema.nullable(),
  /** The candidate's page in the ATS itself (for a recruiter), or `null`. */
  remote_url: z.string().nullable(),
  /** Provider fields keyed by their key. */
  custom_fields: CustomFieldsSchema,
  /** Raw provider fields with no unified home. */
  integration_fields: z.array(IntegrationFieldSchema),
});

/** A person in the ATS. */
export type Candidate = z.infer<typeof CandidateSchema>;
