/**
 * Lenient zod schemas of Gem ATS payloads: only what the mappers read, every field `nullish`,
 * unknown keys passed through (the raw object is kept in `remote_data`). Gem is "in development
 * mode", so additive changes must never break a parse.
 */
import { z } from 'zod';
import { providerIdSchema } from '../shared/wire.js';

/** Ids are opaque strings; a number is accepted and turned into a string, never parsed. */
const idSchema = providerIdSchema;
const text = z.string().nullish();
const flag = z.boolean().nullish();
const stamp = z.string().nullish();

/** `UserLite` embedded in jobs, stages and interviews: no email. */
export const userLiteSchema = z.looseObject({ id: idSchema, name: text, first_name: text, last_name: text, employee_id: text });

/** An office embedded in jobs. */
export const officeSchema = z.looseObject({ id: idSchema.nullish(), name: text, location: z.looseObject({ name: text }).nullish() });

/** A department embedded in jobs. */
export const departmentSchema = z.looseObject({ id: idSchema.nullish(), name: text });

/** `GET /users/`. */
export const userSchema = z.looseObject({
  id: idSchema,
  name: text,
  first_name: text,
  last_name: text,
  primary_email_address: text,
  emails: z.array(z.string()).nullish(),
  disabled: flag,
  site_admin: flag,
  created_at: stamp,
  updated_at: stamp,
  deleted_at: stamp,
});

const teamList = z.array(userLiteSchema).nullish();

/** `GET /jobs/`. */
export const jobSchema = z.looseObject({
  id: idSchema,
  name: text,
  requisition_id: text,
  confidential: flag,
  status: text,
  is_template: flag,
  created_at: stamp,
  opened_at: stamp,
  closed_at: stamp,
  updated_at: stamp,
  deleted_at: stamp,
  departments: z.array(departmentSchema).nullish(),
  offices: z.array(officeSchema).nullish(),
  hiring_team: z
    .looseObject({ hiring_managers: teamList, recruiters: teamList, coordinators: teamList, sourcers: teamList })
    .nullish(),
});

/** `GET /job_posts/`. */
export const jobPostSchema = z.looseObject({
  id: idSchema,
  title: text,
  job_id: idSchema.nullish(),
  active: flag,
  live: flag,
  internal: flag,
  external: flag,
  first_published_at: stamp,
  content: text,
  created_at: stamp,
  updated_at: stamp,
  deleted_at: stamp,
});

/** `GET /job_stages/` and `GET /jobs/{id}/stages`. */
export const jobStageSchema = z.looseObject({
  id: idSchema,
  name: text,
  job_id: idSchema.nullish(),
  priority: z.number().nullish(),
  active: flag,
  created_at: stamp,
  updated_at: stamp,
  deleted_at: stamp,
  interviews: z
    .array(z.looseObject({ id: idSchema.nullish(), name: text, job_stage_interview_item_id: idSchema.nullish() }))
    .nullish(),
});

/** `GET /applications/`; also embedded in candidates. */
export const applicationSchema = z.looseObject({
  id: idSchema,
  candidate_id: idSchema.nullish(),
  applied_at: stamp,
  rejected_at: stamp,
  last_activity_at: stamp,
  source: z.looseObject({ id: idSchema.nullish(), public_name: text }).nullish(),
  // a string id in Nango's type, a user object in Harvest: both are accepted.
  credited_to: z.union([idSchema, z.looseObject({ id: idSchema.nullish(), name: text })]).nullish(),
  rejection_reason: z.looseObject({ id: idSchema.nullish(), name: text }).nullish(),
  jobs: z.array(z.looseObject({ id: idSchema, name: text })).nullish(),
  job_post_id: idSchema.nullish(),
  status: text,
  current_stage: z.looseObject({ id: idSchema.nullish(), name: text }).nullish(),
  deleted_at: stamp,
});

/** `GET /candidates/`. */
export const candidateSchema = z.looseObject({
  id: idSchema,
  first_name: text,
  last_name: text,
  company: text,
  title: text,
  is_private: flag,
  phone_numbers: z.array(z.looseObject({ type: text, value: text })).nullish(),
  email_addresses: z.array(z.looseObject({ type: text, value: text, is_primary: flag })).nullish(),
  social_media_addresses: z.array(z.looseObject({ value: text })).nullish(),
  tags: z.array(z.string()).nullish(),
  attachments: z.array(z.looseObject({ filename: text, url: text, type: text, created_at: stamp })).nullish(),
  created_at: stamp,
  updated_at: stamp,
  last_activity: stamp,
  deleted_at: stamp,
  // Embedded applications are read loosely: one malformed application must not quarantine its candidate.
  applications: z.array(z.unknown()).nullish(),
  application_ids: z.array(idSchema).nullish(),
});

const interviewTime = z.looseObject({ date_time: stamp, date: stamp }).nullish();

/** `GET /scheduled_interviews/`. */
export const scheduledInterviewSchema = z.looseObject({
  id: idSchema,
  application_id: idSchema.nullish(),
  start: interviewTime,
  end: interviewTime,
  location: text,
  video_conferencing_url: text,
  status: text,
  interview: z.looseObject({ id: idSchema.nullish(), name: text }).nullish(),
  organizer: userLiteSchema.nullish(),
  interviewers: z.array(z.looseObject({ id: idSchema, name: text, email: text, response_status: text })).nullish(),
  job_stage_interview_item_id: idSchema.nullish(),
  created_at: stamp,
  updated_at: stamp,
  deleted_at: stamp,
});

/** The note the notes endpoint returns. */
export const noteSchema = z.looseObject({ id: idSchema.nullish() });

/** A list page: a bare JSON array. */
export const listSchema = z.array(z.unknown());

export type GemUser = z.infer<typeof userSchema>;
export type GemJob = z.infer<typeof jobSchema>;
export type GemJobPost = z.infer<typeof jobPostSchema>;
export type GemJobStage = z.infer<typeof jobStageSchema>;
export type GemApplication = z.infer<typeof applicationSchema>;
export type GemCandidate = z.infer<typeof candidateSchema>;
export type GemScheduledInterview = z.infer<typeof scheduledInterviewSchema>;
