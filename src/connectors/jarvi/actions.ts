/**
 * Jarvi write actions (B.7). Every write goes through the two documented upsert routes:
 * `POST /profiles` (create or update a profile; history entries = notes; files) and
 * `POST /applicants` (a profile plus its application to a project). Fallbacks come back as
 * `warnings`. Jarvi answers `{ message, taskId, profileId }` and applies the write asynchronously
 * (quirk 9), so read-after-write may lag.
 *
 * Tags such as B.7 are defined in docs/connectors/sources/jarvi.md (quirk numbers too).
 */
import type { ActionOptions, ConnectorActions, CreateCandidateResult } from '../../actions/results.js';
import type * as Inputs from '../../actions/inputs.js';
import type { RemoteFields } from '../../actions/remote-fields.js';
import { ConfigError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import { inputError } from '../../core/input-errors.js';
import type { Candidate } from '../../models/index.js';
import { filePart } from '../shared/multipart.js';
import { noteText } from '../shared/html-to-text.js';
import { jarviDescriptor as descriptor, type JarviResource } from './descriptor.js';
import { withKeyHint } from './key-hint.js';
import { jarviId } from './mappers/common.js';
import { applicationOf, jarviPushActions } from './push-actions.js';
import { getRaw, jarviPipelines, mapOne, type JarviClients } from './reads.js';
import * as wire from './wire.js';
import { actionResult, idReader } from '../shared/ids.js';
import { jarviIds } from './ids.js';

const PROVIDER = descriptor.provider;
const ids = idReader(jarviIds);
/** The provider id behind an id input of `kind`, from `field` of `operation`. */
const remote = (id: string, kind: string, operation: string, field: string) => ids.one(id, kind, { field, operation });
const profilesRoute: Pick<JarviResource, 'key' | 'path'> = { key: 'private', path: '/profiles' };
const applicantsRoute: Pick<JarviResource, 'key' | 'path'> = { key: 'public', path: '/applicants' };

/** The profile and project of an application id ("profile X on project Y"). */
function applicationParts(id: string, operation: string): { profileId: string; projectId: string } {
  const [profileId, projectId] = ids.two(id, 'application', { field: 'application_id', operation });
  return { profileId, projectId };
}

const ok = actionResult;

/** The Jarvi settings of a write (`remote_fields.jarvi`). */
const own = (input: { remote_fields?: RemoteFields }) => input.remote_fields?.jarvi ?? {};

/** A location input as one line, the form `POST /profiles` takes: the raw line, else its parts. */
function locationLine(location: NonNullable<Inputs.CreateCandidateInput['candidate']['location']>): string {
  if (location.raw) return location.raw;
  const cityLine = [location.zip_code, location.city].filter(Boolean).join(' ');
  return [location.street_1, cityLine, location.state, location.country].filter(Boolean).join(', ');
}

/** A result link as a history entry message: the label, the URL, then each attribute on a line. */
function resultLinkMessage(input: Inputs.AddResultLinkToCandidateInput | Inputs.AddResultLinkToApplicationInput): string {
  const lines = [`${input.label}: ${input.url}`];
  for (const attribute of input.details?.attributes ?? []) lines.push(`${attribute.key}: ${attribute.value}`);
  return lines.join('\n');
}

/**
 * A file as Jarvi's odd base64 data URL, `data:@file/<subtype>;base64,…` (B.7.1), e.g.
 * `data:@file/pdf` for `application/pdf`.
 */
export function jarviDataUrl(contentType: string, data: Uint8Array): string {
  const subtype = contentType.split(';')[0]?.split('/')[1]?.trim() || 'octet-stream';
  return `data:@file/${subtype};base64,${Buffer.from(data).toString('base64')}`;
}

/** Builds the Jarvi actions. */
export function jarviActions(clients: JarviClients): Partial<ConnectorActions> {
  const client = clients.private;

  /**
   * https://api-docs.jarvi.tech/en/api-reference/profiles/post — POST /profiles (B.7.1), private key.
   * Upsert by `id`; only the keys sent are written (INFERRED merge semantics).
   */
  const postProfile = async (body: Record<string, unknown>, operation: string, options: ActionOptions, idempotent = false) => {
    try {
      const response = await client.request({ method: 'POST', path: '/profiles', json: body, operation, idempotent, signal: options.signal });
      const parsed = wire.writeResponseSchema.safeParse(response.body);
      return { profileId: parsed.data?.profileId ?? (typeof body.id === 'string' ? body.id : null), taskId: parsed.data?.taskId ?? null };
    } catch (error) {
      throw withKeyHint.error(error, profilesRoute, 'POST');
    }
  };

  /** A history entry (note) on a profile: the documented way to add a note or a result link (B.7.1). */
  const historyEntry = async (profileId: string, subject: string, message: string, operation: string, options: ActionOptions, type?: string) => {
    const body = { id: profileId, historyEntrySubject: subject, historyEntryMessage: message, ...(type ? { historyEntryType: type } : {}) };
    const { taskId } = await postProfile(body, operation, options);
    return taskId;
  };

  /** A file on a profile: `files[]` as a data URL, within the 4.5 MB request cap (B.7.5). */
  const attach = async (profileId: string, attachment: Inputs.AttachmentInput, operation: string, options: ActionOptions) => {
    if (!attachment.data) {
      // The action is supported; this input form is not (Jarvi never fetches a URL), so a ConfigError.
      throw new ConfigError('Jarvi takes file bytes only (a base64 data URL in POST /profiles); it does not fetch URLs. Download the file and pass attachment.data.', {
        provider: PROVIDER,
        operation,
      });
    }
    // The same checks as a multipart part: the name and type end up in a data URL and a file name.
    const checked = filePart({ ...attachment, data: attachment.data }, { provider: PROVIDER, operation });
    const file = { fileName: checked.fileName, data: jarviDataUrl(checked.contentType, checked.data) };
    if (file.data.length + 1024 > descriptor.maxRequestBytes) {
      throw inputError('attachment.data', 'is too large for Jarvi: a request may carry at most 4.5 MB, base64 included', { provider: PROVIDER, operation });
    }
    // A CV goes to `resumesFiles` (Jarvi parses it as the talent's resume), anything else to `files`.
    const { taskId } = await postProfile({ id: profileId, [attachment.type === 'CV' ? 'resumesFiles' : 'files']: [file] }, operation, options);
    return taskId;
  };

  /** Re-reads a candidate after a write; Jarvi applies writes asynchronously, so it may not be there yet. */
  const readBack = async (profileId: string, operation: string, options: ActionOptions): Promise<Candidate | null> => {
    try {
      const raw = await getRaw(client, descriptor.resources.profiles, profileId, operation, options.signal);
      return mapOne(raw, jarviPipelines.candidates, operation, `profile ${profileId}`)[0] ?? null;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  };

  return {
    ...jarviPushActions({ clients, postProfile, readBack }),

    /**
     * History entry messages are plain text (the documented example is; INFERRED that HTML is not
     * rendered): HTML is converted, links kept as "text (url)", with a warning.
     */
    async addNoteToCandidate(input, options = {}) {
      const profileId = remote(input.candidate_id, 'candidate', 'addNoteToCandidate', 'candidate_id');
      const { text, warnings } = noteText(input.content, input.content_type, 'Jarvi');
      const taskId = await historyEntry(profileId, 'Note', text, 'addNoteToCandidate', options, own(input).history_entry_type);
      return ok(warnings, taskId);
    },

    async addNoteToApplication(input, options = {}) {
      const { profileId, projectId } = applicationParts(input.application_id, 'addNoteToApplication');
      const { text, warnings } = noteText(input.content, input.content_type, 'Jarvi');
      const taskId = await historyEntry(profileId, `Note (project ${projectId})`, text, 'addNoteToApplication', options, own(input).history_entry_type);
      return ok([...warnings, 'Written as a history entry on the profile naming the project: Jarvi history entries belong to profiles.'], taskId);
    },

    async addResultLinkToCandidate(input, options = {}) {
      const profileId = remote(input.candidate_id, 'candidate', 'addResultLinkToCandidate', 'candidate_id');
      const taskId = await historyEntry(profileId, input.label, resultLinkMessage(input), 'addResultLinkToCandidate', options, own(input).history_entry_type);
      return ok(['Written as a history entry (note): Jarvi has no result-link field.'], taskId);
    },

    async addResultLinkToApplication(input, options = {}) {
      const { profileId, projectId } = applicationParts(input.application_id, 'addResultLinkToApplication');
      const taskId = await historyEntry(profileId, `${input.label} (project ${projectId})`, resultLinkMessage(input), 'addResultLinkToApplication', options, own(input).history_entry_type);
      return ok(['Written as a history entry (note) on the profile naming the project: Jarvi has no result-link field.'], taskId);
    },

    async addAttachmentToCandidate(input, options = {}) {
      const taskId = await attach(remote(input.candidate_id, 'candidate', 'addAttachmentToCandidate', 'candidate_id'), input.attachment, 'addAttachmentToCandidate', options);
      return ok([], taskId);
    },

    async addAttachmentToApplication(input, options = {}) {
      const { profileId } = applicationParts(input.application_id, 'addAttachmentToApplication');
      const taskId = await attach(profileId, input.attachment, 'addAttachmentToApplication', options);
      return ok(['Attached to the profile: Jarvi files belong to profiles, not to applications.'], taskId);
    },

    /**
     * Experimental, INFERRED (B.7.4): `POST /profiles` with `statusId`, a key the documented body
     * does not list. Idempotent ("set status to X"). Verified by re-reading, because Jarvi may
     * ignore an unknown key silently, like an unknown filter.
     */
    async moveApplicationToStage(input, options = {}) {
      const { profileId } = applicationParts(input.application_id, 'moveApplicationToStage');
      const statusId = remote(input.stage_id, 'stage', 'moveApplicationToStage', 'stage_id');
      await postProfile({ id: profileId, statusId }, 'moveApplicationToStage', options, true);
      const warnings = ['Jarvi statuses are per talent: every application of this candidate now shows this stage.'];
      const after = await readBack(profileId, 'moveApplicationToStage', options);
      const value = after?.integration_fields.find((field) => field.key === 'statusId')?.value;
      const applied = typeof value === 'string' ? value.toLowerCase() : null;
      if (applied !== statusId.toLowerCase()) {
        warnings.push('The new status was not visible on re-read: Jarvi may apply it later (asynchronous write) or ignore the undocumented statusId key.');
      }
      return ok(warnings, profileId);
    },

    /**
     * `POST /profiles`, or `POST /applicants` with `projectId` when an application is asked for
     * (https://api-docs.jarvi.tech/en/api-reference/applicants/post, B.7.2). Not retried: a create.
     */
    async createCandidate(input, options = {}): Promise<CreateCandidateResult> {
      const c = input.candidate;
      const linkedin = c.social_media?.find((s) => s.type?.toUpperCase() === 'LINKEDIN')?.link ?? undefined;
      const body: Record<string, unknown> = {
        firstName: c.first_name,
        lastName: c.last_name,
        // Comma-separated strings on write, arrays on read (quirk 10).
        emailAddresses: c.email_addresses.map((email) => email.email_address).join(', '),
        ...(c.phone_numbers?.length ? { phoneNumbers: c.phone_numbers.map((phone) => phone.phone_number).join(',') } : {}),
        ...(linkedin ? { linkedinUrl: linkedin } : {}),
        ...(c.title ? { headline: c.title } : {}),
        ...(c.company ? { currentCompanyName: c.company } : {}),
        // One line: Jarvi geocodes it (documented as "Nantes, France").
        ...(c.location ? { location: locationLine(c.location) } : {}),
        ...(own(input).external_id ? { externalId: own(input).external_id } : {}),
        // Profile custom fields are top-level keys named by the field's UUID.
        ...own(input).profile_fields,
      };
      const warnings: string[] = [];
      if (c.source) warnings.push('Jarvi sets the profile source itself; candidate.source was not written.');
      let profileId: string | null;
      let projectId: string | null = null;
      if (input.application) {
        projectId = remote(input.application.job_id, 'job', 'createCandidate', 'application.job_id');
        if (input.application.stage_id) warnings.push('POST /applicants takes no status: Jarvi puts the talent in its "New application" status; stage_id was ignored.');
        try {
          const response = await clients.public.request({
            method: 'POST',
            path: '/applicants',
            json: { ...body, projectId },
            operation: 'createCandidate',
            signal: options.signal,
          });
          profileId = wire.writeResponseSchema.safeParse(response.body).data?.profileId ?? null;
        } catch (error) {
          throw withKeyHint.error(error, applicantsRoute, 'POST');
        }
      } else {
        profileId = (await postProfile(body, 'createCandidate', options)).profileId;
      }
      if (!profileId) {
        throw new ValidationError('Jarvi accepted the profile but its answer carries no profileId; look it up by email before trying again.', {
          provider: PROVIDER,
          operation: 'createCandidate',
          issues: [{ path: ['profileId'], code: 'invalid_type' }],
        });
      }
      const candidate = (await readBack(profileId, 'createCandidate', options)) ?? provisionalCandidate(profileId, input);
      if (candidate.remote_data?.provisional === true) {
        warnings.push('Jarvi processes writes asynchronously (taskId): the profile was not readable yet, so the candidate was built from the input.');
      }
      const application = projectId ? applicationOf(candidate, projectId, 'createCandidate') : null;
      if (projectId && !application) warnings.push('The application was not readable yet (asynchronous write); sync applications later to get it.');
      return { warnings, remote_id: profileId, candidate, application };
    },
  };
}

/** The candidate as written, when Jarvi has not applied the write yet. */
function provisionalCandidate(profileId: string, input: Inputs.CreateCandidateInput): Candidate {
  const c = input.candidate;
  return {
    id: jarviId('candidate', profileId),
    remote_id: profileId.toLowerCase(),
    changed_at: null,
    remote_deleted_at: null,
    remote_created_at: null,
    remote_updated_at: null,
    remote_data: { id: profileId, provisional: true },
    first_name: c.first_name,
    last_name: c.last_name,
    company: c.company ?? null,
    title: c.title ?? null,
    confidential: null,
    source: null,
    phone_numbers: (c.phone_numbers ?? []).map((phone) => ({ phone_number: phone.phone_number, type: phone.type ?? null })),
    email_addresses: c.email_addresses.map((email) => ({ email_address: email.email_address, type: email.type ?? null })),
    social_media: (c.social_media ?? []).map((s) => ({ link: s.link ?? null, type: s.type ?? null, username: s.username ?? null })),
    tags: [],
    location: null,
    remote_url: null,
    custom_fields: {},
    integration_fields: [],
  };
}
