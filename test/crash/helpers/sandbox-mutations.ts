/**
 * Changes a Teamtailor sandbox between kills the way recruiters would, so every resumed run has
 * deltas (and the final full run deletions) to deliver. Candidates and applications are edited,
 * added and removed; jobs are renamed.
 */
import type { Sandbox } from '../../../src/testing/index.js';

type Rel = Record<string, string | string[] | null>;

const operations = ['edit-candidate', 'edit-candidate', 'edit-application', 'edit-application', 'add', 'add', 'remove-application', 'remove-candidate', 'edit-job'] as const;

/** What was done, for failure messages. */
export type Mutation = `${(typeof operations)[number]} ${string}`;

/** Applies `count` seeded random mutations; returns what they did. */
export function mutateSandbox(sandbox: Sandbox, random: () => number, count: number): Mutation[] {
  const done: Mutation[] = [];
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  for (let step = 0; step < count; step += 1) {
    const operation = pick(operations)!;
    const candidates = sandbox.store.list('candidates');
    const applications = sandbox.store.list('job-applications');
    if (operation === 'edit-candidate' && candidates.length > 0) {
      done.push(`${operation} ${sandbox.editCandidate(Math.floor(random() * candidates.length))}`);
    } else if (operation === 'edit-application' && applications.length > 0) {
      const application = pick(applications)!;
      const rel = application.rel as Rel;
      const stages = sandbox.store.list('stages').filter((stage) => (stage.rel as Rel).job === rel.job && stage.id !== rel.stage);
      const stage = pick(stages);
      if (stage) sandbox.update('job-applications', application.id, { rel: { ...rel, stage: stage.id } });
      done.push(`${operation} ${application.id}`);
    } else if (operation === 'add') {
      done.push(`${operation} ${addCandidateWithApplication(sandbox, random)}`);
    } else if (operation === 'remove-application' && applications.length > 0) {
      const application = pick(applications)!;
      sandbox.remove('job-applications', application.id);
      done.push(`${operation} ${application.id}`);
    } else if (operation === 'remove-candidate' && candidates.length > 0) {
      // Removing a candidate removes its applications too, as Teamtailor does.
      const candidate = pick(candidates)!;
      for (const application of applications) if ((application.rel as Rel).candidate === candidate.id) sandbox.remove('job-applications', application.id);
      sandbox.remove('candidates', candidate.id);
      done.push(`${operation} ${candidate.id}`);
    } else if (operation === 'edit-job') {
      const job = pick(sandbox.store.list('jobs'));
      if (job) sandbox.update('jobs', job.id, { title: `${String(job.title)}+` });
      done.push(`${operation} ${job?.id ?? 'none'}`);
    }
  }
  return done;
}

/** Adds a candidate shaped like the seeded ones, with one application; returns the candidate id. */
function addCandidateWithApplication(sandbox: Sandbox, random: () => number): string {
  const serial = Math.floor(random() * 1e9);
  const candidate = sandbox.add('candidates', {
    'first-name': 'Crash',
    'last-name': `Test${serial}`,
    email: `crash.test.${serial}@example.com`,
    phone: null,
    'linkedin-url': null,
    tags: [],
    'referring-site': null,
    sourced: true,
    resume: null,
    rel: { 'custom-field-values': [] },
  });
  const jobs = sandbox.store.list('jobs');
  const job = jobs[Math.floor(random() * jobs.length)]!;
  const stage = sandbox.store.list('stages').find((entry) => (entry.rel as Rel).job === job.id);
  sandbox.add('job-applications', {
    'referring-site': null,
    sourced: true,
    'rejected-at': null,
    'changed-stage-at': new Date(sandbox.now()).toISOString(),
    rel: { candidate, job: job.id, stage: stage?.id ?? null, 'reject-reason': null },
  });
  return candidate;
}
