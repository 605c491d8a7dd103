/**
 * Gem write actions. Each names the endpoint it calls. Notes are the only confirmed write
 *: result links and application notes fall back to candidate notes and say so in
 * `warnings`. The move endpoint is INFERRED and lives in the descriptor. The acting user
 * goes in the body as `user_id`: `onBehalfOfUserId`, else the first active site admin.
 */
import type { ActionOptions, ConnectorActions, CreateCandidateResult } from '../../actions/results.js';
import type * as Inputs from '../../actions/inputs.js';
import { ConfigError, ValidationError } from '../../core/errors.js';
import { parseOrThrow, summariseIssues } from '../../core/parse.js';
import { inputError } from '../../core/input-errors.js';
import type { HttpClient } from '../../core/http.js';
import { mapItems } from '../../core/record-pipeline.js';
import type { Attachment } from '../../models/index.js';
import { gemDescriptor as descriptor } from './descriptor.js';
import { toAttachment } from './mappers/to-misc.js';
import { gemPipelines, getOne } from './reads.js';
import * as wire from './wire.js';
import { actionResult, idReader } from '../shared/ids.js';
import { gemIds } from './ids.js';
import { mapDuplicate, type DuplicateAnswer } from '../shared/duplicates.js';
import { noteText } from '../shared/html-to-text.js';
import { fitAttachment } from '../shared/attachment-forms.js';
import type { AttachmentInput } from '../../actions/inputs.js';
import type { Candidate } from '../../models/index.js';
import type { RemoteFields } from '../../actions/remote-fields.js';
import { gemReaders } from './reads.js';

/** More candidates than this for one email is not a lookup any more: stop reading. */
const MAX_MATCHES = 100;

const PROVIDER = descriptor.provider;
const ids = idReader(gemIds);
/** The provider id behind an id input of `kind`, from `field` of `operation`. */
const remote = (id: string, kind: string, operation: string, field: string) => ids.one(id, kind, { field, operation });
const remoteStage = (id: string, operation: string, field: string) => ids.stage(id, { field, operation });

/** Settings the actions need beyond the transport. */
export interface GemActionSettings {
  /** The Gem user writes are attributed to. */
  onBehalfOfUserId?: string;
}

const ok = actionResult;

/** The Gem `remote_fields` of a write, with their ids checked (they go into request bodies). */
interface GemWriteFields {
  user_id?: string;
  note_visibility?: 'public' | 'private';
  source_id?: string;
}

/** Reads `remote_fields.gem`, checking each id like any other id input. */
function gemFields(remoteFields: RemoteFields | undefined, operation: string): GemWriteFields {
  const given = remoteFields?.gem ?? {};
  return {
    ...(given.user_id ? { user_id: remote(given.user_id, 'user', operation, 'remote_fields.gem.user_id') } : {}),
    ...(given.note_visibility ? { note_visibility: given.note_visibility } : {}),
    ...(given.source_id ? { source_id: remote(given.source_id, 'source', operation, 'remote_fields.gem.source_id') } : {}),
  };
}

/**
 * A second candidate with the same email: 400 "Duplicate candidate" with the existing candidate's
 * id under `errors.duplicate_candidate.id` (recorded fixture candidates.create-duplicate).
 */
const DUPLICATE_CANDIDATE: DuplicateAnswer = {
  statuses: [400],
  body: /Duplicate candidate/i,
  existingRemoteId: (body) => {
    const id = (body as { errors?: { duplicate_candidate?: { id?: unknown } } } | null)?.errors?.duplicate_candidate?.id;
    return typeof id === 'string' && id !== '' ? id : null;
  },
};

