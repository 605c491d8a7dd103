/**
 * What the Teamtailor connector can do, as data (checked against behaviour by the conformance suite).
 */
import type { Capabilities } from '../../core/capabilities.js';
import { teamtailorDescriptor as descriptor } from './descriptor.js';
import { descriptorCapabilities } from '../shared/options.js';

const fullScan = { deletes: 'full_scan', ordered: false } as const;

/** Teamtailor capabilities. */
export function teamtailorCapabilities(rateLimit: { requests: number; intervalMs: number } | null): Capabilities {
  return {
    ...descriptorCapabilities(descriptor, rateLimit),
    models: {
      users: { read: true, delta: 'client', ...fullScan, note: 'Users have no documented updated-at filter; every sync reads all users.' },
      application_stages: { read: true, delta: 'client', ...fullScan, note: 'Teamtailor stages belong to one job each; every stage is listed, global_index is null.' },
      rejection_reasons: { read: true, delta: 'none', ...fullScan, note: 'Reject reasons have no timestamps.' },
      tags: { read: true, delta: 'none', ...fullScan, note: 'No tag resource: tags are collected from candidates (a full candidate scan with only the tags field).' },
      jobs: { read: true, delta: 'client', ...fullScan, note: 'Read from both feeds with filter[status]=all; filtered by updated-at client-side.' },
      job_postings: { read: true, delta: 'client', ...fullScan, note: 'The careersite side of each job.' },
      job_stages: { read: true, delta: 'client', ...fullScan, note: 'One request per job (stage order only exists within a job).' },
      hiring_team: { read: true, delta: 'client', ...fullScan, note: 'The job recruiter plus team memberships (role attribute inferred).' },
      candidates: { read: true, delta: 'server', deletes: 'full_scan', ordered: true, note: 'filter[updated-at][from], sorted by updated-at (sort inferred).' },
      applications: { read: true, delta: 'server', deletes: 'full_scan', ordered: true, note: 'filter[updated-at][from], sorted by updated-at (sort inferred).' },
      interviews: { read: false, delta: 'none', deletes: 'none', ordered: false, note: "Teamtailor's /v1/interviews holds interview feedback (scorecards), not scheduled interviews; scheduled meetings are not exposed by the API." },
      interviewers: { read: false, delta: 'none', deletes: 'none', ordered: false, note: 'No scheduled interviews are exposed, so no interviewer assignments.' },
    },
    actions: {
      moveApplicationToStage: { supported: true, note: 'PATCH job-applications stage relationship; applied asynchronously, fires stage triggers.' },
      rejectApplication: { supported: true, note: 'Sets rejected-at and the reject reason; a note is written to the candidate.' },
      addResultLinkToApplication: { supported: true, note: 'Written as a candidate note naming the job (partner results need Partner API credentials).' },
      addResultLinkToCandidate: { supported: true, note: 'Written as a candidate note (partner results need Partner API credentials).' },
      addNoteToApplication: { supported: true, note: 'Written as a candidate note naming the job: notes are candidate-level only.' },
      addNoteToCandidate: { supported: true },
      addAttachmentToApplication: { supported: true, note: 'URL only (Teamtailor downloads it); attached to the candidate with the job linked.' },
      addAttachmentToCandidate: { supported: true, note: 'URL only: Teamtailor has no binary upload; pass attachment.url.' },
      getCandidateAttachments: { supported: true, note: 'Uploads plus the generated resume; URLs expire in about 60 s.' },
      addTagToCandidate: { supported: true },
      removeTagFromCandidate: { supported: true },
      createCandidate: { supported: true, note: 'Created as sourced, without a welcome message; one email and one phone.' },
    },
  };
}
