/**
 * Teamtailor actions that put a candidate into a job: `createApplication` (POST
 * /v1/job-applications, A7.2), `findCandidatesByEmail` (`filter[email]` on /v1/candidates, A4) and
 * `getApplicationAttachments` (the candidate's uploads linked to the application's job, plus the
 * generated resume). `pushCandidate` is the shared orchestrator built on these (defineConnector).
 */
import type { ActionOptions, ConnectorActions } from '../../actions/results.js';
import { ConfigError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import { download } from '../../core/download.js';
import type { Attachment, Candidate } from '../../models/index.js';
import { remoteIds } from '../shared/ids.js';
import { teamtailorDescriptor as descriptor } from './descriptor.js';
import { toResumeAttachment, toUploadAttachment } from './mappers/to-misc.js';
import { ttId } from './mappers/common.js';
import { getOne, teamtailorPipelines, teamtailorReaders } from './reads.js';
import * as wire from './wire.js';

const PROVIDER = descriptor.provider;
const { remote, remoteStage } = remoteIds(PROVIDER);
/** More candidates than this for one email is not a lookup any more: stop reading. */
const MAX_MATCHES = 100;

/** The candidate and job an application links (its linkage needs `include`, A2). */
async function applicationLinks(client: HttpClient, applicationId: string, options: ActionOptions) {
  const response = await client.request({
    method: 'GET',
    path: `/job-applications/${encodeURIComponent(applicationId)}`,
    query: { include: 'candidate,job' },
    operation: 'GET /job-applications/{id}',
    signal: options.signal,
  });
  const data = wire.singleDocumentSchema.parse(response.body).data as { relationships?: Record<string, { data?: { id?: string } | null }> };
  const candidateId = data.relationships?.candidate?.data?.id;
  if (!candidateId) throw new ConfigError(`Application ${applicationId} has no candidate`, { provider: PROVIDER, operation: 'applicationLinks' });
  return { candidateId, jobId: data.relationships?.job?.data?.id ?? null };
}

/** Builds the Teamtailor actions of the push flow. */
export function teamtailorPushActions(client: HttpClient): Pick<ConnectorActions, 'createApplication' | 'findCandidatesByEmail' | 'getApplicationAttachments'> {
  const readers = teamtailorReaders(client);
  return {
    /**
     * POST /v1/job-applications with the candidate, the job and (optionally) the stage (A7.2).
     * Not retried: a create. No notification is sent to the candidate or the team.
     */
    async createApplication(input, options = {}) {
      const candidateId = remote(input.candidate_id, 'candidate', 'createApplication');
      const jobId = remote(input.job_id, 'job', 'createApplication');
      const stageId = input.stage_id ? remoteStage(input.stage_id, 'createApplication') : null;
      const extra = input.remote_fields?.teamtailor?.application_attributes ?? {};
      const response = await client.request({
        method: 'POST',
        path: '/job-applications',
        json: {
          data: {
            type: 'job-applications',
            attributes: { sourced: true, 'send-user-notifications': false, 'send-default-reply': false, ...extra },
            relationships: {
              candidate: { data: { type: 'candidates', id: candidateId } },
              job: { data: { type: 'jobs', id: jobId } },
              ...(stageId ? { stage: { data: { type: 'stages', id: stageId } } } : {}),
            },
          },
        },
        operation: 'createApplication',
        signal: options.signal,
      });
      const created = wire.singleDocumentSchema.parse(response.body).data as { id?: unknown };
      const applicationId = typeof created.id === 'string' || typeof created.id === 'number' ? String(created.id) : null;
      if (!applicationId) throw new ConfigError('Teamtailor created the application but returned no id', { provider: PROVIDER, operation: 'createApplication' });
      const application = await getOne(client, `/job-applications/${encodeURIComponent(applicationId)}`, descriptor.resources.applications.include, teamtailorPipelines.applications, options.signal);
      return { warnings: [], remote_id: applicationId, application };
    },

    /** GET /v1/candidates?filter[email]= (A4): an exact match on Teamtailor's one email per candidate. */
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
     * The candidate's uploads linked to the application's job (the `job` relationship of uploads,
     * A6.8) and the candidate's generated resume, which serves every application. URLs expire in
     * about 60 s: `download()` promptly.
     */
    async getApplicationAttachments(input, options = {}) {
      const applicationId = remote(input.application_id, 'application', 'getApplicationAttachments');
      const { candidateId, jobId } = await applicationLinks(client, applicationId, options);
      const response = await client.request({
        method: 'GET',
        path: `/candidates/${encodeURIComponent(candidateId)}`,
        query: { include: 'uploads,uploads.job' },
        operation: 'getApplicationAttachments',
        signal: options.signal,
      });
      const document = wire.singleDocumentSchema.parse(response.body);
      const attributes = wire.candidateSchema.parse(document.data).attributes;
      const owner = { owner: 'application' as const, owner_id: ttId('application', applicationId) };
      const withDownload = (metadata: ReturnType<typeof toResumeAttachment>): Attachment =>
        Object.assign(metadata, owner, {
          download: (downloadOptions: { signal?: AbortSignal } = {}) =>
            download(metadata.url ?? '', { provider: PROVIDER, operation: 'downloadAttachment', signal: downloadOptions.signal }),
        });
      const attachments: Attachment[] = [];
      if (attributes.resume) attachments.push(withDownload(toResumeAttachment(candidateId, attributes.resume, attributes['updated-at'])));
      for (const entry of document.included ?? []) {
        const parsed = wire.uploadSchema.safeParse(entry);
        if (!parsed.success || parsed.data.type !== 'uploads') continue;
        const linkedJob = (parsed.data.relationships?.job?.data as { id?: string } | null | undefined)?.id ?? null;
        if (jobId !== null && linkedJob === jobId) attachments.push(withDownload(toUploadAttachment(parsed.data, candidateId)));
      }
      return attachments;
    },
  };
}
