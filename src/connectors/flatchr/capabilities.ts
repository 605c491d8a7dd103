/**
 * What the Flatchr connector can do, as data (checked against behaviour by the conformance suite).
 * Writes that need a Flatchr user (comments) are supported only when user credentials are given.
 */
import type { Capabilities } from '../../core/capabilities.js';
import { flatchrDescriptor as descriptor } from './descriptor.js';
import { descriptorCapabilities } from '../shared/options.js';
import { unreadableModel, withFilters } from '../shared/capability-defaults.js';
import { flatchrServerFilters } from './reads.js';

const fullScan = { deletes: 'full_scan', ordered: false } as const;
const unsupported = { read: false, delta: 'none', deletes: 'none', ordered: false } as const;
const NEEDS_USER = 'Needs a Flatchr user: pass userEmail and userPassword (comments are written with a user token,.';

/** Flatchr capabilities; `hasUser` says whether user credentials were configured. */
export function flatchrCapabilities(rateLimit: { requests: number; intervalMs: number } | null, hasUser: boolean): Capabilities {
  const comment = (how: string) => (hasUser ? { supported: true, note: how } : { supported: false, note: `${NEEDS_USER} ${how}` });
  return {
    ...descriptorCapabilities(descriptor, rateLimit),
    models: withFilters({
      roles: { read: true, delta: 'none', ...fullScan, note: "The distinct member role_id values (GET /members; Flatchr has no role list and no role names): label null; role 2 → ADMIN is INFERRED, other ids have no unified type." },
      offers: unreadableModel('Flatchr has no offer object in its API.'),
      users: { read: true, delta: 'client', ...fullScan, note: 'GET /members?fields=user, one unpaginated list; filtered by user updated_at client-side.' },
      application_stages: { read: true, delta: 'client', ...fullScan, note: 'Columns are company-wide; global_index follows the kanban position.' },
      rejection_reasons: { ...unsupported, note: 'Flatchr archives applicants without a reason and has no reason catalogue.' },
      tags: { read: true, delta: 'none', ...fullScan, note: 'The candidate tag catalogue (GET /tags, type candidates); tags have no timestamps.' },
      jobs: { read: true, delta: 'client', ...fullScan, note: 'GET /vacancies (all, unpaginated); no modified filter, so filtered by updated_at client-side.' },
      job_postings: { read: true, delta: 'client', ...fullScan, note: 'The careers side of each vacancy; visibility is not on the vacancy (it lives in the careers feed).' },
      job_stages: { read: true, delta: 'client', ...fullScan, note: 'Every column for every vacancy (columns are shared; hidden ones are still listed).' },
      hiring_team: { ...unsupported, note: 'Flatchr documents no vacancy-to-member relation.' },
      candidates: {
        read: true,
        delta: 'server',
        deletes: 'full_scan',
        ordered: true,
        note: 'From the applicant search (start_update, day granularity: the lower bound is rounded down to the day, so a delta re-reads that whole day). One person per email; candidate tags are not read (per-applicant traits).',
      },
      applications: {
        read: true,
        delta: 'server',
        deletes: 'full_scan',
        ordered: true,
        note: 'The applicant search (start_update, day granularity); archived applicants are DECLINED (status 0), searched separately (INFERRED). Sorted client-side by updated_at.',
      },
      interviews: { ...unsupported, note: 'Not in the current API (only legacy calendars, availability unknown).' },
      interviewers: { ...unsupported, note: 'No interviews are exposed, so no interviewer assignments.' },
    }, flatchrServerFilters),
    actions: {
      moveApplicationToStage: { supported: true, note: 'PUT the applicant with column_id (integer column id).' },
      rejectApplication: { supported: true, note: 'Archives the applicant (DELETE): no reason (a warning when one is given); the note is written as a comment when a user is configured.' },
      addResultLinkToApplication: comment('Written as a comment holding the link (no result-link field).'),
      addResultLinkToCandidate: comment("Written as a comment on the candidate's most recent application."),
      addNoteToApplication: comment('Written as a comment.'),
      addNoteToCandidate: comment("Written as a comment on the candidate's most recent application (comments are per applicant)."),
      addAttachmentToApplication: { ...comment('File bytes only, attached to a comment (a URL is downloaded by the SDK and sent as bytes).'), accepts: ['data'] },
      addAttachmentToCandidate: { ...comment("File bytes only, attached to a comment on the candidate's most recent application (a URL is downloaded by the SDK and sent as bytes)."), accepts: ['data'] },
      getCandidateAttachments: { supported: true, note: 'The CV (S3 key from the legacy single-applicant GET, INFERRED; bytes via /files/expire at 1 request/s) and comment files.' },
      addTagToCandidate: { supported: true, note: 'Sets a trait (key/value tag) from the catalogue on the most recent application; "Tag: value" sets a value.' },
      removeTagFromCandidate: { supported: false, note: 'Flatchr documents no endpoint to remove a trait (tag value) from an applicant.' },
      createCandidate: { supported: true, note: 'Needs application.job_id (Flatchr creates people by applying them to a vacancy, on the careers host); the new applicant is found by email afterwards. The email is looked up first: already in this vacancy → DuplicateError before any write; known from other vacancies → Flatchr merges the application into that person (a warning).' },
      createApplication: { supported: true, note: 'The careers creation with the person\'s email (candidates are keyed by email), which Flatchr merges into that person; DuplicateError when the person is already in the vacancy; stage_id = a move after creation.' },
      findCandidatesByEmail: { supported: true, note: 'The applicant search with email (active and archived), exact matches only; one person per email.' },
      pushCandidate: { supported: true, note: 'The shared orchestrator (find by email, create or reuse, apply, stage, attach; safe to call again after a timeout); a new person is created together with the application to job_id, as Flatchr requires. Attachments need a user (comments).' },
      getApplicationAttachments: { supported: true, note: "The person's CV (legacy single-applicant GET, INFERRED) and the files on this applicant's comments; owner application." },
    },
    webhooks: { supported: true, signed: false, scheme: 'shared-secret', note: 'Marketplace "Webhooks" app (new_applicant, drag_applicant, new_vacancy, new_message). Flatchr signs nothing: register the URL with a secret token in its query (unified-ats/webhooks checks it).' },
  };
}
