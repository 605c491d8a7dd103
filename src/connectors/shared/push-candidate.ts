/**
 * `pushCandidate`: one generic orchestrator over a connector's own actions, so every provider
 * behaves the same way: find the candidate by email → create them or reuse them → apply them to the
 * job unless they already applied → put the application in the stage → attach the files.
 *
 * Every step looks up before it writes, so calling it again after a failure or a timeout finishes
 * the job instead of duplicating it. A write that timed out (`AmbiguousWriteError`) is followed by
 * a lookup: found, the push goes on; not found, the error is raised again, since the provider may
 * still be processing the write and a second one could duplicate it. A provider's "already exists"
 * answer (`DuplicateError`) is followed the same way.
 */
import type { AttachmentInput } from '../../actions/inputs.js';
import type { PushCandidateInput } from '../../actions/push-inputs.js';
import type { RemoteFields } from '../../actions/remote-fields.js';
import type { ActionOptions, Connector, PushCandidateResult, PushedAttachment } from '../../actions/results.js';
import { AmbiguousWriteError, AtsError, DuplicateError } from '../../core/errors.js';
import { refMatches } from '../../core/list-filters.js';
import type { Application, Candidate } from '../../models/index.js';

/** Most applications read while looking for a candidate's application to one job. */
const MAX_APPLICATIONS_SCANNED = 5_000;

/** The most recently changed candidate first, ties by id, so a retry picks the same one. */
function newestFirst(left: Candidate, right: Candidate): number {
  const time = (candidate: Candidate) => Date.parse(candidate.remote_updated_at ?? candidate.changed_at ?? '') || 0;
  return time(right) - time(left) || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0);
}

/**
 * How a provider's `createCandidate` differs, for the push (set by the connector, default off).
 * Gem creates a person only together with an application, and takes files only on that create.
 */
export interface PushSettings {
  /** `createCandidate` is given the job and stage, and the application it returns is used. */
  candidateWithApplication?: boolean;
  /** A new candidate's attachments are sent with `createCandidate` instead of uploaded after. */
  attachmentsWithCandidate?: boolean;
}

/** Pushes a candidate into a job through `connector`'s own actions. */
export async function pushCandidate(
  connector: Connector,
  input: PushCandidateInput & { remote_fields?: RemoteFields },
  options: ActionOptions = {},
  settings: PushSettings = {},
): Promise<PushCandidateResult> {
  const warnings: string[] = [];
  const email = (input.candidate.email_addresses[0] as { email_address: string }).email_address;

  const { candidate, created, certain, withApplication, attached } = await findOrCreateCandidate(connector, input, email, warnings, options, settings);
  // A candidate this push just created (and saw created) has no application yet: no need to look.
  const { application, applicationCreated } = withApplication
    ? { application: withApplication, applicationCreated: true }
    : await findOrCreateApplication(connector, input, candidate, created && certain && !settings.candidateWithApplication, warnings, options);

  if (input.stage_id !== undefined && !refMatches(application.current_stage_id, [input.stage_id])) {
    if (applicationCreated) {
      const moved = await connector.moveApplicationToStage({ application_id: application.id, stage_id: input.stage_id, remote_fields: input.remote_fields }, options);
      warnings.push(...moved.warnings);
    } else {
      warnings.push('The candidate had already applied to this job: the application was left in its current stage, not moved to stage_id.');
    }
  }

  const attachments = attached ?? (await attach(connector, input.attachments ?? [], candidate.id, application.id, warnings, input.remote_fields, options));
  return {
    status: created ? 'created' : 'reused',
    candidate_id: candidate.id,
    application_id: application.id,
    application_created: applicationCreated,
    attachments,
    warnings,
    remote_id: application.remote_id,
  };
}

async function findOrCreateCandidate(
  connector: Connector,
  input: PushCandidateInput & { remote_fields?: RemoteFields },
  email: string,
  warnings: string[],
  options: ActionOptions,
  settings: PushSettings,
): Promise<{ candidate: Candidate; created: boolean; certain: boolean; withApplication?: Application; attached?: PushedAttachment[] }> {
  const existing = await findOne(connector, email, warnings, options);
  if (existing) {
    warnings.push('A candidate with this email already existed: it was reused, and its details were not changed.');
    return { candidate: existing, created: false, certain: true };
  }
  const files = settings.attachmentsWithCandidate && (input.attachments?.length ?? 0) > 0 ? input.attachments : undefined;
  try {
    const result = await connector.createCandidate(
      {
        candidate: input.candidate,
        ...(settings.candidateWithApplication ? { application: { job_id: input.job_id, stage_id: input.stage_id }, screening_question_answers: input.screening_question_answers } : {}),
        ...(files ? { attachments: files } : {}),
        sourced_by: input.sourced_by,
        gdpr_consent: input.gdpr_consent,
        remote_fields: input.remote_fields,
      },
      options,
    );
    warnings.push(...result.warnings);
    // The files went with the create (a file it cannot send fails the create, before any write).
    const attached = files?.map((file): PushedAttachment => ({ name: file.name, status: 'uploaded', remote_id: null }));
    const withApplication = settings.candidateWithApplication ? (result.application ?? undefined) : undefined;
    return { candidate: result.candidate, created: true, certain: true, withApplication, attached };
  } catch (error) {
    if (!(error instanceof AmbiguousWriteError) && !(error instanceof DuplicateError)) throw error;
    // The create may have landed (a timeout after sending), or the provider says the person exists:
    // either way the lookup decides, never a second create.
    const found = await findOne(connector, email, warnings, options);
    if (!found) throw error;
    if (error instanceof AmbiguousWriteError) {
      warnings.push('Creating the candidate timed out, but the candidate was found afterwards: it was created.');
      return { candidate: found, created: true, certain: false };
    }
    warnings.push(`${connector.provider} already had a candidate with this email: it was reused.`);
    return { candidate: found, created: false, certain: true };
  }
}

