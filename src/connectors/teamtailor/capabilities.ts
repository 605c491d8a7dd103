/**
 * What the Teamtailor connector can do, as data (checked against behaviour by the conformance suite).
 */
import type { Capabilities } from '../../core/capabilities.js';
import { teamtailorDescriptor as descriptor } from './descriptor.js';
import { descriptorCapabilities } from '../shared/options.js';
import { pushCandidateCapability, unreadableModel, withFilters } from '../shared/capability-defaults.js';

const fullScan = { deletes: 'full_scan', ordered: false } as const;

/** Teamtailor capabilities. */
export function teamtailorCapabilities(rateLimit: { requests: number; intervalMs: number } | null): Capabilities {
  const actions: Omit<Capabilities['actions'], 'pushCandidate'> = {
    moveApplicationToStage: { supported: true, note: 'PATCH job-applications stage relationship; applied asynchronously, fires stage triggers.' },
    rejectApplication: { supported: true, note: 'Sets rejected-at and the reject reason; a note is written to the candidate.' },
    addResultLinkToApplication: { supported: true, note: 'Written as a candidate note naming the job (partner results need Partner API credentials).' },
    addResultLinkToCandidate: { supported: true, note: 'Written as a candidate note (partner results need Partner API credentials).' },
    addNoteToApplication: { supported: true, note: 'Written as a candidate note naming the job: notes are candidate-level only. HTML is converted to text (links kept).' },
    addNoteToCandidate: { supported: true, note: 'Notes are plain text: HTML is converted (links kept as "text (url)"). remote_fields.teamtailor: user_id (author), private_note.' },
    addAttachmentToApplication: { supported: true, accepts: ['url'], note: 'URL only (Teamtailor downloads it); attached to the candidate with the job linked. Bytes are refused: host the file and pass attachment.url.' },
    addAttachmentToCandidate: { supported: true, accepts: ['url'], note: 'URL only: Teamtailor has no binary upload; pass attachment.url.' },
    getCandidateAttachments: { supported: true, note: 'Uploads plus the generated resume; URLs expire in about 60 s.' },
    getApplicationAttachments: { supported: true, note: "The candidate's uploads linked to the application's job, plus the generated resume; URLs expire in about 60 s." },
    addTagToCandidate: { supported: true },
    removeTagFromCandidate: { supported: true },
    createCandidate: { supported: true, note: 'Created as sourced, without a welcome message; one email and one phone. A taken email is a DuplicateError with the existing candidate id (looked up by email). Location, availability, salary expectations, sourced_by, GDPR consent and screening answers are not written (warnings).' },
    createApplication: { supported: true, note: 'POST /job-applications with the candidate, the job and the stage (default: the job\'s first stage), sourced, without notifications. Not retried.' },
    findCandidatesByEmail: { supported: true, note: 'GET /candidates?filter[email]= : an exact match (Teamtailor keeps one email per candidate).' },
  };
  return {
    ...descriptorCapabilities(descriptor, rateLimit),
    models: withFilters({
      roles: { read: true, delta: 'none', ...fullScan, note: 'No role resource: the distinct user roles (admin, recruiter, ...) are collected from the user list.' },
      offers: unreadableModel('Not read: Teamtailor job offers (/v1/job-offers) need an add-on and are not mapped yet.'),
      users: { read: true, delta: 'client', ...fullScan, note: 'Users have no documented updated-at filter; every sync reads all users.' },
      application_stages: { read: true, delta: 'client', ...fullScan, note: 'Teamtailor stages belong to one job each; every stage is listed, global_index is null.' },
      rejection_reasons: { read: true, delta: 'none', ...fullScan, note: 'Reject reasons have no timestamps.' },
      tags: { read: true, delta: 'none', ...fullScan, note: 'No tag resource: tags are collected from candidates (a full candidate scan with only the tags field).' },
      jobs: {
        read: true,
        delta: 'client',
        ...fullScan,
        note: 'Read from both feeds with filter[status]=all; filtered by updated-at client-side. screening_questions from the picked questions (mandatory = required). remote_url is null: the recruiter-side page needs the company app id, which the API does not give; post_url is the careersite page.',
      },
      job_postings: { read: true, delta: 'client', ...fullScan, note: 'The careersite side of each job.' },
      job_stages: { read: true, delta: 'client', ...fullScan, note: 'One request per job (stage order only exists within a job).' },
      hiring_team: { read: true, delta: 'client', ...fullScan, note: 'The job recruiter plus team memberships (role attribute inferred).' },
      candidates: { read: true, delta: 'server', deletes: 'full_scan', ordered: true, note: 'filter[updated-at][from], sorted by updated-at (sort inferred).' },
      applications: {
        read: true,
        delta: 'server',
        deletes: 'full_scan',
        ordered: true,
        note: "filter[updated-at][from], sorted by updated-at (sort inferred). screening_question_answers are the candidate's answers (Teamtailor keeps them on the candidate). remote_url is null (no recruiter-side URL in the API).",
      },
      interviews: { read: false, delta: 'none', deletes: 'none', ordered: false, note: "Teamtailor's /v1/interviews holds interview feedback (scorecards), not scheduled interviews; scheduled meetings are not exposed by the API." },
      interviewers: { read: false, delta: 'none', deletes: 'none', ordered: false, note: 'No scheduled interviews are exposed, so no interviewer assignments.' },
    }, {
      // One value per filter is sent (each takes one); filter[job] and filter[candidate] are INFERRED.
      candidates: ['emails'],
      users: ['emails'],
      applications: ['job_ids', 'candidate_ids'],
    }),
    actions: {
      ...actions,
      pushCandidate: pushCandidateCapability(actions),
    },
    webhooks: {
      supported: true,
      signed: true,
      scheme: 'hmac-signature',
      note: 'Company webhooks (enabled on request), signed with TT-Signature (v2: HMAC-SHA256 over "<t>.<raw body>"). No retries: keep polling as well.',
    },
  };
}