/** Builds the Gem actions. */
export function gemActions(client: HttpClient, settings: GemActionSettings): Partial<ConnectorActions> {
  let actingUser: Promise<string> | null = settings.onBehalfOfUserId ? Promise.resolve(settings.onBehalfOfUserId) : null;
  const defaulted = !settings.onBehalfOfUserId;
  const ACTING_USER_WARNING = 'No onBehalfOfUserId configured: the write is attributed to the first active Gem site admin.';

  /** The acting user: the write's `remote_fields.gem.user_id`, the configured one, else the first active site admin (cached). */
  const actor = (signal: AbortSignal | undefined, fields: GemWriteFields): Promise<string> => {
    if (fields.user_id) return Promise.resolve(fields.user_id);
    actingUser ??= findSiteAdmin(client, signal).catch((error: unknown) => {
      actingUser = null;
      throw error;
    });
    return actingUser;
  };
  const actorWarnings = (fields: GemWriteFields) => (defaulted && !fields.user_id ? [ACTING_USER_WARNING] : []);

  /** https://api.gem.com/ats/v0/reference — POST /ats/v0/candidates/{candidate_id}/activity_feed/notes. Not retried: it creates. */
  const writeNote = async (candidateId: string, text: string, options: ActionOptions, fields: GemWriteFields) => {
    if (text.length > descriptor.noteMaxLength) {
      throw inputError('content', `a Gem note holds at most ${descriptor.noteMaxLength} characters (got ${text.length})`, { provider: PROVIDER, operation: 'addNote' });
    }
    const user = await actor(options.signal, fields);
    const response = await client.request({
      method: 'POST',
      path: descriptor.notePath(candidateId),
      json: { user_id: user, body: text, visibility: fields.note_visibility ?? descriptor.noteVisibility },
      operation: 'addNote',
      signal: options.signal,
    });
    const note = wire.noteSchema.safeParse(response.body);
    return note.success ? (note.data.id ?? null) : null;
  };

  /** https://api.gem.com/ats/v0/reference — GET /ats/v0/applications/{application_id}. */
  const applicationOf = async (applicationId: string, options: ActionOptions) => {
    const response = await client.request({ method: 'GET', path: descriptor.applicationPath(applicationId), operation: 'GET /applications/{id}', signal: options.signal });
    const parsed = wire.applicationSchema.safeParse(response.body);
    if (!parsed.success || !parsed.data.candidate_id) {
      throw new ValidationError(`Gem application ${applicationId} has no readable candidate_id`, {
        provider: PROVIDER,
        operation: 'GET /applications/{id}',
        issues: parsed.success ? [{ path: ['candidate_id'], code: 'missing' }] : summariseIssues(parsed.error),
        remoteId: applicationId,
      });
    }
    return { raw: parsed.data, candidateId: parsed.data.candidate_id, jobName: parsed.data.jobs?.[0]?.name ?? null };
  };

  const resultLinkText = (input: Inputs.AddResultLinkToCandidateInput | Inputs.AddResultLinkToApplicationInput) => {
    const prefix = input.details?.custom_field_name_prefix ? `${input.details.custom_field_name_prefix} ` : '';
    const lines = [`${prefix}${input.label}: ${input.url}`];
    for (const attribute of input.details?.attributes ?? []) lines.push(`${attribute.key}: ${attribute.value}`);
    return lines.join('\n');
  };
  const RESULT_LINK_WARNING = 'Written as a candidate note: Gem has no result-link field.';
  const APPLICATION_NOTE_WARNING = 'Written as a candidate note naming the job: Gem notes are candidate-level only.';
  const jobPrefix = (jobName: string | null) => (jobName ? `[${jobName}] ` : '');
  const readers = gemReaders(client);

  /** https://api.gem.com/ats/v0/reference — GET /ats/v0/candidates/{candidate_id}: its attachments[]. */
  const candidateAttachments = async (candidateId: string, operation: string, options: ActionOptions): Promise<Attachment[]> => {
    const response = await client.request({ method: 'GET', path: descriptor.candidatePath(candidateId), operation, signal: options.signal });
    const candidate = parseOrThrow(wire.candidateSchema, response.body, { provider: PROVIDER, operation, what: 'a candidate', remoteId: candidateId });
    return (candidate.attachments ?? []).map((entry, index): Attachment => {
      const metadata = toAttachment(candidateId, entry, index);
      return {
        ...metadata,
        // Signed URLs carry their own credentials: no Gem key is sent to the storage host.
        download: (downloadOptions = {}) => client.download(metadata.url ?? '', { operation: 'downloadAttachment', signal: downloadOptions.signal }),
      };
    });
  };

  /**
   * Files for `POST /candidates/`: base64 `content` with a `type`. A URL is downloaded first
   * through the hardened download path (Gem takes bytes only).
   */
  const attachmentsForCreate = async (files: readonly AttachmentInput[], options: ActionOptions) => {
    const warnings: string[] = [];
    const out: { filename: string; type: string; content: string; content_type: string }[] = [];
    for (const file of files) {
      const fitted = await fitAttachment(file, ['data'], { provider: PROVIDER, operation: 'createCandidate', signal: options.signal, client });
      warnings.push(...fitted.warnings);
      const data = fitted.attachment.data as Uint8Array;
      out.push({
        filename: file.name,
        type: descriptor.attachmentTypes[file.type ?? 'CV'],
        content: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
        content_type: file.content_type,
      });
    }
    return { attachments: out, warnings };
  };

  return {
    /** INFERRED endpoint (descriptor.moveStage): from the current stage to the given one. */
    async moveApplicationToStage(input, options = {}) {
      const id = remote(input.application_id, 'application', 'moveApplicationToStage', 'application_id');
      const toStage = remoteStage(input.stage_id, 'moveApplicationToStage', 'stage_id');
      const application = await applicationOf(id, options);
      const fromStage = application.raw.current_stage?.id ?? null;
      if (fromStage === toStage) return ok(['The application is already in that stage; nothing was sent.'], id);
      const fields = gemFields(input.remote_fields, 'moveApplicationToStage');
      const user = await actor(options.signal, fields);
      await client.request({
        method: descriptor.moveStage.method,
        path: descriptor.moveStage.path(id),
        json: descriptor.moveStage.body(fromStage, toStage, user),
        operation: 'moveApplicationToStage',
        // Not idempotent: a repeat after success names a from-stage that is no longer current.
        signal: options.signal,
      });
      return ok(['The Gem move-stage endpoint is inferred, not documented.', ...actorWarnings(fields)], id);
    },

    async addNoteToCandidate(input, options = {}) {
      const { text, warnings } = noteText(input.content, input.content_type, 'Gem');
      const fields = gemFields(input.remote_fields, 'addNoteToCandidate');
      const noteId = await writeNote(remote(input.candidate_id, 'candidate', 'addNoteToCandidate', 'candidate_id'), text, options, fields);
      return ok([...warnings, ...actorWarnings(fields)], noteId);
    },

    async addNoteToApplication(input, options = {}) {
      const application = await applicationOf(remote(input.application_id, 'application', 'addNoteToApplication', 'application_id'), options);
      const { text, warnings } = noteText(input.content, input.content_type, 'Gem');
      const fields = gemFields(input.remote_fields, 'addNoteToApplication');
      const noteId = await writeNote(application.candidateId, `${jobPrefix(application.jobName)}${text}`, options, fields);
      return ok([...warnings, APPLICATION_NOTE_WARNING, ...actorWarnings(fields)], noteId);
    },

    async addResultLinkToCandidate(input, options = {}) {
      const fields = gemFields(input.remote_fields, 'addResultLinkToCandidate');
      const noteId = await writeNote(remote(input.candidate_id, 'candidate', 'addResultLinkToCandidate', 'candidate_id'), resultLinkText(input), options, fields);
      return ok([RESULT_LINK_WARNING, ...actorWarnings(fields)], noteId);
    },

    async addResultLinkToApplication(input, options = {}) {
      const application = await applicationOf(remote(input.application_id, 'application', 'addResultLinkToApplication', 'application_id'), options);
      const fields = gemFields(input.remote_fields, 'addResultLinkToApplication');
      const noteId = await writeNote(application.candidateId, `${jobPrefix(application.jobName)}${resultLinkText(input)}`, options, fields);
      return ok([RESULT_LINK_WARNING, ...actorWarnings(fields)], noteId);
    },

    async getCandidateAttachments(input, options = {}) {
      return candidateAttachments(remote(input.candidate_id, 'candidate', 'getCandidateAttachments', 'candidate_id'), 'getCandidateAttachments', options);
    },

    /**
     * INFERRED endpoint (descriptor.createApplication): POST /candidates/{id}/applications with the
     * job and the initial stage (default: the job's first stage). Not retried: it creates.
     */
    async createApplication(input, options = {}) {
      const candidateId = remote(input.candidate_id, 'candidate', 'createApplication', 'candidate_id');
      const jobId = remote(input.job_id, 'job', 'createApplication', 'job_id');
      const stageId = input.stage_id ? remoteStage(input.stage_id, 'createApplication', 'stage_id') : null;
      const response = await client.request({
        method: 'POST',
        path: descriptor.createApplication.path(candidateId),
        json: descriptor.createApplication.body(jobId, stageId, gemFields(input.remote_fields, 'createApplication').source_id ?? null),
        operation: 'createApplication',
        signal: options.signal,
      });
      const created = parseOrThrow(wire.applicationSchema, response.body, { provider: PROVIDER, operation: 'createApplication', what: 'the created application' });
      const application = await getOne(client, descriptor.applicationPath(created.id), 'GET /applications/{id}', gemPipelines.applications, null, options.signal);
      return { warnings: ['The Gem endpoint that applies an existing candidate to a job is inferred, not documented.'], remote_id: created.id, application };
    },

    /**
     * https://api.gem.com/ats/v0/reference — GET /ats/v0/candidates/?email=. Whether Gem
     * matches the address exactly is not documented: only exact (case-insensitive) matches are kept.
     */
    async findCandidatesByEmail(email, options = {}) {
      const wanted = email.toLowerCase();
      const found: Candidate[] = [];
      const stream = readers.candidates(null, { signal: options.signal, pageSize: descriptor.pageSize, filters: { emails: [wanted] } });
      for await (const page of stream.pages()) {
        found.push(...page.records.filter((candidate) => candidate.email_addresses.some((entry) => entry.email_address.toLowerCase() === wanted)));
        if (found.length >= MAX_MATCHES) break;
      }
      return found;
    },

    /**
     * Gem files belong to candidates, not applications: the files of the application's
     * candidate, from GET /candidates/{id} (owner stays the candidate).
     */
    async getApplicationAttachments(input, options = {}) {
      const application = await applicationOf(remote(input.application_id, 'application', 'getApplicationAttachments', 'application_id'), options);
      return candidateAttachments(application.candidateId, 'getApplicationAttachments', options);
    },

    /** https://api.gem.com/ats/v0/reference — POST /ats/v0/candidates/ (deprecated but working). Not retried. */
    async createCandidate(input, options = {}): Promise<CreateCandidateResult> {
      if (!input.application) {
        // A supported action with a provider-specific required input: the caller's input error, not UnsupportedError.
        throw inputError('application', 'is required: Gem creates a candidate only together with an application (POST /candidates/ needs a job)', { provider: PROVIDER, operation: 'createCandidate' });
      }
      const c = input.candidate;
      const jobId = remote(input.application.job_id, 'job', 'createCandidate', 'application.job_id');
      const stageId = input.application.stage_id ? remoteStage(input.application.stage_id, 'createCandidate', 'application.stage_id') : undefined;
      const fields = gemFields(input.remote_fields, 'createCandidate');
      const files = await attachmentsForCreate(input.attachments ?? [], options);
      const sourcer = input.sourced_by ? remote(input.sourced_by.user_id, 'user', 'createCandidate', 'sourced_by.user_id') : undefined;
      const linkedin = c.social_media?.find((entry) => entry.type?.toUpperCase() === 'LINKEDIN' || /linkedin\.com/i.test(entry.link ?? ''));
      const handle = linkedin?.username ?? linkedin?.link?.match(/linkedin\.com\/in\/([^/?#]+)/i)?.[1];
      const response = await mapDuplicate(() => client.request({
        method: 'POST',
        path: descriptor.createCandidatePath,
        json: {
          first_name: c.first_name,
          last_name: c.last_name,
          email: c.email_addresses[0]?.email_address,
          phone_number: c.phone_numbers?.[0]?.phone_number,
          title: c.title,
          company: c.company,
          linkedin_handle: handle,
          job_id: jobId,
          initial_stage_id: stageId,
          ...(fields.source_id ? { source_id: fields.source_id } : {}),
          ...(sourcer ? { sourcer: { user_id: sourcer } } : {}),
          ...(files.attachments.length > 0 ? { attachments: files.attachments } : {}),
        },
        operation: 'createCandidate',
        signal: options.signal,
      }), DUPLICATE_CANDIDATE, 'candidate');
      const created = parseOrThrow(wire.candidateSchema, response.body, { provider: PROVIDER, operation: 'createCandidate', what: 'the created candidate' });
      const warnings: string[] = [...files.warnings];
      if (c.email_addresses.length > 1 || (c.phone_numbers?.length ?? 0) > 1) warnings.push('Gem takes one email and one phone on creation; the first of each was written.');
      if (c.source) warnings.push('Gem takes a source id, not a name: the source was not written.');
      const candidate = await getOne(client, descriptor.candidatePath(created.id), 'GET /candidates/{id}', gemPipelines.candidates, null, options.signal);
      // The new application is embedded in the candidate; the one on the requested job.
      const onJob = (entry: unknown) => wire.applicationSchema.safeParse(entry).data?.jobs?.some((job) => job.id === jobId) ?? false;
      const embedded = (created.applications ?? wire.candidateSchema.safeParse(candidate.remote_data).data?.applications ?? []).filter(onJob);
      const application = mapItems(embedded.slice(0, 1), gemPipelines.applications, null, null).records[0] ?? null;
      if (!application) warnings.push('The created application was not found on the candidate; it will arrive with the next applications sync.');
      return { warnings, remote_id: created.id, candidate, application };
    },
  };
}

/** https://api.gem.com/ats/v0/reference — GET /ats/v0/users/: the first active site admin. */
async function findSiteAdmin(client: HttpClient, signal?: AbortSignal): Promise<string> {
  const response = await client.request({ method: 'GET', path: descriptor.resources.users.path, query: { per_page: 100 }, operation: 'findActingUser', signal });
  const users = parseOrThrow(wire.listSchema, response.body, { provider: PROVIDER, operation: 'findActingUser', what: 'a user list that is not a JSON array' })
    .map((item) => wire.userSchema.safeParse(item))
    .filter((entry) => entry.success)
    .map((entry) => entry.data);
  const active = users.filter((user) => !user.disabled && !user.deleted_at);
  const admin = active.find((user) => user.site_admin) ?? active[0];
  if (!admin) throw new ConfigError('No active Gem user found to act as; pass onBehalfOfUserId.', { provider: PROVIDER, operation: 'findActingUser' });
  return admin.id;
}
