/**
 * What the Jarvi connector can do, as data (checked against behaviour by the conformance suite).
 * Notes name the route and say what is INFERRED (see docs/connectors/jarvi.md).
 */
import type { Capabilities } from '../../core/capabilities.js';
import { jarviDescriptor as descriptor } from './descriptor.js';
import { descriptorCapabilities } from '../shared/options.js';
import { pushCandidateCapability, unreadableModel, unsupportedAction, withFilters } from '../shared/capability-defaults.js';

const none = { read: false, delta: 'none', deletes: 'none', ordered: false } as const;
const PRIVATE = 'Needs the private key (apiKey).';

/** Jarvi capabilities. */
export function jarviCapabilities(rateLimit: { requests: number; intervalMs: number } | null): Capabilities {
  const pushActions = {
    createApplication: {
      supported: true,
      note: `POST /profiles with { id, projectId } (the documented link of a profile to a project), then { id, statusId } for stage_id (experimental, per talent). The profile is read first: already on the project is a DuplicateError with the existing application id. ${PRIVATE}`,
    },
    findCandidatesByEmail: {
      supported: true,
      note: 'GET /profiles where preferredEmailAddress or emailAddresses.email (INFERRED relationship) _ilike the address, pattern characters escaped: exact and case-insensitive; records re-checked exactly. More than 500 answers means Jarvi ignored the filter: a ProviderError, never a scan.',
    },
    createCandidate: {
      supported: true,
      note: 'POST /profiles (create or update), or POST /applicants with projectId when an application is asked for (stage_id is not settable there). Emails and phones are sent comma-separated. Jarvi processes writes asynchronously (taskId). A second create with the same email makes a second profile (no duplicate check on Jarvi\'s side): use pushCandidate, which looks up by email first.',
    },
  };
  return {
    ...descriptorCapabilities(descriptor, rateLimit),
    models: withFilters({
      roles: unreadableModel('Jarvi documents no user roles.'),
      offers: unreadableModel('Jarvi has no offer of employment in its API (its "offers" are published job ads, read as jobs).'),
      candidates: {
        read: true,
        delta: 'server',
        deletes: 'flag',
        ordered: false,
        note: `GET /profiles with where isTalent and updatedAt _gt (since − 1 ms, strict comparison), both re-checked client-side because Jarvi ignores unknown filters and leaks ~1% non-talents; soft deletes via deletedAt; merged duplicates vanish (full scan). Pages follow createdAt, not changed_at. ${PRIVATE}`,
      },
      applications: {
        read: true,
        delta: 'server',
        deletes: 'flag',
        ordered: false,
        note: `INFERRED: reading applications is not documented; they come from the profile↔project rows embedded in profiles (projects[]), one per row. The stage is the profile's statusId (Jarvi statuses are per talent, shared by all its applications); outcome is null (status names are not readable). One job's applications (syncApplications(since, { jobId })) are asked with where projects.projectId _in (INFERRED relationship), a candidate's with id _in; both checked client-side too. ${PRIVATE}`,
      },
      jobs: {
        read: true,
        delta: 'server',
        deletes: 'flag',
        ordered: false,
        note: `GET /projects with where isMadeForRecruitment and updatedAt _gt (re-checked client-side); status is only known for soft-deleted projects (ARCHIVED): status ids have no readable names. ${PRIVATE}`,
      },
      job_postings: {
        read: true,
        delta: 'server',
        deletes: 'flag',
        ordered: false,
        note: 'GET /offers (published job ads; public key when publicKey is set, else the private key); INFERRED: updatedAt filter on offers, every listed offer ACTIVE and PUBLIC; careers URL unknown.',
      },
      hiring_team: {
        read: true,
        delta: 'server',
        deletes: 'full_scan',
        ordered: false,
        note: `The project owner (user) and assignees of each recruitment project, all as RECRUITER (Jarvi has no roles; INFERRED). ${PRIVATE}`,
      },
      users: {
        read: true,
        delta: 'none',
        deletes: 'full_scan',
        ordered: false,
        note: `No users route is documented: users are collected from the owners and assignees embedded in projects (a user on no project is not seen); no timestamps, every run reads all projects. ${PRIVATE}`,
      },
      application_stages: { ...none, note: 'No statuses route is documented (the MCP getStatuses tool exists, its REST route is unknown); stage ids appear as current_stage_id on applications.' },
      job_stages: { ...none, note: 'Jarvi statuses are per talent, not per job: there is no job pipeline to read.' },
      rejection_reasons: { ...none, note: 'Jarvi has no documented rejection reasons.' },
      tags: { ...none, note: 'No tag list route: tags are values of custom fields of type tags, delivered on candidates (INFERRED).' },
      interviews: { ...none, note: 'No interview or agenda route is documented in the public REST API (only the MCP getAgenda tool).' },
      interviewers: { ...none, note: 'No interviews are readable, so no interviewer assignments.' },
    }, {
      // Sent in the Hasura `where` (and checked on the records anyway: Jarvi ignores a filter it does not know).
      candidates: ['ids', 'remote_ids', 'emails'],
      applications: ['ids', 'remote_ids', 'candidate_ids', 'job_ids'],
      jobs: ['ids', 'remote_ids'],
    }),
    actions: {
      addNoteToCandidate: { supported: true, note: 'POST /profiles with id + historyEntrySubject/historyEntryMessage: a history entry on the profile. Plain text: HTML is converted, links kept as "text (url)", with a warning.' },
      addNoteToApplication: { supported: true, note: 'A history entry on the profile naming the project: Jarvi history entries belong to profiles.' },
      addResultLinkToCandidate: { supported: true, note: 'Written as a history entry (note) with the label and URL: Jarvi has no link field.' },
      addResultLinkToApplication: { supported: true, note: 'Written as a history entry (note) on the profile, naming the project.' },
      addAttachmentToCandidate: { supported: true, note: 'POST /profiles with files[] (resumesFiles[] for type CV) as a base64 data URL (data:@file/<subtype>); bytes only (a URL is downloaded by the SDK and sent as bytes), request at most 4.5 MB.', accepts: ['data'] },
      addAttachmentToApplication: { supported: true, note: 'Attached to the profile (files[]): Jarvi files belong to profiles; bytes only (a URL is downloaded by the SDK), at most 4.5 MB.', accepts: ['data'] },
      moveApplicationToStage: {
        supported: true,
        note: 'Experimental, INFERRED: POST /profiles with id + statusId (undocumented key); the status is profile-level, so every application of the talent moves. Re-read to verify; a warning says when it did not apply.',
      },
      rejectApplication: { supported: false, note: 'Jarvi documents no way to reject an application (no rejection endpoint or reason list).' },
      getCandidateAttachments: { supported: false, note: 'Jarvi documents no file download route; file metadata stays in the candidate remote_data (files[]).' },
      addTagToCandidate: { supported: false, note: 'Tags are a custom field whose UUID is workspace-specific and not readable through a documented route.' },
      removeTagFromCandidate: { supported: false, note: 'Tags are a custom field whose UUID is workspace-specific and not readable through a documented route.' },
      pushCandidate: pushCandidateCapability(pushActions),
      ...pushActions,
      getApplicationAttachments: unsupportedAction('Jarvi documents no file download route (files belong to profiles; their metadata is in the candidate remote_data.files).'),
    },
    webhooks: { supported: false, signed: false, scheme: null, note: 'Jarvi has no outbound webhooks: use delta syncs.' },
  };
}
