/**
 * Lenient zod schemas of Crelate api3 payloads (A.3, A.7): only what the mappers read, every field
 * `nullish`, unknown keys passed through (the raw object is kept in `remote_data`). Field names are
 * PascalCase; references are lookups `{ Id, Title }` (A.7 common notes).
 *
 * Tags such as A.3 are defined in docs/connectors/sources/crelate.md (quirk numbers too).
 */
import { z } from 'zod';

/** A GUID as sent; compared and stored in lower case (A.7, quirk 5). */
const guid = z.string().min(1);
const text = z.string().nullish();
const flag = z.boolean().nullish();
const stamp = z.string().nullish();

/** A lookup `{ Id, Title }` (`Title` may be null; polymorphic lookups add `EntityName`). */
export const lookupSchema = z.looseObject({ Id: z.string().nullish(), Title: text, EntityName: text });

/** A contact-point slot `{ Id, Value, IsPrimary }` (A.7.1: one object per slot, not an array). */
const slotSchema = z.looseObject({ Value: text, IsPrimary: flag });

/** `Tags`: tag category id → `[{ Id, Title }]` (A.7.9). */
export const tagsSchema = z.record(z.string(), z.array(lookupSchema).nullish()).nullish();

/** The `{ Data, Errors, Metadata }` envelope of every response (A.3). */
export const envelopeSchema = z.looseObject({
  Data: z.unknown(),
  Errors: z.array(z.looseObject({ Message: z.string().nullish() })).nullish(),
  Metadata: z.looseObject({ TotalRecords: z.number().nullish(), MoreRecords: z.boolean().nullish(), Url: text }).nullish(),
});

/** A contact (A.7.1). The slot fields are read by name from the raw object by the mapper. */
export const contactSchema = z.looseObject({
  Id: guid,
  FirstName: text,
  LastName: text,
  Name: text,
  RecordType: z.number().int().nullish(),
  CurrentPosition: z.looseObject({ JobTitle: text, CompanyId: lookupSchema.nullish() }).nullish(),
  ContactSourceId: lookupSchema.nullish(),
  Owners: z.array(lookupSchema.extend({ IsPrimary: flag })).nullish(),
  Tags: tagsSchema,
  PrimaryDocumentAttachmentId: lookupSchema.nullish(),
  ExternalPrimaryKey: text,
  EntityStatus: z.number().nullish(),
  CreatedOn: stamp,
  ModifiedOn: stamp,
});

/** A postal address slot (`Addresses_Home`, `_Business`, `_Other`, A.7.1). */
export const addressSchema = z.looseObject({
  Line1: text,
  Line2: text,
  City: text,
  State: text,
  ZipCode: text,
  CountryId: lookupSchema.nullish(),
  IsPrimary: flag,
});

/** A contact-point slot, read by the mapper from `EmailAddresses_*`, `PhoneNumbers_*`, `Websites_*`. */
export const contactSlotSchema = slotSchema;

/** A job (A.7.2). */
export const jobSchema = z.looseObject({
  Id: guid,
  Name: text,
  Description: text,
  JobCode: text,
  AccountId: lookupSchema.nullish(),
  JobTitleId: lookupSchema.nullish(),
  JobTypeIds: z.array(lookupSchema).nullish(),
  WorkflowTypeId: lookupSchema.nullish(),
  Owners: z.array(lookupSchema.extend({ IsPrimary: flag })).nullish(),
  RecruiterId: lookupSchema.nullish(),
  IsOnHold: flag,
  IsHidden: flag,
  ClosedOn: stamp,
  OnPortal: flag,
  PortalTitle: text,
  PortalDescription: text,
  PortalCity: text,
  PortalState: text,
  PortalZip: text,
  PortalCountryId: lookupSchema.nullish(),
  PortalLastPostedOn: stamp,
  Tags: tagsSchema,
  CreatedOn: stamp,
  ModifiedOn: stamp,
});

/** A workflow status (A.7.5). The stage type field name is INFERRED (descriptor `stageTypeFields`). */
export const workflowStatusSchema = z.looseObject({
  Id: guid,
  Name: text,
  SortOrder: z.number().nullish(),
  WorkflowTypeId: lookupSchema.nullish(),
  StageType: z.unknown().optional(),
  StatusType: z.unknown().optional(),
  Type: z.unknown().optional(),
  CreatedOn: stamp,
  ModifiedOn: stamp,
});

/**
 * A pipeline item of `GET /jobs/{jobId}/contacts` (INFERRED shape, A.7.3): api3-style lookups
 * (`ContactId`, `StatusId`) or the legacy v1 flat fields (`Id` = contact id, `StageId`, `StageName`).
 */
export const pipelineItemSchema = z.looseObject({
  Id: z.string().nullish(),
  ContactId: lookupSchema.nullish(),
  StatusId: lookupSchema.nullish(),
  StageId: z.string().nullish(),
  StageName: text,
  CreatedOn: stamp,
  ModifiedOn: stamp,
});

/** An artifact (file) of a record (A.7.8); only `Id` and `FileName` are confirmed (CODE). */
export const artifactSchema = z.looseObject({
  Id: guid,
  FileName: text,
  Name: text,
  ContentType: text,
  ContentLength: z.number().nullish(),
  ArtifactTypeId: lookupSchema.nullish(),
  IsResume: flag,
  IsPrimary: flag,
  CreatedOn: stamp,
  ModifiedOn: stamp,
});

/** A candidate source (A.7.10). */
export const contactSourceSchema = z.looseObject({ Id: guid, Name: text });

/** Raw types as the mappers see them. */
export type WireContact = z.infer<typeof contactSchema>;
export type WireJob = z.infer<typeof jobSchema>;
export type WireWorkflowStatus = z.infer<typeof workflowStatusSchema>;
export type WirePipelineItem = z.infer<typeof pipelineItemSchema>;
export type WireArtifact = z.infer<typeof artifactSchema>;
export type WireLookup = z.infer<typeof lookupSchema>;
