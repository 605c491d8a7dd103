/**
 * Crelate write actions (A.8). Each names the endpoint it calls. Fallbacks are explicit and come
 * back as `warnings`: result links are notes, rejections are stage moves, attachments belong to
 * the contact, and the stage-move endpoint itself is inferred (descriptor `stageMove`).
 *
 * Tags such as A.8 are defined in docs/connectors/sources/crelate.md (quirk numbers too), scenario ids such as B8 in docs/scenarios.md.
 */
import type { ActionOptions, ConnectorActions, CreateCandidateResult } from '../../actions/results.js';
import type * as Inputs from '../../actions/inputs.js';
import { ConfigError, NotFoundError, UnsupportedError, ValidationError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import { parseOrThrow } from '../../core/parse.js';
import type { Attachment } from '../../models/index.js';
import { buildContactEntity } from './contact-entity.js';
import { crelateDescriptor as descriptor } from './descriptor.js';
import { envelopeData, listData } from './envelope.js';
import { guid, lookupId, nonEmpty } from './mappers/common.js';
import { toAttachment } from './mappers/to-misc.js';
import { stageTypeOf } from './mappers/to-stage.js';
import { encodeMultipart, filePart } from '../shared/multipart.js';
import { crelatePaging, crelatePipelines, getApplication, getOne, statusesOfJob } from './reads.js';
import { paginate } from '../../core/pagination.js';
import * as wire from './wire.js';
import { actionResult, idReader } from '../shared/ids.js';
import { crelateIds } from './ids.js';
import { noteText } from '../shared/html-to-text.js';
import { crelatePushActions } from './push-actions.js';

const PROVIDER = descriptor.provider;
const ids = idReader(crelateIds);
/** The provider id behind an id input of `kind`, from `field` of `operation`. */
const remote = (id: string, kind: string, operation: string, field: string) => ids.one(id, kind, { field, operation });
const remoteStage = (id: string, operation: string, field: string) => ids.stage(id, { field, operation });

/** The (job, contact) pair of an application id (unified, or Crelate's `<jobId>:<contactId>`). */
function applicationParts(id: string, operation: string): { jobId: string; contactId: string } {
  const [jobId, contactId] = ids.two(id, 'application', { field: 'application_id', operation });
  return { jobId, contactId };
}

/** A contact read back through the `{ Data }` envelope, or a `ValidationError`. */
function contactOf(body: unknown, operation: string) {
  return parseOrThrow(wire.contactSchema, envelopeData(body, operation), { provider: PROVIDER, operation, what: 'a contact' });
}

const ok = actionResult;
const createdId = (body: unknown, operation: string) => {
  const data = envelopeData(body, operation);
  return typeof data === 'string' ? guid(data) : null;
};

function resultLinkText(input: Inputs.AddResultLinkToCandidateInput | Inputs.AddResultLinkToApplicationInput): string {
  const lines = [`${input.label}: ${input.url}`];
  for (const attribute of input.details?.attributes ?? []) lines.push(`${attribute.key}: ${attribute.value}`);
  return lines.join('\n');
}

const RESULT_LINK_WARNING = 'Written as a note: Crelate has no result-link object (A.7.7).';
const MOVE_WARNING = 'The api3 stage-move endpoint is inferred (descriptor.stageMove); the move may fire the account\'s automated stage emails.';

/** Builds the Crelate actions. */
export function crelateActions(client: HttpClient): Partial<ConnectorActions> {
  /** https://app.crelate.com/api3/docs — POST /notes (A.7.7, CODE): `Display` on `ParentId`, about `RegardingId`. */
  const writeNote = async (contactId: string, jobId: string | null, text: string, options: ActionOptions) => {
    const response = await client.request({
      method: 'POST',
      path: descriptor.notesPath,
      json: { entity: { Display: text, ParentId: { Id: contactId, EntityName: 'Contacts' }, ...(jobId ? { RegardingId: { Id: jobId } } : {}), When: new Date().toISOString() } },
      operation: 'addNote',
      signal: options.signal,
    });
    return createdId(response.body, 'addNote');
  };

  /** The stage move (descriptor.stageMove, INFERRED for api3). Idempotent: "set status to X". */
  const moveTo = async (jobId: string, contactId: string, statusId: string, operation: string, options: ActionOptions) => {
    const move = descriptor.stageMove;
    await client.request({ method: move.method, path: move.path(jobId), query: move.query(contactId), json: move.body(statusId), operation, idempotent: true, signal: options.signal });
  };

  /** Uploads bytes to a contact: a CV as the primary artifact (CODE), anything else as a plain artifact (INFERRED). */
  const upload = async (contactId: string, attachment: Inputs.AttachmentInput, operation: string, options: ActionOptions) => {
    if (!attachment.data) {
      // Unreachable through the connector: a URL is downloaded and passed as bytes before this
      // runs (capabilities say `accepts: ['data']`). Kept as a typed refusal, never a request.
      throw new UnsupportedError('Crelate takes attachment bytes only (multipart upload): pass attachment.data.', { provider: PROVIDER, operation });
    }
    // The attachment's type decides; without one, a name with cv/resume is taken as the CV.
    const primary = attachment.type ? attachment.type === 'CV' : /\b(cv|resume|résumé)\b/i.test(attachment.name.replace(/[_.-]/g, ' '));
    const file = filePart({ ...attachment, data: attachment.data }, { provider: PROVIDER, operation });
    const { body, contentType } = encodeMultipart({ [descriptor.artifacts.filePart]: file }, { provider: PROVIDER, operation });
    // https://app.crelate.com/api3/docs — POST /artifacts/primary | /artifacts?target_entity_name=Contacts&target_record_id= (A.7.8)
    const response = await client.request({
      method: 'POST',
      path: primary ? descriptor.artifacts.primaryUploadPath : descriptor.artifacts.uploadPath,
      query: { target_entity_name: 'Contacts', target_record_id: contactId },
      body,
      headers: { 'content-type': contentType },
      operation,
      signal: options.signal,
    });
    const warnings = ['Crelate processes uploads in the background and drops unreadable files silently: check getCandidateAttachments after a few seconds.'];
    if (!primary) warnings.push('Uploaded as a non-primary artifact through POST /artifacts (INFERRED endpoint).');
    return ok(warnings, createdId(response.body, operation));
  };

  /** Reads the contact's `Tags` map, changes it, and PATCHes it whole (replace semantics, A.7.9). */
  const setTags = async (contactId: string, operation: string, options: ActionOptions, change: (tags: Record<string, { Id?: string | null; Title?: string | null }[]>) => boolean) => {
    const response = await client.request({ method: 'GET', path: descriptor.contactPath(contactId), operation, signal: options.signal });
    const contact = contactOf(response.body, operation);
    // No prototype: a category key such as `__proto__` stays a plain key (B8).
    const tags = Object.create(null) as Record<string, { Id?: string | null; Title?: string | null }[]>;
    for (const [category, entries] of Object.entries(contact.Tags ?? {})) {
      tags[category] = (entries ?? []).map((entry) => ({ Id: entry.Id, Title: entry.Title }));
    }
    if (!change(tags)) return ok([], contactId);
    for (const category of Object.keys(tags)) if (tags[category]?.length === 0) delete tags[category];
    await client.request({ method: 'PATCH', path: descriptor.contactPath(contactId), json: { entity: { Tags: tags } }, operation, idempotent: true, signal: options.signal });
    return ok([], contactId);
  };

  /** GET /contacts/{id} (for the primary document) and GET /artifacts?parent_ids= (A.7.8). */
  const candidateAttachments = async (contactId: string, options: ActionOptions): Promise<Attachment[]> => {
    const contactResponse = await client.request({ method: 'GET', path: descriptor.contactPath(contactId), operation: 'getCandidateAttachments', signal: options.signal });
    const primaryId = lookupId(contactOf(contactResponse.body, 'getCandidateAttachments').PrimaryDocumentAttachmentId);
    const attachments: Attachment[] = [];
    for await (const page of paginate({
      client,
      strategy: crelatePaging,
      path: descriptor.artifacts.listPath,
      query: { parent_ids: contactId },
      pageSize: descriptor.pageSize,
      items: (body) => listData(body, 'GET /artifacts'),
      operation: 'getCandidateAttachments',
      signal: options.signal,
    })) {
      for (const item of page.items) {
        const parsed = wire.artifactSchema.safeParse(item);
        if (!parsed.success) continue;
        const metadata = toAttachment(parsed.data, contactId, primaryId);
        attachments.push({
          ...metadata,
          // GET /artifacts/{id}/content answers raw bytes, not an envelope (A.7.8).
          download: async (downloadOptions = {}) =>
            (await client.request<AsyncIterable<Uint8Array>>({ method: 'GET', path: descriptor.artifacts.contentPath(metadata.remote_id), responseType: 'stream', operation: 'downloadAttachment', signal: downloadOptions.signal })).body,
        });
      }
    }
    return attachments;
  };

  return {
    async moveApplicationToStage(input, options = {}) {
      const { jobId, contactId } = applicationParts(input.application_id, 'moveApplicationToStage');
      await moveTo(jobId, contactId, remoteStage(input.stage_id, 'moveApplicationToStage', 'stage_id'), 'moveApplicationToStage', options);
      return ok([MOVE_WARNING], `${jobId}:${contactId}`);
    },

    async rejectApplication(input, options = {}) {
      const { jobId, contactId } = applicationParts(input.application_id, 'rejectApplication');
      // The Done-Negative status of the job's own workflow type (an org can run several).
      const { statuses } = (await statusesOfJob(client, jobId, options)).workflow;
      const names: readonly string[] = descriptor.rejectStageNames;
      const target =
        statuses.find((status) => stageTypeOf(status) === 'DONE_NEGATIVE') ?? statuses.find((status) => names.includes(nonEmpty(status.Name)?.trim().toLowerCase() ?? ''));
      if (!target) {
        throw new ConfigError('No Done-Negative status in the workflow type of this Crelate job to reject into.', { provider: PROVIDER, operation: 'rejectApplication' });
      }
      await moveTo(jobId, contactId, guid(target.Id), 'rejectApplication', options);
      const warnings = [`Rejected by moving to the "${target.Name ?? target.Id}" status. ${MOVE_WARNING}`];
      if (input.rejection_reason_id) warnings.push('rejection_reason_id ignored: Crelate has no rejection reasons.');
      if (input.note) {
        // Notes are plain text: an HTML note is converted with its links kept (and says so).
        const { text, warnings: converted } = noteText(input.note, undefined, 'Crelate');
        warnings.push(...converted);
        await writeNote(contactId, jobId, text, options);
      }
      return ok(warnings, `${jobId}:${contactId}`);
    },

    async addNoteToCandidate(input, options = {}) {
      const { text, warnings } = noteText(input.content, input.content_type, 'Crelate');
      return ok(warnings, await writeNote(remote(input.candidate_id, 'candidate', 'addNoteToCandidate', 'candidate_id'), null, text, options));
    },

    async addNoteToApplication(input, options = {}) {
      const { jobId, contactId } = applicationParts(input.application_id, 'addNoteToApplication');
      const { text, warnings } = noteText(input.content, input.content_type, 'Crelate');
      return ok(warnings, await writeNote(contactId, jobId, text, options));
    },

    async addResultLinkToCandidate(input, options = {}) {
      return ok([RESULT_LINK_WARNING], await writeNote(remote(input.candidate_id, 'candidate', 'addResultLinkToCandidate', 'candidate_id'), null, resultLinkText(input), options));
    },

    async addResultLinkToApplication(input, options = {}) {
      const { jobId, contactId } = applicationParts(input.application_id, 'addResultLinkToApplication');
      return ok([RESULT_LINK_WARNING], await writeNote(contactId, jobId, resultLinkText(input), options));
    },

    async addAttachmentToCandidate(input, options = {}) {
      return upload(remote(input.candidate_id, 'candidate', 'addAttachmentToCandidate', 'candidate_id'), input.attachment, 'addAttachmentToCandidate', options);
    },

    async addAttachmentToApplication(input, options = {}) {
      const { contactId } = applicationParts(input.application_id, 'addAttachmentToApplication');
      const result = await upload(contactId, input.attachment, 'addAttachmentToApplication', options);
      return { ...result, warnings: ['Attached to the contact: Crelate artifacts belong to records, not pipeline items.', ...result.warnings] };
    },

    async getCandidateAttachments(input, options = {}) {
      return candidateAttachments(remote(input.candidate_id, 'candidate', 'getCandidateAttachments', 'candidate_id'), options);
    },

    ...crelatePushActions(client, candidateAttachments),

    async addTagToCandidate(input, options = {}) {
      const name = input.tag.name.trim();
      return setTags(remote(input.candidate_id, 'candidate', 'addTagToCandidate', 'candidate_id'), 'addTagToCandidate', options, (tags) => {
        const present = Object.values(tags).some((entries) => entries.some((entry) => entry.Title?.trim().toLowerCase() === name.toLowerCase()));
        if (present) return false;
        // INFERRED: a name-only tag entry is resolved to (or creates) the tag of that name (quirk 4).
        (tags[descriptor.defaultTagCategoryId] ??= []).push({ Title: name });
        return true;
      });
    },

    async removeTagFromCandidate(input, options = {}) {
      const name = input.tag.name.trim().toLowerCase();
      return setTags(remote(input.candidate_id, 'candidate', 'removeTagFromCandidate', 'candidate_id'), 'removeTagFromCandidate', options, (tags) => {
        let changed = false;
        for (const category of Object.keys(tags)) {
          const kept = (tags[category] ?? []).filter((entry) => entry.Title?.trim().toLowerCase() !== name);
          changed ||= kept.length !== tags[category]?.length;
          tags[category] = kept;
        }
        return changed;
      });
    },

    /** POST /contacts (A.7.1), then POST /jobs/{jobId}/contacts?contact_ids= (A.7.3). Not retried: creates. */
    async createCandidate(input, options = {}): Promise<CreateCandidateResult> {
      // The job and stage ids are checked before anything is created.
      const target = input.application
        ? {
            jobId: remote(input.application.job_id, 'job', 'createCandidate', 'application.job_id'),
            statusId: input.application.stage_id ? remoteStage(input.application.stage_id, 'createCandidate', 'application.stage_id') : null,
          }
        : null;
      const sourceId = input.candidate.source ? await findContactSource(client, input.candidate.source, options) : null;
      const { entity, warnings } = buildContactEntity(input.candidate, sourceId);
      const response = await client.request({ method: 'POST', path: '/contacts', json: { entity }, operation: 'createCandidate', signal: options.signal });
      const contactId = createdId(response.body, 'createCandidate');
      if (!contactId) {
        throw new ValidationError('Crelate created the contact but its answer carries no id in Data; look the contact up before creating it again.', {
          provider: PROVIDER,
          operation: 'createCandidate',
          issues: [{ path: ['Data'], code: 'invalid_type' }],
        });
      }
      const candidate = await getOne(client, descriptor.contactPath(contactId), crelatePipelines.candidates, 'candidate', options.signal);
      let application = null;
      if (target) {
        const { jobId } = target;
        let { statusId } = target;
        if (!statusId) {
          // The New status of the job's workflow type, else its first one: where the Crelate UI puts added contacts (A.7.5).
          const { statuses } = (await statusesOfJob(client, jobId, options)).workflow;
          const first = statuses.find((status) => stageTypeOf(status) === 'NEW') ?? statuses[0];
          statusId = first ? guid(first.Id) : null;
        }
        await client.request({
          method: 'POST',
          path: descriptor.pipelinePath(jobId),
          query: { contact_ids: contactId },
          json: statusId ? { statusId } : {},
          operation: 'createCandidate',
          signal: options.signal,
        });
        try {
          application = await getApplication(client, jobId, contactId, options.signal);
        } catch (error) {
          // The create and the placement happened; only the read-back missed it (a lagging list).
          if (!(error instanceof NotFoundError)) throw error;
          warnings.push('The contact was added to the job, but the pipeline listing did not show it yet; read it later with getApplication.');
        }
      }
      return { warnings, remote_id: contactId, candidate, application };
    },
  };
}

/** The id of the contact source named `name` (GET /contactsources, A.7.10), or null. */
async function findContactSource(client: HttpClient, name: string, options: ActionOptions): Promise<string | null> {
  const response = await client.request({ method: 'GET', path: descriptor.contactSourcesPath, query: { limit: descriptor.pageSize, offset: 0 }, operation: 'GET /contactsources', signal: options.signal });
  for (const item of listData(response.body, 'GET /contactsources')) {
    const parsed = wire.contactSourceSchema.safeParse(item);
    if (parsed.success && parsed.data.Name?.trim().toLowerCase() === name.trim().toLowerCase()) return guid(parsed.data.Id);
  }
  return null;
}
