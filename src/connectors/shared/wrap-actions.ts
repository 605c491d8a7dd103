/**
 * The behaviour every connector shares around its own actions, applied by `defineConnector`:
 * attachments are brought to a form the provider takes (`accepts`), `createCandidate` warns about
 * the details it did not write and uploads attachments it could not send, `findCandidatesByEmail`
 * keeps exact matches only, and `pushCandidate` is the shared orchestrator unless the connector
 * brings its own.
 */
import type { AttachmentInput } from '../../actions/inputs.js';
import type { ActionOptions, Connector, ConnectorActions, CreateCandidateResult } from '../../actions/results.js';
import { AtsError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import type { Candidate } from '../../models/index.js';
import { fitAttachment, type AttachmentForm } from './attachment-forms.js';
import { presentDetails, unwrittenDetailWarnings } from './candidate-details.js';
import type { Capabilities } from '../../core/capabilities.js';
import type { CandidateDetailPath } from '../../actions/candidate-details.js';
import { pushCandidate, type PushSettings } from './push-candidate.js';

type AttachmentAction = 'addAttachmentToApplication' | 'addAttachmentToCandidate';

/** The candidate's addresses, trimmed and lower-cased. */
function emailsOf(candidate: Candidate): string[] {
  return candidate.email_addresses.map((entry) => entry.email_address.trim().toLowerCase());
}

/** What the wrappers need from a connector's parts (see `ConnectorParts`). */
export interface WrappedParts {
  provider: string;
  capabilities: Capabilities;
  actions: Partial<ConnectorActions>;
  /** The transport whose download path fetches attachment URLs for bytes-only providers. */
  client: Pick<HttpClient, 'download'>;
  writesCandidateDetails?: readonly CandidateDetailPath[];
  /** How the provider's `createCandidate` differs for the push (see {@link PushSettings}). */
  pushSettings?: PushSettings;
}

/** The connector's actions with the shared behaviour around them. */
export function wrapActions(parts: WrappedParts, connector: () => Connector): Partial<ConnectorActions> {
  const { provider, capabilities } = parts;
  const own = parts.actions;
  const wrapped: Partial<ConnectorActions> = { ...own };
  const written = new Set(parts.writesCandidateDetails ?? []);

  const fitted = async (name: AttachmentAction, attachment: AttachmentInput, options: ActionOptions) => {
    const accepts: readonly AttachmentForm[] = capabilities.actions[name].accepts ?? ['url', 'data'];
    return fitAttachment(attachment, accepts, { provider, operation: name, signal: options.signal, client: parts.client });
  };

  if (own.addAttachmentToApplication) {
    const implementation = own.addAttachmentToApplication;
    wrapped.addAttachmentToApplication = async (input, options = {}) => {
      const { attachment, warnings } = await fitted('addAttachmentToApplication', input.attachment, options);
      const result = await implementation({ ...input, attachment }, options);
      return { ...result, warnings: [...warnings, ...result.warnings] };
    };
  }
  if (own.addAttachmentToCandidate) {
    const implementation = own.addAttachmentToCandidate;
    wrapped.addAttachmentToCandidate = async (input, options = {}) => {
      const { attachment, warnings } = await fitted('addAttachmentToCandidate', input.attachment, options);
      const result = await implementation({ ...input, attachment }, options);
      return { ...result, warnings: [...warnings, ...result.warnings] };
    };
  }

  if (own.createCandidate) {
    const implementation = own.createCandidate;
    wrapped.createCandidate = async (input, options = {}): Promise<CreateCandidateResult> => {
      const unwritten = presentDetails(input).filter((path) => !written.has(path));
      const uploadAfter = unwritten.includes('attachments') ? (input.attachments ?? []) : [];
      const result = await implementation(uploadAfter.length > 0 ? { ...input, attachments: undefined } : input, options);
      const warnings = [...result.warnings, ...unwrittenDetailWarnings(provider, unwritten.filter((path) => path !== 'attachments'))];
      // The candidate exists now: a file that cannot be attached is a warning, not a failure.
      for (const attachment of uploadAfter) {
        if (!capabilities.actions.addAttachmentToCandidate.supported) {
          warnings.push(`${attachment.name} was not attached: ${provider} takes no candidate attachments.`);
          continue;
        }
        try {
          const uploaded = await connector().addAttachmentToCandidate({ candidate_id: result.candidate.id, attachment, remote_fields: input.remote_fields }, options);
          warnings.push(...uploaded.warnings);
        } catch (error) {
          if (!(error instanceof AtsError) || options.signal?.aborted) throw error;
          warnings.push(`${attachment.name} was not attached: ${error.message}`);
        }
      }
      return { ...result, warnings };
    };
  }

  if (own.createApplication) {
    const implementation = own.createApplication;
    wrapped.createApplication = async (input, options = {}) => {
      const result = await implementation(input, options);
      const unwritten = (input.screening_question_answers?.length ?? 0) > 0 && !written.has('screening_question_answers');
      return unwritten ? { ...result, warnings: [...result.warnings, ...unwrittenDetailWarnings(provider, ['screening_question_answers'])] } : result;
    };
  }

  if (own.findCandidatesByEmail) {
    const implementation = own.findCandidatesByEmail;
    wrapped.findCandidatesByEmail = async (email, options = {}) => {
      const wanted = email.trim().toLowerCase();
      // Some providers search fuzzily (by name or part of an address): keep exact matches only.
      return (await implementation(email.trim(), options)).filter((candidate) => emailsOf(candidate).includes(wanted));
    };
  }

  if (!own.pushCandidate) {
    wrapped.pushCandidate = (input, options = {}) => pushCandidate(connector(), input, options, parts.pushSettings);
  }
  return wrapped;
}
