/**
 * What the Crelate connector can do, as data (checked against behaviour by the conformance suite).
 * Crelate has no sort parameter on api3 lists (A.4), so no stream is `ordered`: checkpoints are
 * taken at the end of a run. Deletions are hard deletes with no tombstones (A.5): full scans only.
 *
 * Tags such as A.4 are defined in docs/connectors/sources/crelate.md.
 */
import type { Capabilities } from '../../core/capabilities.js';
import { crelateDescriptor as descriptor } from './descriptor.js';
import { descriptorCapabilities } from '../shared/options.js';
import { pushCandidateCapability, unreadableModel, withFilters } from '../shared/capability-defaults.js';

const fullScan = { deletes: 'full_scan', ordered: false } as const;
const none = { read: false, delta: 'none', deletes: 'none', ordered: false } as const;

/** Crelate capabilities. */
export function crelateCapabilities(rateLimit: { requests: number; intervalMs: number } | null): Capabilities {
  return {
    ...descriptorCapabilities(descriptor, rateLimit),
    models: withFilters(
      {
      roles: unreadableModel('Not supported: no roles endpoint is documented for api3 (API access is a per-role setting in the app, and users themselves are only lookups), so there is nothing to read.'),
      offers: unreadableModel('Not supported: Crelate has placements (the nearest thing to offers), but no placement endpoint or payload shape is documented in what is known of api3, so nothing is mapped rather than guessed.'),
      users: { ...none, note: 'No users endpoint is confirmed for api3 (a /users route is only inferred); users appear only as owner lookups on jobs and contacts (hiring_team.user_id).' },
      application_stages: { read: true, delta: 'client', ...fullScan, note: 'The statuses of every workflow type the jobs use (GET /jobs, then GET /workflowstatuses?workflow_type_ids= once per type), recruiting type first, each in SortOrder.' },
      rejection_reasons: { ...none, note: 'Crelate has no rejection reasons: rejecting moves the candidate to a Done-Negative workflow status.' },
      tags: { read: true, delta: 'none', ...fullScan, note: 'No tag endpoint is confirmed: tags are collected from the Tags map of every contact (a full contact scan).' },
      jobs: { read: true, delta: 'server', ...fullScan, note: 'modified_after (INFERRED for jobs; also filtered client-side by ModifiedOn).' },
      job_postings: { read: true, delta: 'server', ...fullScan, note: 'The Portal* fields of jobs that were put on the Crelate portal; no public URL (the portal host is per account).' },
      job_stages: { read: true, delta: 'client', ...fullScan, note: "Each job gets the statuses of its own workflow type (WorkflowTypeId), in SortOrder: one status request per type in use, none per job." },
      hiring_team: { read: true, delta: 'server', ...fullScan, note: 'RecruiterId and Owners of each job; user ids are Crelate user GUIDs (the users model is unsupported).' },
      candidates: { read: true, delta: 'server', ...fullScan, note: 'Contacts with the candidate RecordType bit, modified_after (client contacts and leads are skipped).' },
      applications: {
        read: true,
        delta: 'client',
        ...fullScan,
        note:
          'Pipeline items of each job (GET /jobs/{id}/contacts, INFERRED for api3). Crelate modification dates do not move reliably on stage changes, so a delta re-reads the pipeline of every open job (plus jobs modified since) and filters by the item ModifiedOn when present: about one request per open job per run.',
      },
      interviews: { ...none, note: 'Crelate has no interview resource; interviews are activities of customer-defined types, which are not mapped.' },
      interviewers: { ...none, note: 'No interview resource, so no interviewer assignments.' },
      },
      // One email goes as GET /contacts?emails= ; job_ids (and application ids, which name their
      // job) read only those jobs' pipelines.
      { candidates: ['emails'], applications: ['job_ids', 'ids', 'remote_ids'] },
    ),
    actions: {
      moveApplicationToStage: { supported: true, note: 'POST /jobs/{jobId}/contacts?contact_ids= with { statusId } on a contact already on the job: the api3 move endpoint is NOT confirmed (descriptor.stageMove). May fire the account\'s automated stage emails.' },
      rejectApplication: { supported: true, note: "Moves the item to the first Done-Negative status of the job's workflow type (as the Crelate UI does); no rejection reasons. A note is written when given (HTML converted to text)." },
      addResultLinkToApplication: { supported: true, note: 'Written as a note on the contact regarding the job (Crelate has no result-link object).' },
      addResultLinkToCandidate: { supported: true, note: 'Written as a note on the contact (Crelate has no result-link object).' },
      addNoteToApplication: { supported: true, note: 'POST /notes on the contact with RegardingId = the job.' },
      addNoteToCandidate: { supported: true, note: 'POST /notes on the contact; notes are plain text (HTML is converted).' },
      addAttachmentToApplication: { supported: true, note: 'Bytes only (multipart; a URL is downloaded by the SDK); attached to the contact: artifacts belong to records, not pipeline items.', accepts: ['data'] },
      addAttachmentToCandidate: { supported: true, note: 'Bytes only (multipart; a URL is downloaded by the SDK): a CV (attachment type CV, or a cv/resume file name without a type) becomes the primary artifact (POST /artifacts/primary); other files use POST /artifacts (INFERRED). Processed in the background; unreadable files are dropped silently.', accepts: ['data'] },
      getCandidateAttachments: { supported: true, note: 'GET /artifacts?parent_ids=; download() streams GET /artifacts/{id}/content with the API key.' },
      addTagToCandidate: { supported: true, note: 'Read-modify-write of the contact Tags map (PATCH replaces it); a new tag goes in the default category (INFERRED).' },
      removeTagFromCandidate: { supported: true, note: 'Read-modify-write of the contact Tags map (PATCH replaces it).' },
      createCandidate: { supported: true, note: 'POST /contacts (RecordType 1), then POST /jobs/{jobId}/contacts to add it to the pipeline. Up to 3 emails and 4 phones (fixed slots); company is not written (a name-only lookup would create a company).' },
      createApplication: {
        supported: true,
        note: "POST /jobs/{jobId}/contacts?contact_ids= { statusId } (the given stage, else the New status of the job's workflow type). The pipeline is read first: a contact already on the job is a DuplicateError with the existing application (Crelate's add call would move it).",
      },
      findCandidatesByEmail: { supported: true, note: 'GET /contacts?emails= : an exact address match over every email slot (not a fuzzy search); client contacts and leads are left out.' },
      pushCandidate: pushCandidateCapability({ findCandidatesByEmail: { supported: true }, createCandidate: { supported: true }, createApplication: { supported: true } }),
      getApplicationAttachments: { supported: true, note: "The contact's files: Crelate attaches files to records, not to pipeline items, so every application of a contact has the same files." },
    },
    webhooks: { supported: true, signed: false, scheme: 'shared-secret', note: 'Per-user webhooks (URL, entity, operation). Crelate signs nothing and documents no payload: put a secret token in the URL you register (unified-ats/webhooks checks it).' },
  };
}
