/**
 * Flatchr write actions. Each names the endpoint it calls. Fallbacks come back as `warnings`:
 * rejection has no reasons, notes / result links / attachments are comments (written as a user),
 * "on a candidate" means on the candidate's newest application, and candidate creation returns no
 * id (the new applicant is found by email afterwards).
 */
import type { ActionOptions, ConnectorActions } from '../../actions/results.js';
import type * as Inputs from '../../actions/inputs.js';
import type { RemoteFields } from '../../actions/remote-fields.js';
import { NotFoundError, UnsupportedError } from '../../core/errors.js';
import { inputError } from '../../core/input-errors.js';
import { flatchrDescriptor as descriptor } from './descriptor.js';
import { listResource, type FlatchrApi } from './endpoints.js';
import { filePart } from '../shared/multipart.js';
import { attachmentsOfApplication, attachmentsOfCandidate } from './attachments.js';
import { CANDIDATE_COMMENT_WARNING, commentHtml, commentWriter, resultLinkHtml } from './comments.js';
import { createApplication, createCandidate, findCandidatesByEmail } from './create-candidate.js';
import { decodeApplication, decodeCandidate, newestApplicant, rowsOfCandidate, vacancyOfApplication } from './get-one.js';
import { buildLookups } from './lookups.js';
import { tagSchema } from './wire.js';
import { remoteColumn, type FlatchrActionParts } from './action-parts.js';
import { actionResult } from '../shared/ids.js';

const PROVIDER = descriptor.provider;

export type { FlatchrActionParts } from './action-parts.js';

/** The encoded id of a vacancy from its integer id (one GET /vacancies). */
export async function encodedVacancy(api: FlatchrApi, vacancyId: number, operation: string, signal?: AbortSignal): Promise<string> {
  const vacancies = await listResource(api, descriptor.resources.vacancies, signal);
  const encoded = buildLookups(vacancies, []).vacancyByInteger.get(vacancyId);
  if (!encoded) throw new NotFoundError(`Flatchr has no vacancy ${String(vacancyId)} (${operation})`, { provider: PROVIDER, operation });
  return encoded;
}

const ok = actionResult;
/** The comment options of a write: the call's options plus `remote_fields.flatchr.private`. */
const commentOptions = (input: { remote_fields?: RemoteFields }, options: ActionOptions) => ({ ...options, private: input.remote_fields?.flatchr?.private });
const RESULT_LINK_WARNING = 'Written as a comment with the link: Flatchr has no result-link field.';