/** The candidate with this email (the most recently changed one when several share it), or null. */
async function findOne(connector: Connector, email: string, warnings: string[], options: ActionOptions): Promise<Candidate | null> {
  const found = [...(await connector.findCandidatesByEmail(email, options))].sort(newestFirst);
  if (found.length > 1) warnings.push(`${found.length} candidates share this email: the most recently changed one was used.`);
  return found[0] ?? null;
}

async function findOrCreateApplication(
  connector: Connector,
  input: PushCandidateInput & { remote_fields?: RemoteFields },
  candidate: Candidate,
  newCandidate: boolean,
  warnings: string[],
  options: ActionOptions,
): Promise<{ application: Application; applicationCreated: boolean }> {
  const existing = newCandidate ? null : await findApplication(connector, candidate.id, input.job_id, options);
  if (existing) return { application: existing, applicationCreated: false };
  try {
    const result = await connector.createApplication(
      {
        candidate_id: candidate.id,
        job_id: input.job_id,
        stage_id: input.stage_id,
        screening_question_answers: input.screening_question_answers,
        remote_fields: input.remote_fields,
      },
      options,
    );
    warnings.push(...result.warnings);
    return { application: result.application, applicationCreated: true };
  } catch (error) {
    if (!(error instanceof AmbiguousWriteError) && !(error instanceof DuplicateError)) throw error;
    const found = await findApplication(connector, candidate.id, input.job_id, options);
    if (!found) throw error;
    warnings.push(
      error instanceof AmbiguousWriteError
        ? 'Creating the application timed out, but the application was found afterwards: it was created.'
        : `${connector.provider} says the candidate already applied to this job: that application was used.`,
    );
    return { application: found, applicationCreated: error instanceof AmbiguousWriteError };
  }
}

/** The candidate's application to the job, through the list filters (server-side where the provider has them). */
async function findApplication(connector: Connector, candidateId: string, jobId: string, options: ActionOptions): Promise<Application | null> {
  let scanned = 0;
  for await (const page of connector.syncApplications(undefined, { candidate_ids: [candidateId], job_ids: [jobId], signal: options.signal }).pages()) {
    if (page.records[0]) return page.records[0];
    scanned += page.records.length + page.quarantined.length + 1;
    if (scanned > MAX_APPLICATIONS_SCANNED) break;
  }
  return null;
}

/** Uploads the files not attached yet (by name), to the application where the provider can, else the candidate. */
async function attach(
  connector: Connector,
  files: readonly AttachmentInput[],
  candidateId: string,
  applicationId: string,
  warnings: string[],
  remoteFields: RemoteFields | undefined,
  options: ActionOptions,
): Promise<PushedAttachment[]> {
  if (files.length === 0) return [];
  const actions = connector.capabilities.actions;
  const onApplication = actions.addAttachmentToApplication.supported;
  const already = await existingNames(connector, onApplication, candidateId, applicationId, options);
  if (!onApplication && !actions.addAttachmentToCandidate.supported) {
    // Files sent with a create whose answer was lost are there already: those are not failures.
    const missing = files.filter((file) => !already.has(file.name.toLowerCase()));
    if (missing.length > 0) warnings.push(`${connector.provider} takes no attachments through its API: ${missing.length} file(s) not attached.`);
    return files.map((file) => ({ name: file.name, status: already.has(file.name.toLowerCase()) ? 'uploaded' : 'failed', remote_id: null }));
  }
  const out: PushedAttachment[] = [];
  for (const file of files) {
    if (already.has(file.name.toLowerCase())) {
      warnings.push(`${file.name} is already attached: not uploaded again.`);
      out.push({ name: file.name, status: 'uploaded', remote_id: null });
      continue;
    }
    try {
      const result = onApplication
        ? await connector.addAttachmentToApplication({ application_id: applicationId, attachment: file, remote_fields: remoteFields }, options)
        : await connector.addAttachmentToCandidate({ candidate_id: candidateId, attachment: file, remote_fields: remoteFields }, options);
      warnings.push(...result.warnings);
      out.push({ name: file.name, status: 'uploaded', remote_id: result.remote_id ?? null });
    } catch (error) {
      // The candidate and the application exist: one file that fails does not undo them.
      if (!(error instanceof AtsError) || options.signal?.aborted) throw error;
      warnings.push(`${file.name} was not attached: ${error.message}`);
      out.push({ name: file.name, status: 'failed', remote_id: null });
    }
  }
  return out;
}

/** Names (lower-cased) of the files already there, when the provider can list them; empty otherwise. */
async function existingNames(connector: Connector, onApplication: boolean, candidateId: string, applicationId: string, options: ActionOptions): Promise<Set<string>> {
  const actions = connector.capabilities.actions;
  try {
    const files = onApplication && actions.getApplicationAttachments.supported
      ? await connector.getApplicationAttachments({ application_id: applicationId }, options)
      : actions.getCandidateAttachments.supported
        ? await connector.getCandidateAttachments({ candidate_id: candidateId }, options)
        : [];
    return new Set(files.map((file) => file.file_name.toLowerCase()));
  } catch (error) {
    if (!(error instanceof AtsError) || options.signal?.aborted) throw error;
    return new Set();
  }
}
