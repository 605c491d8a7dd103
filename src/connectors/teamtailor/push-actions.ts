/**
 * Teamtailor actions that put a candidate into a job: `createApplication` (POST
 * /v1/job-applications), `findCandidatesByEmail` (`filter[email]` on /v1/candidates) and
 * `getApplicationAttachments` (the candidate's uploads linked to the application's job, plus the
 * generated resume). `pushCandidate` is the shared orchestrator built on these (defineConnector).
 */
import type { ActionOptions, ConnectorActions } from '../../actions/results.js';
import { ValidationError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import { inputError } from '../../core/input-errors.js';
import { parseOrThrow } from '../../core/parse.js';
import type { Attachment, Candidate } from '../../models/index.js';
import { idReader } from '../shared/ids.js';
import { relatedId } from './jsonapi.js';
import { teamtailorIds } from './ids.js';
import { teamtailorDescriptor as descriptor } from './descriptor.js';
import { toResumeAttachment, toUploadAttachment } from './mappers/to-misc.js';
import { ttId } from './mappers/common.js';
import { getOne, teamtailorPipelines, teamtailorReaders } from './reads.js';
import * as wire from './wire.js';

const PROVIDER = descriptor.provider;
const ids = idReader(teamtailorIds);
/** The provider id behind an id input of `kind`, from `field` of `operation`. */
const remote = (id: string, kind: string, operation: string, field: string) => ids.one(id, kind, { field, operation });
/** Parses a Teamtailor answer, or throws a `ValidationError` naming the failing paths. */
export const parse = <T>(schema: import('zod').ZodType<T>, value: unknown, operation: string, what: string): T =>
  parseOrThrow(schema, value, { provider: PROVIDER, operation, what });
/** More candidates than this for one email is not a lookup any more: stop reading. */
const MAX_MATCHES = 100;

/**
 * Attributes that keep a write from notifying anyone, with the only value the connector sends: a
 * candidate created through the SDK gets no welcome email, an application sends no default reply
 * to the candidate and no notification to the team. `remote_fields` cannot turn them on (see
 * docs/decisions/0053-teamtailor-silent-writes.md).
 */
export const SILENT_CANDIDATE = { sourced: true, 'send-welcome-message': false } as const;
/** The application attributes that keep its creation silent (no candidate reply, no team notification). */
export const SILENT_APPLICATION = { sourced: true, 'send-user-notifications': false, 'send-default-reply': false } as const;

/**
 * `extra` (raw attributes from `remote_fields`) merged under `silent`: a key of `silent` given
 * another value is a `ValidationError`, never a notification nor a silent override.
 */
export function silentAttributes<S extends Record<string, boolean>>(
  silent: S,
  extra: Record<string, unknown> | undefined,
  context: { operation: string; field: string },
): Record<string, unknown> & S {
  for (const [key, value] of Object.entries(silent)) {
    if (extra && Object.hasOwn(extra, key) && extra[key] !== value) {
      throw inputError(`${context.field}.${key}`, `the connector always sends ${String(value)} (writes through the SDK notify nobody)`, { provider: PROVIDER, operation: context.operation });
    }
  }
  return { ...extra, ...silent };
}

/** The POST /v1/job-applications body: candidate, job, optional stage, and the silent attributes. */
export function applicationBody(candidateId: string, jobId: string, stageId: string | null, extra: Record<string, unknown> | undefined, operation: string) {
  return {
    data: {
      type: 'job-applications',
      attributes: silentAttributes(SILENT_APPLICATION, extra, { operation, field: 'remote_fields.teamtailor.application_attributes' }),
      relationships: {
        candidate: { data: { type: 'candidates', id: candidateId } },
        job: { data: { type: 'jobs', id: jobId } },
        ...(stageId ? { stage: { data: { type: 'stages', id: stageId } } } : {}),
      },
    },
  };
}

/** The candidate and job an application links (its linkage needs `include`). */
async function applicationLinks(client: HttpClient, applicationId: string, options: ActionOptions) {
  const response = await client.request({
    method: 'GET',
    path: descriptor.paths.application(applicationId),
    query: { include: 'candidate,job' },
    operation: 'GET /job-applications/{id}',
    signal: options.signal,
  });
  const document = parse(wire.singleDocumentSchema, response.body, 'getApplicationAttachments', 'the application document');
  const data = parse(wire.applicationSchema, document.data, 'getApplicationAttachments', 'the application resource');
  const candidateId = relatedId(data, 'candidate');
  if (!candidateId) {
    throw new ValidationError(`Teamtailor answered application ${applicationId} without its candidate`, {
      provider: PROVIDER,
      operation: 'getApplicationAttachments',
      issues: [{ path: ['data', 'relationships', 'candidate'], code: 'missing' }],
      remoteId: applicationId,
    });
  }
  return { candidateId, jobId: relatedId(data, 'job') };
}

/** Builds the Teamtailor actions of the push flow. */
export function teamtailorPushActions(client: HttpClient): Pick<ConnectorActions, 'createApplication' | 'findCandidatesByEmail' | 'getApplicationAttachments'> {
  const readers = teamtailorReaders(client);
  return {
    /**
     * POST /v1/job-applications with the candidate, the job and (optionally) the stage.
     * Not retried: a create. No notification is sent to the candidate or the team.
     */
    async createApplication(input, options = {}) {
      const candidateId = remote(input.candidate_id, 'candidate', 'createApplication', 'candidate_id');
      const jobId = remote(input.job_id, 'job', 'createApplication', 'job_id');
      const stageId = input.stage_id ? ids.stage(input.stage_id, { field: 'stage_id', operation: 'createApplication' }) : null;
      const json = applicationBody(candidateId, jobId, stageId, input.remote_fields?.teamtailor?.application_attributes, 'createApplication');
      const response = await client.request({
        method: 'POST',
        path: '/job-applications',
        json,
        operation: 'createApplication',
        signal: options.signal,
      });
      const created = parse(wire.singleDocumentSchema, response.body, 'createApplication', 'the created application document');
      const applicationId = parse(wire.identifierSchema, created.data, 'createApplication', 'the created application resource').id;
      const application = await getOne(client, descriptor.paths.application(applicationId), descriptor.resources.applications.include, teamtailorPipelines.applications, options.signal);
      return { warnings: [], remote_id: applicationId, application };
    },

    /** GET /v1/candidates?filter[email]=: an exact match on Teamtailor's one email per candidate. */
    async findCandidatesByEmail(email, options = {}) {
      const found: Candidate[] = [];
      const stream = readers.candidates(null, { signal: options.signal, pageSize: descriptor.pageSize, filters: { emails: [email.toLowerCase()] } });
      for await (const page of stream.pages()) {
        const wanted = email.toLowerCase();
        found.push(...page.records.filter((candidate) => candidate.email_addresses.some((entry) => entry.email_address.toLowerCase() === wanted)));
        if (found.length >= MAX_MATCHES) break;
      }
      return found;
    },

    /**
     * The candidate's uploads linked to the application's job (the `job` relationship of uploads)
     * and the candidate's generated resume, which serves every application. URLs expire in
     * about 60 s: `download()` promptly.
     */
    async getApplicationAttachments(input, options = {}) {
      const applicationId = remote(input.application_id, 'application', 'getApplicationAttachments', 'application_id');
      const { candidateId, jobId } = await applicationLinks(client, applicationId, options);
      return readCandidateAttachments(client, candidateId, {
        include: 'uploads,uploads.job',
        operation: 'getApplicationAttachments',
        signal: options.signal,
        keep: (upload) => jobId !== null && relatedId(upload, 'job') === jobId,
        owner: { owner: 'application', owner_id: ttId('application', applicationId) },
      });
    },
  };
}

/** How {@link readCandidateAttachments} reads and labels. */
interface CandidateAttachmentsRead {
  /** The JSON:API `include` (`uploads`, plus `uploads.job` when `keep` looks at the job). */
  include: string;
  operation: string;
  signal?: AbortSignal | undefined;
  /** Which uploads to return (default: all). */
  keep?: (upload: import('zod').infer<typeof wire.uploadSchema>) => boolean;
  /** The record the attachments are listed for (default: the candidate, as the mappers set it). */
  owner?: Pick<Attachment, 'owner' | 'owner_id'>;
}

/**
 * A candidate's attachments: `GET /v1/candidates/{id}` with its uploads included, the generated
 * `resume` (as `CV`) plus the uploads `keep` accepts, each with `download()` through the
 * connector's hardened download path. Teamtailor's signed URLs expire in about 60 s.
 */
export async function readCandidateAttachments(client: HttpClient, candidateId: string, read: CandidateAttachmentsRead): Promise<Attachment[]> {
  const response = await client.request({
    method: 'GET',
    path: descriptor.paths.candidate(candidateId),
    query: { include: read.include },
    operation: read.operation,
    signal: read.signal,
  });
  const document = parse(wire.singleDocumentSchema, response.body, read.operation, 'the candidate document');
  const attributes = parse(wire.candidateSchema, document.data, read.operation, 'the candidate resource').attributes;
  const withDownload = (metadata: ReturnType<typeof toResumeAttachment>): Attachment =>
    Object.assign(metadata, read.owner ?? {}, {
      download: (downloadOptions: { signal?: AbortSignal } = {}) =>
        client.download(metadata.url ?? '', { operation: 'downloadAttachment', signal: downloadOptions.signal }),
    });
  const attachments: Attachment[] = [];
  if (attributes.resume) attachments.push(withDownload(toResumeAttachment(candidateId, attributes.resume, attributes['updated-at'])));
  for (const entry of document.included ?? []) {
    const parsed = wire.uploadSchema.safeParse(entry);
    if (!parsed.success || parsed.data.type !== 'uploads') continue;
    if (read.keep === undefined || read.keep(parsed.data)) attachments.push(withDownload(toUploadAttachment(parsed.data, candidateId)));
  }
  return attachments;
}
