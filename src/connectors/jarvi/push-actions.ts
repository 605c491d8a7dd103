/**
 * Jarvi actions that put a candidate into a job: `createApplication` (a profile linked to a
 * recruitment project through `POST /profiles` with `projectId`) and `findCandidatesByEmail` (a
 * `where` on the profile's addresses). `pushCandidate` is the shared orchestrator built on these
 * and on `createCandidate` (defineConnector); it matters on Jarvi, where a second create with the
 * same email silently makes a second person.
 */
import type { ActionOptions, ConnectorActions } from '../../actions/results.js';
import { DuplicateError, NotFoundError, ProviderError } from '../../core/errors.js';
import { parseOrThrow } from '../../core/parse.js';
import type { Application, Candidate } from '../../models/index.js';
import { idReader } from '../shared/ids.js';
import { jarviDescriptor as descriptor } from './descriptor.js';
import { jarviIds } from './ids.js';
import { jarviId } from './mappers/common.js';
import { applicationId, associationRows } from './mappers/to-application.js';
import { isCandidate } from './mappers/to-candidate.js';
import { getRaw, jarviPipelines, jarviReaders, mapOne, type JarviClients } from './reads.js';
import * as wire from './wire.js';

const PROVIDER = descriptor.provider;
const ids = idReader(jarviIds);
/** The provider id behind an id input of `kind`, from `field` of `operation`. */
const remote = (id: string, kind: string, operation: string, field: string) => ids.one(id, kind, { field, operation });

/**
 * Most pages a lookup by one email reads. Jarvi ignores a filter it does not understand and then
 * answers with every profile (a third party measured it): past this many pages the email filter was not applied, and
 * the lookup stops instead of scanning the workspace against the hourly execution budget.
 */
export const MAX_LOOKUP_PAGES = 5;

/** What the push actions need from the other Jarvi actions. */
export interface PushHelpers {
  clients: JarviClients;
  /** `POST /profiles` (the documented upsert); answers the profile id and the task id. */
  postProfile(body: Record<string, unknown>, operation: string, options: ActionOptions, idempotent?: boolean): Promise<{ profileId: string | null; taskId: string | null }>;
  /** Re-reads a candidate after a write (null while Jarvi has not applied it). */
  readBack(profileId: string, operation: string, options: ActionOptions): Promise<Candidate | null>;
}

/**
 * The application of a candidate to `projectId`: the embedded row when Jarvi already shows it,
 * else one built from the profile with the row added (the write links them; Jarvi applies writes
 * asynchronously, so the row may not be readable yet).
 */
export function applicationOf(candidate: Candidate, projectId: string, operation: string): Application | null {
  const raw = candidate.remote_data;
  if (!raw || raw.provisional === true) return null;
  const profile = wire.profileSchema.safeParse(raw);
  if (!profile.success) return null;
  const rows = associationRows(profile.data);
  const withRow = rows.some((row) => row.projectId === projectId.toLowerCase()) ? raw : { ...raw, projects: [...rows, { projectId }] };
  const records = mapOne(withRow, jarviPipelines.applications, operation, 'application');
  return records.find((record) => record.job_id === jarviId('job', projectId)) ?? null;
}

/** Whether a re-read candidate shows the link to `projectId`. */
function linked(candidate: Candidate | null, projectId: string): boolean {
  const parsed = candidate ? wire.profileSchema.safeParse(candidate.remote_data) : null;
  return parsed?.success === true && associationRows(parsed.data).some((row) => row.projectId === projectId);
}

