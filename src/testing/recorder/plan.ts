/**
 * What a recording run requests: a fixed list of read-only requests per provider, each named as
 * the fixture it becomes (`<resource>.<scenario>`). Reads only: recording never changes an account.
 * @module
 */

/** One request of a recording plan. */
export interface RecordingStep {
  /** `<resource>.<scenario>`: the fixture file name without `.json`. */
  name: string;
  /** A path below the base URL. */
  path: string;
  query: Record<string, string>;
}

/**
 * The Teamtailor plan: small pages of every resource the connector reads, two pages of candidates
 * (so `links.next` and its absence are both recorded) and one delta page.
 * @param deltaFrom the `filter[updated-at][from]` bound of the delta request (ISO 8601)
 */
export function teamtailorRecordingPlan(deltaFrom: string): RecordingStep[] {
  const page = (size: number, number = 1) => ({ 'page[size]': String(size), 'page[number]': String(number) });
  const candidates = { include: 'job-applications', sort: 'updated-at' };
  return [
    { name: 'users.list', path: '/users', query: page(10) },
    { name: 'jobs.list', path: '/jobs', query: { 'filter[status]': 'all', include: 'department,locations', ...page(5) } },
    { name: 'stages.list', path: '/stages', query: { include: 'job', ...page(10) } },
    { name: 'candidates.page-1', path: '/candidates', query: { ...candidates, ...page(3, 1) } },
    { name: 'candidates.page-2', path: '/candidates', query: { ...candidates, ...page(3, 2) } },
    { name: 'candidates.delta', path: '/candidates', query: { 'filter[updated-at][from]': deltaFrom, sort: 'updated-at', ...page(5) } },
    { name: 'job-applications.list', path: '/job-applications', query: { include: 'candidate,job,stage,reject-reason,candidate.answers,candidate.answers.question', sort: 'updated-at', ...page(5) } },
    { name: 'reject-reasons.list', path: '/reject-reasons', query: page(10) },
    { name: 'uploads.list', path: '/uploads', query: { include: 'candidate', sort: '-updated-at', ...page(5) } },
  ];
}

/** Recording plans by provider. */
export const recordingPlans = { teamtailor: teamtailorRecordingPlan } as const;
