/**
 * Crelate actions that put a candidate into a job: `createApplication` (the contact added to the
 * job's pipeline, `POST /jobs/{jobId}/contacts?contact_ids=`), `findCandidatesByEmail`
 * (`GET /contacts?emails=`, an exact match) and `getApplicationAttachments` (the contact's files:
 * Crelate attaches files to records, not to pipeline items). `pushCandidate` is the shared
 * orchestrator built on these (defineConnector).
 */
import type { ActionOptions, ConnectorActions } from '../../actions/results.js';
import { DuplicateError, NotFoundError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import { mapItems } from '../../core/record-pipeline.js';
import type { Attachment, Candidate } from '../../models/index.js';
import { idReader } from '../shared/ids.js';
import { crelateDescriptor as descriptor } from './descriptor.js';
import { crelateIds } from './ids.js';
import { crId, guid } from './mappers/common.js';
import { stageTypeOf } from './mappers/to-stage.js';
import { crelatePipelines, findOnPipeline, rawPages, statusesOfJob, statusIndex } from './reads.js';

const PROVIDER = descriptor.provider;
const ids = idReader(crelateIds);
/** More contacts than this for one email is not a lookup any more: stop reading. */
const MAX_MATCHES = 100;

/** The Crelate push-flow actions; `candidateAttachments` lists a contact's files (shared with `getCandidateAttachments`). */
export function crelatePushActions(
  client: HttpClient,
  candidateAttachments: (contactId: string, options: ActionOptions) => Promise<Attachment[]>,
): Pick<ConnectorActions, 'createApplication' | 'findCandidatesByEmail' | 'getApplicationAttachments'> {
  return {
    /**
     * Adds the contact to the job's pipeline in `stage_id` (else the New status of the job's
     * workflow type). Crelate's add call also moves a contact that is already on the job, so the
     * pipeline is read first: an existing item is a `DuplicateError` carrying its id, never moved.
     * Not retried: a create.
     */
    async createApplication(input, options = {}) {
      const operation = 'createApplication';
      const contactId = ids.one(input.candidate_id, 'candidate', { field: 'candidate_id', operation });
      const jobId = ids.one(input.job_id, 'job', { field: 'job_id', operation });
      const given = input.stage_id ? ids.stage(input.stage_id, { field: 'stage_id', operation }) : null;
      const { workflow, catalog } = await statusesOfJob(client, jobId, options);
      const statuses = statusIndex(workflow, catalog);
      const existing = await findOnPipeline(client, jobId, contactId, statuses, options);
      if (existing) {
        throw new DuplicateError(`Crelate contact ${contactId} is already on the pipeline of job ${jobId}`, {
          provider: PROVIDER,
          operation,
          kind: 'application',
          existingId: existing.id,
          existingRemoteId: existing.remote_id,
        });
      }
      // The New status of the job's workflow type, else its first one: where the Crelate UI puts added contacts.
      const first = workflow.statuses.find((status) => stageTypeOf(status) === 'NEW') ?? workflow.statuses[0];
      const statusId = given ?? (first ? guid(first.Id) : null);
      // https://app.crelate.com/api3/docs — POST /jobs/{jobId}/contacts?contact_ids= { statusId } (A.7.3, CODE Simple-Site)
      await client.request({
        method: 'POST',
        path: descriptor.pipelinePath(jobId),
        query: { contact_ids: contactId },
        json: statusId ? { statusId } : {},
        operation,
        signal: options.signal,
      });
      const application = await findOnPipeline(client, jobId, contactId, statuses, options);
      if (!application) {
        throw new NotFoundError(`Crelate accepted contact ${contactId} on job ${jobId}, but its pipeline does not list it yet; read it later with getApplication.`, { provider: PROVIDER, operation });
      }
      return { warnings: [], remote_id: `${jobId}:${contactId}`, application };
    },

    /**
     * GET /contacts?emails= (A.7.1: an exact address match, over every email slot). Client
     * contacts and leads with that address are not candidates and are left out.
     */
    async findCandidatesByEmail(email, options = {}) {
      const found: Candidate[] = [];
      for await (const page of rawPages(client, descriptor.resources.contacts.path, { emails: email.toLowerCase() }, { signal: options.signal }, 'GET /contacts (email)')) {
        found.push(...mapItems(page.items, crelatePipelines.candidates, null, null).records);
        if (found.length >= MAX_MATCHES) break;
      }
      return found;
    },

    /** The contact's files: Crelate artifacts belong to the contact, shared by all its applications. */
    async getApplicationAttachments(input, options = {}) {
      const [jobId, contactId] = ids.two(input.application_id, 'application', { field: 'application_id', operation: 'getApplicationAttachments' });
      const files = await candidateAttachments(contactId, options);
      return files.map((file) => Object.assign(file, { owner: 'application' as const, owner_id: crId('application', jobId, contactId) }));
    },
  };
}
