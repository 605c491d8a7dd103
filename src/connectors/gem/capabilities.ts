/**
 * What the Gem connector can do, as data (checked against behaviour by the conformance suite).
 */
import type { Capabilities } from '../../core/capabilities.js';
import { gemDescriptor as descriptor } from './descriptor.js';
import { descriptorCapabilities } from '../shared/options.js';
import { pushCandidateCapability, unreadableModel, withFilters } from '../shared/capability-defaults.js';

const flagged = { deletes: 'flag', ordered: false } as const;

/** Gem capabilities. */
export function gemCapabilities(rateLimit: { requests: number; intervalMs: number } | null): Capabilities {
  const actions: Omit<Capabilities['actions'], 'pushCandidate'> = {
    moveApplicationToStage: { supported: true, note: 'INFERRED endpoint (POST /applications/{id}/move with from/to stage and the acting user; undocumented in reachable sources, kept in the descriptor). Not retried.' },
    rejectApplication: { supported: false, note: 'Gem ATS documents no reject endpoint (Kombo does not offer it for Gem either).' },
    addResultLinkToApplication: { supported: true, note: 'Written as a candidate note naming the job: Gem has no result-link field and notes are candidate-level.' },
    addResultLinkToCandidate: { supported: true, note: 'Written as a candidate note: Gem has no result-link field.' },
    addNoteToApplication: { supported: true, note: 'Written as a candidate note naming the job: Gem notes are candidate-level only.' },
    addNoteToCandidate: { supported: true, note: 'POST /candidates/{id}/activity_feed/notes with the acting user (onBehalfOfUserId, else the first active site admin) as user_id. HTML is converted to plain text through the shared conversion (links kept as "text (url)", with a warning).' },
    addAttachmentToApplication: { supported: false, note: 'Gem ATS has no attachment upload for an existing application (files can only be sent when creating a candidate).' },
    addAttachmentToCandidate: { supported: false, note: 'Gem ATS has no attachment upload for an existing candidate; the sourcing API resume upload uses ids not known to match ATS ids.' },
    getCandidateAttachments: { supported: true, note: 'From the candidate\'s attachments[]; URLs are short-lived signed URLs, download promptly.' },
    createCandidate: { supported: true, accepts: ['data'], note: "Deprecated-but-working POST /candidates/, which needs a job: application.job_id is required and the application is created with the candidate. One email and one phone are written; sourced_by is written as the sourcer; attachments are sent base64 with the create (a URL is downloaded first). A taken email is a DuplicateError with the existing candidate's id (Gem's 400 \"Duplicate candidate\" names it)." },
    createApplication: { supported: true, note: 'INFERRED endpoint (POST /candidates/{id}/applications with job_id and initial_stage_id, Harvest style; undocumented in reachable sources, kept in the descriptor). Not retried.' },
    findCandidatesByEmail: { supported: true, note: "GET /candidates/?email= : Gem does not document whether the match is exact, so the returned records are filtered to exact (case-insensitive) matches." },
    getApplicationAttachments: { supported: true, note: "Gem files belong to candidates: the files of the application's candidate (owner: the candidate). URLs are short-lived signed URLs." },
    addTagToCandidate: { supported: false, note: 'Gem candidate tags are read-only through the API (no tag write endpoint found).' },
    removeTagFromCandidate: { supported: false, note: 'Gem candidate tags are read-only through the API (no tag write endpoint found).' },
  };
  return {
    ...descriptorCapabilities(descriptor, rateLimit),
    models: withFilters({
      roles: { read: true, delta: 'none', deletes: 'none', ordered: false, note: "Gem has no role list: the roles its API shape defines are listed (with one one-user page of /users/ for the provider's clock): site admin (users' site_admin, a system role) and the hiring-team roles (the keys of a job's hiring_team: hiring manager, recruiter, coordinator, sourcer). Users carry system_roles, hiring-team members job_roles." },
      offers: unreadableModel("Gem's offer routes are not in the reachable API sources (Kombo lists no offers for Gem either); unsupported until a route is confirmed."),
      users: { read: true, delta: 'server', ...flagged, note: 'updated_after with include_deleted=true; deleted_at → remote_deleted_at. Gem has no sort parameter, so pages are unordered.' },
      application_stages: { read: true, delta: 'server', ...flagged, note: 'From /job_stages/ (updated_after): Gem stages belong to one job each and there is no global list, so every job stage is listed and global_index is null.' },
      rejection_reasons: { read: true, delta: 'none', deletes: 'full_scan', ordered: false, note: 'No rejection-reason resource: reasons are collected from rejected applications (a full scan of /applications/?status=rejected).' },
      tags: { read: true, delta: 'none', deletes: 'full_scan', ordered: false, note: 'No tag resource: candidate tags are bare names, collected from a full candidate scan.' },
      jobs: { read: true, delta: 'server', ...flagged, note: 'updated_after + include_deleted; template jobs are skipped; first office → location, first department → department, all in custom_fields; description and post_url from the most recent live, active job post (one extra listing of live posts per run; the post URL field is inferred and often null). A post edit alone does not bump the job.' },
      job_postings: { read: true, delta: 'server', deletes: 'full_scan', ordered: false, note: 'updated_after; /job_posts/ documents no include_deleted, so deleted posts are only seen missing in a full scan.' },
      job_stages: { read: true, delta: 'client', deletes: 'full_scan', ordered: false, note: 'One request per job (/jobs/{id}/stages, ordered by priority), since stage order only exists within a job; filtered by updated_at client-side.' },
      hiring_team: { read: true, delta: 'server', deletes: 'full_scan', ordered: false, note: 'From job hiring_team (hiring_managers, recruiters, coordinators, sourcers); a removed member is only seen missing in a full scan.' },
      candidates: { read: true, delta: 'server', ...flagged, note: 'updated_after + include_deleted; source = source of the earliest application.' },
      applications: { read: true, delta: 'server', ...flagged, note: 'Applications have no updated_after, only last_activity_after: an edit that is not activity (a source or rejection-reason change) can be missed until a full sync. changed_at is last_activity_at.' },
      interviews: { read: true, delta: 'server', ...flagged, note: '/scheduled_interviews/ with updated_after + include_deleted; the stage comes from the job stages\' interview items (one extra listing per run).' },
      interviewers: { read: true, delta: 'server', deletes: 'full_scan', ordered: false, note: 'The interviewers[] of each scheduled interview (the organizer is not included); a removed interviewer is only seen missing in a full scan.' },
    }, {
      // One value per filter is sent (Gem takes one); every filter is also checked on the records.
      candidates: ['emails'],
      users: ['emails'],
      applications: ['job_ids', 'outcomes', 'created_after'],
      jobs: ['statuses'],
    }),
    actions: {
      ...actions,
      pushCandidate: pushCandidateCapability(actions),
    },
    webhooks: { supported: false, signed: false, scheme: null, note: 'Gem has no webhooks in its ATS API: use delta syncs.' },
  };
}