/** Builds the Jarvi actions of the push flow. */
export function jarviPushActions(helpers: PushHelpers): Pick<ConnectorActions, 'createApplication' | 'findCandidatesByEmail'> {
  const client = helpers.clients.private;
  const readers = jarviReaders(helpers.clients);
  return {
    /**
     * `POST /profiles` with `{ id, projectId }` (https://api-docs.jarvi.tech/en/api-reference/profiles/post:
     * `projectId` "attaches the profile to a project"), then `{ id, statusId }` when a stage is
     * asked for (the experimental stage move). Jarvi would answer 201 for a link that already
     * exists, so the profile is read first: already on the project is a `DuplicateError` carrying
     * the existing application's id. Not retried (a create).
     */
    async createApplication(input, options = {}) {
      const operation = 'createApplication';
      const profileId = remote(input.candidate_id, 'candidate', operation, 'candidate_id');
      const projectId = remote(input.job_id, 'job', operation, 'job_id');
      const statusId = input.stage_id ? remote(input.stage_id, 'stage', operation, 'stage_id') : null;
      const raw = await getRaw(client, descriptor.resources.profiles, profileId, operation, options.signal);
      const profile = parseOrThrow(wire.profileSchema, raw, { provider: PROVIDER, operation, what: `profile ${profileId}` });
      if (!isCandidate(profile)) {
        throw new NotFoundError(`Jarvi profile ${profileId} is not a talent (a client contact only): it cannot apply to a job.`, { provider: PROVIDER, operation });
      }
      const [before] = mapOne(raw, jarviPipelines.candidates, operation, `profile ${profileId}`);
      if (!before) throw new NotFoundError(`Jarvi profile ${profileId} is not readable as a candidate.`, { provider: PROVIDER, operation });
      if (associationRows(profile).some((row) => row.projectId === projectId)) {
        throw new DuplicateError(`Jarvi profile ${profileId} is already on project ${projectId}.`, {
          provider: PROVIDER,
          operation,
          kind: 'application',
          existingId: applicationId(profileId, projectId),
          existingRemoteId: `${profileId}:${projectId}`,
        });
      }
      await helpers.postProfile({ id: profileId, projectId }, operation, options);
      const warnings: string[] = [];
      if (statusId) {
        // "Set the status to X" is idempotent: retried like the stage move.
        await helpers.postProfile({ id: profileId, statusId }, operation, options, true);
        warnings.push('Jarvi statuses are per talent: every application of this candidate now shows this stage.');
      }
      const after = await helpers.readBack(profileId, operation, options);
      const application = applicationOf(after ?? before, projectId, operation) ?? applicationOf(before, projectId, operation);
      if (!application) throw new NotFoundError(`Jarvi profile ${profileId} could not be read back as an application.`, { provider: PROVIDER, operation });
      if (!linked(after, projectId)) {
        warnings.push('The link to the project was not readable yet (Jarvi applies writes asynchronously): the application was built from the profile.');
      }
      if (statusId && application.current_stage_id !== jarviId('stage', statusId)) {
        warnings.push('The new status was not visible on re-read: Jarvi may apply it later (asynchronous write) or ignore the undocumented statusId key.');
      }
      return { warnings, remote_id: `${profileId}:${projectId}`, application };
    },

    /**
     * `GET /profiles` with `where` on the preferred address or any address (`_ilike` with the
     * pattern characters escaped: an exact, case-insensitive match; the address relationship is
     * INFERRED). The records are checked exactly on every address afterwards. A lookup that would
     * read more than {@link MAX_LOOKUP_PAGES} pages means Jarvi ignored the filter: a
     * `ProviderError`, so a push stops rather than creating a duplicate.
     */
    async findCandidatesByEmail(email, options = {}) {
      const wanted = email.trim().toLowerCase();
      const found: Candidate[] = [];
      let pages = 0;
      const stream = readers.candidates(null, { signal: options.signal, pageSize: descriptor.pageSize, filters: { emails: [wanted] } });
      for await (const page of stream.pages()) {
        pages += 1;
        if (pages > MAX_LOOKUP_PAGES) {
          throw new ProviderError(
            `Jarvi answered a lookup by one email with more than ${MAX_LOOKUP_PAGES * descriptor.pageSize} profiles: it ignored the email filter. The lookup was stopped instead of scanning the workspace.`,
            { provider: PROVIDER, operation: 'findCandidatesByEmail', status: null, retryable: false },
          );
        }
        found.push(...page.records.filter((candidate) => candidate.email_addresses.some((entry) => entry.email_address.trim().toLowerCase() === wanted)));
      }
      return found;
    },
  };
}