/** Builds the Flatchr actions. */
export function flatchrActions(parts: FlatchrActionParts): Partial<ConnectorActions> {
  const { api, session } = parts;
  const comments = commentWriter(api, session);
  const applicantPath = (vacancy: string, applicant: string) => descriptor.paths.vacancyApplicant(api.companyId, vacancy, applicant);
  /** The applicant and encoded vacancy of an application id (the vacancy looked up when the id lacks it). */
  const applicationTarget = async (applicationId: string, operation: string, signal?: AbortSignal) => {
    const application = decodeApplication(applicationId, operation);
    const vacancyId = await vacancyOfApplication(api, application, operation, signal);
    return { applicant: application.applicant, vacancy: await encodedVacancy(api, vacancyId, operation, signal) };
  };

  const fileOf = (attachment: Inputs.AttachmentInput) => {
    if (!attachment.data) {
      // Reached only when the shared download of attachment.url was bypassed: the form is unsupported.
      throw new UnsupportedError('Flatchr takes attachments as file bytes on a comment; pass attachment.data instead of attachment.url.', {
        provider: PROVIDER,
        operation: 'addAttachment',
      });
    }
    // Checked (name and content type) before any request: they go into a part header.
    return filePart({ ...attachment, data: attachment.data }, { provider: PROVIDER, operation: 'addAttachment' });
  };

  return {
    /** https://developers.flatchr.io/en/docs/QuickStart/Candidats/Deplacer_un_candidat — PUT …/vacancy/{v}/applicant/{a} `{column_id}`. */
    async moveApplicationToStage(input, options = {}) {
      // Both ids are checked before any request.
      decodeApplication(input.application_id, 'moveApplicationToStage');
      const column = remoteColumn(input.stage_id, 'moveApplicationToStage');
      const { applicant, vacancy } = await applicationTarget(input.application_id, 'moveApplicationToStage', options.signal);
      await api.client.request({
        method: 'PUT',
        path: applicantPath(vacancy, applicant),
        json: { column_id: column },
        operation: 'moveApplicationToStage',
        // "Set column to X": repeating it changes nothing.
        idempotent: true,
        signal: options.signal,
      });
      return ok([], applicant);
    },

    /** https://developers.flatchr.io/en/docs/QuickStart/Candidats/Archiver_un_candidat — DELETE …/vacancy/{v}/applicant/{a} = archive. */
    async rejectApplication(input, options = {}) {
      const { applicant, vacancy } = await applicationTarget(input.application_id, 'rejectApplication', options.signal);
      await api.client.request({
        method: 'DELETE',
        path: applicantPath(vacancy, applicant),
        operation: 'rejectApplication',
        idempotent: true,
        signal: options.signal,
      });
      const warnings: string[] = [];
      if (input.rejection_reason_id) warnings.push('Flatchr archives without a reason (no reason parameter or catalogue); rejection_reason_id was ignored.');
      if (input.note) {
        if (session.configured) await comments.onApplication(input.application_id, commentHtml(input.note, 'PLAIN_TEXT').html, 'rejectApplication', commentOptions(input, options));
        else warnings.push('The rejection note was not written: Flatchr comments need a user (pass userEmail and userPassword).');
      }
      return ok(warnings, applicant);
    },

    async addNoteToApplication(input, options = {}) {
      const { html, warnings } = commentHtml(input.content, input.content_type);
      const id = await comments.onApplication(input.application_id, html, 'addNoteToApplication', commentOptions(input, options));
      return ok(warnings, id);
    },

    async addNoteToCandidate(input, options = {}) {
      const { html, warnings } = commentHtml(input.content, input.content_type);
      const id = await comments.onCandidate(input.candidate_id, html, 'addNoteToCandidate', commentOptions(input, options));
      return ok([...warnings, CANDIDATE_COMMENT_WARNING], id);
    },

    async addResultLinkToApplication(input, options = {}) {
      const id = await comments.onApplication(input.application_id, resultLinkHtml(input), 'addResultLinkToApplication', commentOptions(input, options));
      return ok([RESULT_LINK_WARNING], id);
    },

    async addResultLinkToCandidate(input, options = {}) {
      const id = await comments.onCandidate(input.candidate_id, resultLinkHtml(input), 'addResultLinkToCandidate', commentOptions(input, options));
      return ok([RESULT_LINK_WARNING, CANDIDATE_COMMENT_WARNING], id);
    },

    async addAttachmentToApplication(input, options = {}) {
      const file = fileOf(input.attachment);
      const id = await comments.onApplication(input.application_id, commentHtml(input.attachment.name, 'PLAIN_TEXT').html, 'addAttachmentToApplication', commentOptions(input, options), file);
      return ok(['Attached to a comment: Flatchr files live on comments.'], id);
    },

    async addAttachmentToCandidate(input, options = {}) {
      const file = fileOf(input.attachment);
      const id = await comments.onCandidate(input.candidate_id, commentHtml(input.attachment.name, 'PLAIN_TEXT').html, 'addAttachmentToCandidate', commentOptions(input, options), file);
      return ok(['Attached to a comment: Flatchr files live on comments.', CANDIDATE_COMMENT_WARNING], id);
    },

    getCandidateAttachments: (input, options = {}) => attachmentsOfCandidate(parts, input.candidate_id, options),

    /** The applicant's CV and the files on its comments. */
    getApplicationAttachments: (input, options = {}) => attachmentsOfApplication(parts, input.application_id, options),

    /** https://developers.flatchr.io/en/docs/QuickStart/Tags — POST …/applicant/{a}/trait `{tag, value}`. */
    async addTagToCandidate(input, options = {}) {
      const [title, ...rest] = input.tag.name.split(':');
      const wanted = (title ?? '').trim().toLowerCase();
      // Checked before any request: the candidate id is the caller's input.
      decodeCandidate(input.candidate_id, 'addTagToCandidate');
      const tags = await listResource(api, descriptor.resources.tags, options.signal);
      const tag = tags
        .map((item) => tagSchema.safeParse(item))
        .filter((r) => r.success)
        .map((r) => r.data)
        .find((t) => (!t.type || t.type === descriptor.candidateTagType) && t.title.trim().toLowerCase() === wanted);
      if (!tag) {
        throw inputError('tag.name', 'Flatchr has no candidate tag of that title: its tags are a fixed catalogue; create it in Flatchr first', { provider: PROVIDER, operation: 'addTagToCandidate' });
      }
      // Tags are key/value: "Level: Senior" sets tag "Level" to "Senior"; a bare name uses the title as the value (INFERRED).
      const value = rest.length > 0 ? rest.join(':').trim() : tag.title;
      const { rows } = await rowsOfCandidate(api, input.candidate_id, 'addTagToCandidate', options.signal);
      const applicant = newestApplicant(rows, 'addTagToCandidate');
      await api.client.request({
        method: 'POST',
        path: descriptor.paths.trait(api.companyId, applicant),
        json: { tag: tag.id, value },
        operation: 'addTagToCandidate',
        signal: options.signal,
      });
      return ok(["Flatchr tags are key/value traits of one applicant: set on the candidate's most recent application."], applicant);
    },

    createCandidate: (input, options: ActionOptions = {}) => createCandidate(parts, input, options),

    /** The careers creation with a known person's email: Flatchr merges it into that person. */
    createApplication: (input, options: ActionOptions = {}) => createApplication(parts, input, options),

    /** POST …/search/applicants `{email}`, active and archived; exact matches only. */
    findCandidatesByEmail: (email, options: ActionOptions = {}) => findCandidatesByEmail(api, email, options),
  };
}
