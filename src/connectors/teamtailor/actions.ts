/**
 * Teamtailor write actions. Each names the endpoint it calls. Fallbacks are explicit and come
 * back as `warnings`: notes are candidate-level only, result links need the Partner API, and
 * uploads take a public URL only.
 */
import type { ActionOptions, ConnectorActions, CreateCandidateResult } from '../../actions/results.js';
import type * as Inputs from '../../actions/inputs.js';
import type { RemoteFields } from '../../actions/remote-fields.js';
import { ConfigError, DuplicateError, UnsupportedError, ValidationError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import { teamtailorDescriptor as descriptor } from './descriptor.js';
import { getOne, teamtailorPipelines } from './reads.js';
import { uniqueTags } from './mappers/to-candidate.js';
import * as wire from './wire.js';
import { actionResult, idReader } from '../shared/ids.js';
import { teamtailorIds } from './ids.js';
import { indexIncluded, relatedId, relatedResource, attribute } from './jsonapi.js';
import { asDuplicate, withExisting, type DuplicateAnswer } from '../shared/duplicates.js';
import { noteText } from '../shared/html-to-text.js';
import { applicationBody, parse, readCandidateAttachments, SILENT_CANDIDATE, silentAttributes, teamtailorPushActions } from './push-actions.js';

const PROVIDER = descriptor.provider;
const ids = idReader(teamtailorIds);
/** The provider id behind an id input of `kind`, from `field` of `operation`. */
const remote = (id: string, kind: string, operation: string, field: string) => ids.one(id, kind, { field, operation });
const remoteStage = (id: string, operation: string, field = 'stage_id') => ids.stage(id, { field, operation });


/** Settings the actions need beyond the transport. */
export interface TeamtailorActionSettings {
  /** Author of notes; defaults to the first admin user found. */
  noteAuthorUserId?: string;
}

const ok = actionResult;

/**
 * A second candidate with an email already taken: 422, code 100, "email - has already been taken".
 * Teamtailor does not say which candidate has it; the connector looks it up by email.
 */
const DUPLICATE_CANDIDATE: DuplicateAnswer = { statuses: [422], body: /has already been taken/i };

/** The Teamtailor settings of a write (`remote_fields.teamtailor`). */
const own = (input: { remote_fields?: RemoteFields }) => input.remote_fields?.teamtailor ?? {};

/** Builds the Teamtailor actions. */
export function teamtailorActions(client: HttpClient, settings: TeamtailorActionSettings): Partial<ConnectorActions> {
  let authorId: Promise<string> | null = settings.noteAuthorUserId ? Promise.resolve(settings.noteAuthorUserId) : null;

  /** The note author: the configured user, else the first admin (as Kombo does). Cached. */
  const noteAuthor = (signal?: AbortSignal): Promise<string> => {
    authorId ??= findAdmin(client, signal).catch((error: unknown) => {
      authorId = null;
      throw error;
    });
    return authorId;
  };

  /**
   * https://docs.teamtailor.com/ — POST /v1/notes: candidate-level notes only. The author is
   * `remote_fields.teamtailor.user_id`, else the configured user, else the first admin.
   */
  const writeNote = async (candidateId: string, text: string, options: ActionOptions, fields: { user_id?: string; private_note?: boolean } = {}) => {
    const user = fields.user_id ?? (await noteAuthor(options.signal));
    const response = await client.request<{ data?: { id?: string } }>({
      method: 'POST',
      path: '/notes',
      json: {
        data: {
          type: 'notes',
          attributes: { note: text, ...(fields.private_note === undefined ? {} : { 'private-note': fields.private_note }) },
          relationships: {
            candidate: { data: { type: 'candidates', id: candidateId } },
            user: { data: { type: 'users', id: user } },
          },
        },
      },
      operation: 'addNote',
      signal: options.signal,
    });
    return response.body?.data?.id ?? null;
  };

  /** The candidate and job of an application (the linkage needs `include`). */
  const applicationLinks = async (applicationId: string, options: ActionOptions) => {
    const operation = 'GET /job-applications/{id}';
    const response = await client.request({
      method: 'GET',
      path: descriptor.paths.application(applicationId),
      query: { include: 'candidate,job' },
      operation,
      signal: options.signal,
    });
    const document = parse(wire.singleDocumentSchema, response.body, operation, 'a single-record document');
    const application = parse(wire.applicationSchema, document.data, operation, 'an application resource');
    const candidateId = relatedId(application, 'candidate');
    if (!candidateId) {
      throw new ValidationError(`Teamtailor application ${applicationId} has no candidate relationship (${operation})`, {
        provider: PROVIDER,
        operation,
        issues: [{ path: ['data', 'relationships', 'candidate', 'data', 'id'], code: 'invalid_type' }],
        remoteId: applicationId,
      });
    }
    const job = relatedResource(application, 'job', 'jobs', indexIncluded(document.included));
    return { candidateId, jobId: relatedId(application, 'job'), jobTitle: attribute(job, 'title') };
  };

  const resultLinkText = (input: Inputs.AddResultLinkToCandidateInput | Inputs.AddResultLinkToApplicationInput) => {
    const lines = [`${input.label}: ${input.url}`];
    for (const attribute of input.details?.attributes ?? []) lines.push(`${attribute.key}: ${attribute.value}`);
    return lines.join('\n');
  };
  const RESULT_LINK_WARNING =
    'Written as a candidate note: Teamtailor partner results need Partner API credentials.';

  return {
    /** PATCH /v1/job-applications/{id} with the stage relationship. Idempotent: "set stage to X". */
    async moveApplicationToStage(input, options = {}) {
      const id = remote(input.application_id, 'application', 'moveApplicationToStage', 'application_id');
      const stageId = remoteStage(input.stage_id, 'moveApplicationToStage');
      await client.request({
        method: 'PATCH',
        path: descriptor.paths.application(id),
        json: { data: { id, type: 'job-applications', relationships: { stage: { data: { type: 'stages', id: stageId } } } } },
        operation: 'moveApplicationToStage',
        idempotent: true,
        signal: options.signal,
      });
      return ok(['Teamtailor applies stage moves asynchronously (15–50 s observed) and runs the stage triggers.'], id);
    },

    /** PATCH /v1/job-applications/{id} with `rejected-at` and the reject reason (INFERRED body). */
    async rejectApplication(input, options = {}) {
      const id = remote(input.application_id, 'application', 'rejectApplication', 'application_id');
      const relationships = input.rejection_reason_id
        ? { 'reject-reason': { data: { type: 'reject-reasons', id: remote(input.rejection_reason_id, 'rejection_reason', 'rejectApplication', 'rejection_reason_id') } } }
        : undefined;
      await client.request({
        method: 'PATCH',
        path: descriptor.paths.application(id),
        json: { data: { id, type: 'job-applications', attributes: { 'rejected-at': new Date().toISOString() }, ...(relationships ? { relationships } : {}) } },
        operation: 'rejectApplication',
        idempotent: true,
        signal: options.signal,
      });
      const warnings: string[] = [];
      if (input.note) {
        const links = await applicationLinks(id, options);
        await writeNote(links.candidateId, input.note, options, own(input));
        warnings.push('The rejection note was written as a candidate note: Teamtailor has no application notes.');
      }
      return ok(warnings, id);
    },

    /** Teamtailor notes are plain text: HTML is converted, links kept as "text (url)". */
    async addNoteToCandidate(input, options = {}) {
      const { text, warnings } = noteText(input.content, input.content_type, 'Teamtailor');
      const noteId = await writeNote(remote(input.candidate_id, 'candidate', 'addNoteToCandidate', 'candidate_id'), text, options, own(input));
      return ok(warnings, noteId);
    },

    async addNoteToApplication(input, options = {}) {
      const links = await applicationLinks(remote(input.application_id, 'application', 'addNoteToApplication', 'application_id'), options);
      const prefix = links.jobTitle ? `[${links.jobTitle}] ` : '';
      const { text, warnings } = noteText(input.content, input.content_type, 'Teamtailor');
      const noteId = await writeNote(links.candidateId, `${prefix}${text}`, options, own(input));
      return ok([...warnings, 'Written as a candidate note naming the job: Teamtailor notes are candidate-level only.'], noteId);
    },

    async addResultLinkToCandidate(input, options = {}) {
      const noteId = await writeNote(remote(input.candidate_id, 'candidate', 'addResultLinkToCandidate', 'candidate_id'), resultLinkText(input), options, own(input));
      return ok([RESULT_LINK_WARNING], noteId);
    },

    async addResultLinkToApplication(input, options = {}) {
      const links = await applicationLinks(remote(input.application_id, 'application', 'addResultLinkToApplication', 'application_id'), options);
      const prefix = links.jobTitle ? `[${links.jobTitle}] ` : '';
      const noteId = await writeNote(links.candidateId, `${prefix}${resultLinkText(input)}`, options, own(input));
      return ok([RESULT_LINK_WARNING], noteId);
    },

    /** POST /v1/uploads with a public URL: Teamtailor downloads the file itself. */
    async addAttachmentToCandidate(input, options = {}) {
      const candidateId = remote(input.candidate_id, 'candidate', 'addAttachmentToCandidate', 'candidate_id');
      const uploadId = await upload(client, candidateId, null, input.attachment, options);
      return ok(typeWarnings(input.attachment), uploadId);
    },

    async addAttachmentToApplication(input, options = {}) {
      const links = await applicationLinks(remote(input.application_id, 'application', 'addAttachmentToApplication', 'application_id'), options);
      const uploadId = await upload(client, links.candidateId, links.jobId, input.attachment, options);
      return ok(['Attached to the candidate with the job linked: Teamtailor uploads belong to candidates.', ...typeWarnings(input.attachment)], uploadId);
    },

    /** GET /v1/candidates/{id}/uploads plus the candidate's `resume`. URLs expire in ~60 s. */
    async getCandidateAttachments(input, options = {}) {
      const candidateId = remote(input.candidate_id, 'candidate', 'getCandidateAttachments', 'candidate_id');
      return readCandidateAttachments(client, candidateId, { include: 'uploads', operation: 'getCandidateAttachments', signal: options.signal });
    },

    async addTagToCandidate(input, options = {}) {
      return setTags(client, remote(input.candidate_id, 'candidate', 'addTagToCandidate', 'candidate_id'), options, (tags) => [...tags, input.tag.name]);
    },

    async removeTagFromCandidate(input, options = {}) {
      const name = input.tag.name.trim().toLowerCase();
      return setTags(client, remote(input.candidate_id, 'candidate', 'removeTagFromCandidate', 'candidate_id'), options, (tags) =>
        tags.filter((tag) => tag.trim().toLowerCase() !== name),
      );
    },

    /** POST /v1/candidates, then POST /v1/job-applications. Not retried: creates. */
    async createCandidate(input, options = {}): Promise<CreateCandidateResult> {
      const c = input.candidate;
      // The job and stage ids are checked before anything is created.
      const target = input.application
        ? {
            jobId: remote(input.application.job_id, 'job', 'createCandidate', 'application.job_id'),
            stage: input.application.stage_id ? remoteStage(input.application.stage_id, 'createCandidate', 'application.stage_id') : null,
          }
        : null;
      const linkedin = c.social_media?.find((s) => s.type?.toUpperCase() === 'LINKEDIN')?.link;
      const email = c.email_addresses[0]?.email_address;
      // Both bodies are checked before anything is created.
      const silent = silentAttributes(SILENT_CANDIDATE, own(input).candidate_attributes, { operation: 'createCandidate', field: 'remote_fields.teamtailor.candidate_attributes' });
      if (target) applicationBody('0', target.jobId, target.stage, own(input).application_attributes, 'createCandidate');
      let response;
      try {
        response = await client.request({
          method: 'POST',
          path: '/candidates',
          json: {
            data: {
              type: 'candidates',
              attributes: {
                ...silent,
                'first-name': c.first_name,
                'last-name': c.last_name,
                email,
                phone: c.phone_numbers?.[0]?.phone_number,
                'linkedin-url': linkedin ?? undefined,
                ...SILENT_CANDIDATE,
              },
            },
          },
          operation: 'createCandidate',
          signal: options.signal,
        });
      } catch (error) {
        const duplicate = asDuplicate(error, DUPLICATE_CANDIDATE, 'candidate');
        if (!duplicate) throw error;
        throw await withExistingCandidate(duplicate, email, options);
      }
      const created = parse(wire.singleDocumentSchema, response.body, 'createCandidate', 'the created candidate document');
      const candidateId = parse(wire.identifierSchema, created.data, 'createCandidate', 'the created candidate resource').id;
      const warnings: string[] = [];
      if ((c.email_addresses.length ?? 0) > 1 || (c.phone_numbers?.length ?? 0) > 1) {
        warnings.push('Teamtailor keeps one email and one phone per candidate; the first of each was written.');
      }
      const candidate = await getOne(client, descriptor.paths.candidate(candidateId), descriptor.resources.candidates.include, teamtailorPipelines.candidates, options.signal);
      let application = null;
      if (target) {
        const { jobId, stage } = target;
        const applicationResponse = await client.request({
          method: 'POST',
          path: '/job-applications',
          json: applicationBody(candidateId, jobId, stage, own(input).application_attributes, 'createCandidate'),
          operation: 'createCandidate',
          signal: options.signal,
        });
        const createdApplication = parse(wire.singleDocumentSchema, applicationResponse.body, 'createCandidate', 'the created application document');
        const applicationId = parse(wire.identifierSchema, createdApplication.data, 'createCandidate', 'the created application resource').id;
        application = await getOne(client, descriptor.paths.application(applicationId), descriptor.resources.applications.include, teamtailorPipelines.applications, options.signal);
      }
      return { warnings, remote_id: candidateId, candidate, application };
    },

    ...teamtailorPushActions(client),
  };

  /** The duplicate, with the id of the candidate that has the email (one `filter[email]` lookup). */
  async function withExistingCandidate(duplicate: DuplicateError, email: string | undefined, options: ActionOptions): Promise<DuplicateError> {
    if (!email) return duplicate;
    try {
      const [existing] = await teamtailorPushActions(client).findCandidatesByEmail(email, options);
      return existing ? withExisting(duplicate, existing.id, existing.remote_id) : duplicate;
    } catch {
      // The refusal is the answer; a failed lookup only leaves the existing id unknown.
      return duplicate;
    }
  }
}

/** Teamtailor uploads have no kind: say so when the caller gave one. */
function typeWarnings(attachment: Inputs.AttachmentInput): string[] {
  return attachment.type && attachment.type !== 'OTHER'
    ? [`Teamtailor uploads have no kind: the file was uploaded as a plain upload (${attachment.type} is guessed back from the file name when read).`]
    : [];
}

/** Reads the candidate's tags and PATCHes the whole array (tags have replace semantics). */
async function setTags(client: HttpClient, candidateId: string, options: ActionOptions, change: (tags: string[]) => string[]) {
  const operation = 'GET /candidates/{id}';
  const response = await client.request({ method: 'GET', path: descriptor.paths.candidate(candidateId), operation, signal: options.signal });
  const document = parse(wire.singleDocumentSchema, response.body, operation, 'a single-record document');
  const current = parse(wire.candidateSchema, document.data, operation, 'a candidate resource').attributes.tags ?? [];
  const next = uniqueTags(change(current));
  await client.request({
    method: 'PATCH',
    path: descriptor.paths.candidate(candidateId),
    json: { data: { id: candidateId, type: 'candidates', attributes: { tags: next } } },
    operation: 'setTags',
    idempotent: true,
    signal: options.signal,
  });
  return ok([], candidateId);
}

async function upload(
  client: HttpClient,
  candidateId: string,
  jobId: string | null,
  attachment: Inputs.AttachmentInput,
  options: ActionOptions,
): Promise<string | null> {
  if (!attachment.url) {
    throw new UnsupportedError(
      'Teamtailor cannot take file bytes: it downloads attachments from a public URL. Host the file (a pre-signed URL works) and pass attachment.url.',
      { provider: PROVIDER, operation: 'addAttachment' },
    );
  }
  const response = await client.request<{ data?: { id?: string } }>({
    method: 'POST',
    path: '/uploads',
    json: {
      data: {
        type: 'uploads',
        attributes: { url: attachment.url, 'file-name': attachment.name, internal: true },
        relationships: {
          candidate: { data: { type: 'candidates', id: candidateId } },
          ...(jobId ? { job: { data: { type: 'jobs', id: jobId } } } : {}),
        },
      },
    },
    operation: 'addAttachment',
    signal: options.signal,
  });
  return response.body?.data?.id ?? null;
}

/** The first admin user: the default note author (Kombo does the same). */
async function findAdmin(client: HttpClient, signal?: AbortSignal): Promise<string> {
  const response = await client.request({ method: 'GET', path: '/users', query: { 'page[size]': descriptor.pageSize }, operation: 'findNoteAuthor', signal });
  const users = parse(wire.listDocumentSchema, response.body, 'findNoteAuthor', 'a list document')
    .data.map((item) => wire.userSchema.safeParse(item))
    .filter((r) => r.success)
    .map((r) => r.data);
  const admin = users.find((user) => user.attributes.role === 'admin') ?? users[0];
  if (!admin) {
    throw new ConfigError('No Teamtailor user found to author notes; pass noteAuthorUserId.', { provider: PROVIDER, operation: 'addNote' });
  }
  return admin.id;
}
