/**
 * The Teamtailor wire format of the sandbox: a fake `/v1` JSON:API that behaves like Teamtailor's
 * documented API (see docs/connectors/teamtailor.md) — `Token token=` auth, the mandatory
 * `X-Api-Version` (406 without it), `page[size]` capped at 30 (400, code 118), `links.next` only
 * when another page exists, `include=` compound documents, `filter[updated-at][from]` on candidates
 * and applications, `filter[email]` on candidates and users, `filter[job]`/`filter[candidate]` on
 * applications, `filter[status]`/`filter[feed]` on jobs (any other filter is a 400), timestamps
 * with a UTC offset, and
 * writes that change its state. Records are stored with their dasherized attributes at the top
 * level and their relationships under `rel`; users' tests edit them through the typed helpers in
 * `edits.ts` (`sandbox.editCandidate(id, { first_name: 'Ada' })`). A path outside `/v1` is a 404.
 */
import type { SandboxContext, SandboxProvider, SandboxRequest, SandboxResponse } from '../../sandbox/types.js';
import type { StoredRecord } from '../../sandbox/store.js';
import { FIRST_NAMES, JOB_TITLES, LAST_NAMES } from '../../sandbox/random.js';
import { teamtailorDescriptor as descriptor } from '../../../connectors/teamtailor/descriptor.js';
import { stamp } from './stamp.js';
import { teamtailorEdits } from './edits.js';
import { teamtailorWebhooks } from './webhooks.js';

/** The API key the sandbox accepts (an Admin-scope key: it reads and writes everything). */
export const TEAMTAILOR_SANDBOX_KEY = 'tt-sandbox-key';
/**
 * A Public-scope key: it authenticates, reads the company and the published jobs of the public
 * feed, and gets 403 everywhere else, as a real non-Admin key does on candidates.
 */
export const TEAMTAILOR_SANDBOX_PUBLIC_KEY = 'tt-sandbox-public-scope-key';

/** What a Public-scope key may read. */
function publicScopeAllows(request: SandboxRequest): boolean {
  if (request.method !== 'GET') return false;
  if (request.path === '/company') return true;
  if (request.path !== '/jobs') return false;
  const feed = request.query.get('filter[feed]');
  const status = request.query.get('filter[status]');
  return (feed === null || feed === 'public') && (status === null || status === 'published');
}

type Rel = Record<string, string | string[] | null>;
const DAY = 86_400_000;

/** JSON:API type → store collection (the same names). */
const TYPES = ['users', 'departments', 'locations', 'jobs', 'team-memberships', 'stages', 'candidates', 'custom-fields', 'custom-field-values', 'job-applications', 'reject-reasons', 'notes', 'uploads', 'questions', 'picked-questions', 'answers'] as const;

/** Which relationship points at which type. */
const REL_TYPES: Record<string, string> = {
  department: 'departments',
  locations: 'locations',
  user: 'users',
  'team-memberships': 'team-memberships',
  job: 'jobs',
  candidate: 'candidates',
  stage: 'stages',
  'reject-reason': 'reject-reasons',
  'custom-field-values': 'custom-field-values',
  'custom-field': 'custom-fields',
  uploads: 'uploads',
  'job-applications': 'job-applications',
  'picked-questions': 'picked-questions',
  question: 'questions',
  answers: 'answers',
};


function error(status: number, title: string, detail: string, code?: string): SandboxResponse {
  return { status, headers: { 'content-type': 'application/vnd.api+json' }, body: { errors: [{ status: String(status), title, detail, ...(code ? { code } : {}) }] } };
}

function seed({ store, random, now }: SandboxContext, records: number): void {
  const start = now();
  const at = (daysAgo: number) => start - daysAgo * DAY;
  // Millisecond jitter so timestamps are as distinct as real ones (a real tenant rarely has ties).
  const add = (type: string, fields: Record<string, unknown>, rel: Rel = {}, daysAgo = 60) =>
    store.add(type, { ...fields, rel, created_at: at(daysAgo), updated_at: at(daysAgo / 2) - random.int(0, DAY / 2) });
  const departments = ['Engineering', 'Sales', 'People'].map((name) => add('departments', { name }).id);
  const locations = [
    add('locations', { name: 'Stockholm HQ', city: 'Stockholm', country: 'Sweden' }).id,
    add('locations', { name: 'Berlin', city: 'Berlin', country: 'Germany' }).id,
  ];
  const users = Array.from({ length: 5 }, (_, i) =>
    add('users', { name: `${FIRST_NAMES[i]} ${LAST_NAMES[i]}`, email: `user${i}@acme.example`, role: i === 0 ? 'admin' : i === 4 ? 'no_access' : 'recruiter' }).id,
  );
  const reasons = ['Not enough experience', 'Withdrew', 'Position filled'].map((reason, i) => add('reject-reasons', { reason, 'rejected-by-company': i !== 1 }).id);
  const field = add('custom-fields', { name: 'Notice period', 'api-name': 'notice_period', 'field-type': 'CustomField::Text' }).id;
  const jobCount = Math.max(3, Math.min(50, Math.ceil(records / 50)));
  const jobs: { id: string; stages: string[] }[] = [];
  for (let j = 0; j < jobCount; j += 1) {
    const status = j % 7 === 6 ? 'archived' : j % 5 === 4 ? 'draft' : 'open';
    const recruiter = users[1 + (j % 3)] as string;
    const job = add('jobs', {
      title: `${JOB_TITLES[j % JOB_TITLES.length]} ${j + 1}`,
      body: `<p>Join us as ${JOB_TITLES[j % JOB_TITLES.length]}.</p>`,
      status,
      'human-status': status === 'open' ? 'published' : status,
      internal: j % 4 === 3,
      tags: j % 2 ? ['remote'] : [],
      'remote-status': j % 2 ? 'fully' : 'none',
      'start-date': null,
      'end-date': null,
    }, { department: departments[j % 3] as string, locations: [locations[j % 2] as string], user: recruiter, 'team-memberships': [] }, 90);
    const membership = add('team-memberships', { role: 'hiring_manager' }, { user: users[0] as string, job: job.id });
    (job.rel as Rel)['team-memberships'] = [membership.id];
    const stages = ['Inbox', 'Phone screen', 'Interview', 'Hired'].map((name, index) =>
      add('stages', { name, 'legacy-stage-type-name': index === 0 ? 'Inbox' : index === 3 ? 'Hired' : 'In process', 'row-order': index === 3 ? 2147483647 : index * 1000 }, { job: job.id }, 90).id,
    );
    jobs.push({ id: job.id, stages });
  }
  for (let c = 0; c < records; c += 1) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const daysAgo = random.int(1, 80);
    const value = add('custom-field-values', { value: `${random.int(1, 3)} months`, 'field-type': 'CustomField::Text' }, { 'custom-field': field });
    const candidate = add('candidates', {
      'first-name': first,
      'last-name': last,
      email: `${first}.${last}.${c}@example.com`.toLowerCase(),
      phone: random.chance(0.7) ? `+4670${String(1000000 + c).padStart(7, '0')}` : null,
      'linkedin-url': random.chance(0.5) ? `https://www.linkedin.com/in/${first}-${last}-${c}`.toLowerCase() : null,
      tags: random.chance(0.4) ? [random.pick(['ruby', 'senior', 'remote', 'react'])] : [],
      'referring-site': random.pick(['LinkedIn', 'Teamtailor', null]),
      sourced: random.chance(0.2),
      resume: null,
    }, { 'custom-field-values': [value.id] }, daysAgo);
    (value.rel as Rel).owner = candidate.id;
    const job = jobs[c % jobs.length] as { id: string; stages: string[] };
    const stage = job.stages[random.int(0, 3)] as string;
    const rejected = random.chance(0.15);
    store.add('job-applications', {
      'referring-site': candidate['referring-site'],
      sourced: candidate.sourced,
      'rejected-at': rejected ? stamp(at(daysAgo / 4)) : null,
      'changed-stage-at': stamp(at(daysAgo / 3)),
      rel: { candidate: candidate.id, job: job.id, stage, 'reject-reason': rejected ? (reasons[c % 3] as string) : null },
      created_at: at(daysAgo),
      updated_at: at(daysAgo / 3) - random.int(0, DAY / 3),
    });
  }
  seedQuestions(store, jobs.map((job) => job.id), at(90));
}

/**
 * Application-form questions, added last so the ids and random draws of everything above stay as
 * they were: three company questions (Boolean, Choice, Range), picked by every other job (the
 * first one mandatory), and the candidates of those jobs' applications answering the first two.
 */
function seedQuestions(store: SandboxContext['store'], jobIds: readonly string[], time: number): void {
  const stamped = { created_at: time, updated_at: time };
  const questions = [
    store.add('questions', { ...stamped, title: 'Do you have a work permit for the EU?', 'question-type': 'Boolean', alternatives: null, multiple: null, 'start-with': null, 'end-with': null, unit: null, rel: {} }),
    store.add('questions', { ...stamped, title: 'Which office would you work from?', 'question-type': 'Choice', alternatives: ['Stockholm', 'Berlin', 'Remote'], multiple: false, 'start-with': null, 'end-with': null, unit: null, rel: {} }),
    store.add('questions', { ...stamped, title: 'Years of experience', 'question-type': 'Range', alternatives: null, multiple: null, 'start-with': 0, 'end-with': 20, unit: 'years', rel: {} }),
  ];
  const asking = new Set(jobIds.filter((_, index) => index % 2 === 0));
  for (const jobId of asking) {
    const job = store.get('jobs', jobId) as StoredRecord;
    (job.rel as Rel)['picked-questions'] = questions.map((question, index) => store.add('picked-questions', { ...stamped, mandatory: index === 0, rel: { question: question.id } }).id);
  }
  const [permit, office] = questions as [StoredRecord, StoredRecord];
  for (const application of store.list('job-applications')) {
    const rel = application.rel as Rel;
    const candidate = store.get('candidates', rel.candidate as string);
    if (!candidate || !asking.has(rel.job as string) || (candidate.rel as Rel).answers) continue;
    const id = Number(candidate.id);
    (candidate.rel as Rel).answers = [
      store.add('answers', { ...stamped, boolean: id % 2 === 0, choices: null, range: null, text: null, 'video-token': null, rel: { question: permit.id, candidate: candidate.id } }).id,
      store.add('answers', { ...stamped, boolean: null, choices: [id % 3], range: null, text: null, 'video-token': null, rel: { question: office.id, candidate: candidate.id } }).id,
    ];
  }
}

/** Index of the first record with `updated_at >= since` in a list sorted by it (binary search). */
function firstAtOrAfter(sorted: readonly StoredRecord[], since: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as StoredRecord).updated_at < since) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Renders a stored record as a JSON:API resource object. */
function render(type: string, record: StoredRecord, baseUrl: string, includedRels: ReadonlySet<string>, fields?: readonly string[]): Record<string, unknown> {
  const { id, created_at, updated_at, rel, ...attributes } = record as StoredRecord & { rel?: Rel };
  const attrs: Record<string, unknown> = { ...attributes };
  if (type !== 'reject-reasons' && type !== 'departments' && type !== 'locations') {
    attrs['created-at'] = stamp(created_at);
    attrs['updated-at'] = stamp(updated_at);
  }
  const relationships: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rel ?? {})) {
    const links = { self: `${baseUrl}/${type}/${id}/relationships/${name}`, related: `${baseUrl}/${type}/${id}/${name}` };
    const target = REL_TYPES[name] ?? name;
    relationships[name] = includedRels.has(name)
      ? { links, data: Array.isArray(value) ? value.map((v) => ({ type: target, id: v })) : value === null ? null : { type: target, id: value } }
      : { links };
  }
  const links: Record<string, string> = { self: `${baseUrl}/${type}/${id}` };
  if (type === 'jobs') links['careersite-job-url'] = `https://acme.teamtailor.example/jobs/${id}`;
  const shown = fields ? Object.fromEntries(Object.entries(attrs).filter(([key]) => fields.includes(key))) : attrs;
  return { id, type, links, attributes: shown, relationships };
}

/**
 * Collects `included` for a set of primary records and include paths (any depth): each included
 * record carries the linkage of the relationships included below it on any path.
 */
function collectIncluded(store: SandboxContext['store'], primary: StoredRecord[], paths: string[], baseUrl: string): unknown[] {
  const found = new Map<string, { type: string; record: StoredRecord; rels: Set<string> }>();
  const walk = (records: StoredRecord[], path: string[], prefix: string) => {
    const [head, ...rest] = path;
    if (!head) return;
    const type = REL_TYPES[head] ?? head;
    const here = prefix ? `${prefix}.${head}` : head;
    const below = paths.filter((p) => p.startsWith(`${here}.`)).map((p) => p.slice(here.length + 1).split('.')[0] as string);
    const next: StoredRecord[] = [];
    for (const record of records) {
      const value = (record.rel as Rel | undefined)?.[head];
      for (const id of Array.isArray(value) ? value : value ? [value] : []) {
        const target = store.get(type, id);
        if (!target) continue;
        next.push(target);
        const entry = found.get(`${type}:${id}`) ?? { type, record: target, rels: new Set<string>() };
        for (const rel of below) entry.rels.add(rel);
        found.set(`${type}:${id}`, entry);
      }
    }
    walk(next, rest, here);
  };
  for (const path of paths) walk(primary, path.split('.'), '');
  return [...found.values()].map(({ type, record, rels }) => render(type, record, baseUrl, rels));
}

/**
 * `page[size]` maximum of the real API (documented: larger values are a 400, code 118). A
 * constant of the sandbox, not the connector's descriptor, so a connector asking for more fails here.
 */
const MAX_PAGE_SIZE = 30;

function listResponse(request: SandboxRequest, context: SandboxContext, type: string, records: StoredRecord[]): SandboxResponse {
  const size = Number(request.query.get('page[size]') ?? 10);
  const number = Number(request.query.get('page[number]') ?? 1);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) return error(400, 'Invalid page value', `${size} is not a valid page size.`, '118');
  const include = (request.query.get('include') ?? '').split(',').filter(Boolean);
  const sort = request.query.get('sort');
  // `sort=updated-at` lists come sorted from `filtered` (cached view); only row-order sorts here.
  const sorted = sort === 'updated-at'
    ? records
    : sort === 'row-order'
      ? [...records].sort((a, b) => Number(a['row-order']) - Number(b['row-order']))
      : records;
  const page = sorted.slice((number - 1) * size, number * size);
  const fields = request.query.get(`fields[${type}]`)?.split(',');
  const topRels = new Set(include.map((path) => path.split('.')[0] as string));
  const link = (n: number) => {
    const query = new URLSearchParams(request.query);
    query.set('page[number]', String(n));
    query.set('page[size]', String(size));
    return `${request.baseUrl}${request.path}?${query.toString()}`;
  };
  const pageCount = Math.max(1, Math.ceil(sorted.length / size));
  return {
    status: 200,
    headers: { 'content-type': 'application/vnd.api+json', 'x-api-version': descriptor.apiVersion },
    body: {
      data: page.map((record) => render(type, record, request.baseUrl, topRels, fields)),
      ...(include.length ? { included: collectIncluded(context.store, page, include, request.baseUrl) } : {}),
      meta: { 'record-count': sorted.length, 'page-count': pageCount },
      links: { first: link(1), last: link(pageCount), ...(number > 1 ? { prev: link(number - 1) } : {}), ...(number < pageCount ? { next: link(number + 1) } : {}) },
    },
  };
}

function single(request: SandboxRequest, context: SandboxContext, type: string, record: StoredRecord, status = 200): SandboxResponse {
  const include = (request.query.get('include') ?? '').split(',').filter(Boolean);
  const rels = new Set(include.map((path) => path.split('.')[0] as string));
  return {
    status,
    headers: { 'content-type': 'application/vnd.api+json' },
    body: { data: render(type, record, request.baseUrl, rels), ...(include.length ? { included: collectIncluded(context.store, [record], include, request.baseUrl) } : {}) },
  };
}

/** Sorted views by `updated_at`, cached per collection until the store changes (big datasets). */
const sortedViews = new WeakMap<SandboxContext['store'], Map<string, { version: number; records: StoredRecord[] }>>();

function byUpdatedAt(records: StoredRecord[]): StoredRecord[] {
  return [...records].sort((a, b) => a.updated_at - b.updated_at || Number(a.id) - Number(b.id));
}

/** All records of `type` sorted by `updated_at`, from the cache when the store has not changed. */
function sortedCollection(store: SandboxContext['store'], type: string): StoredRecord[] {
  let views = sortedViews.get(store);
  if (!views) {
    views = new Map();
    sortedViews.set(store, views);
  }
  const cached = views.get(type);
  if (cached && cached.version === store.version) return cached.records;
  const records = byUpdatedAt(store.list(type));
  views.set(type, { version: store.version, records });
  return records;
}

/**
 * The filters each list takes; any other `filter[...]` is refused with 400, code 102, as the
 * API does, so a connector sending a filter the API lacks is caught. `filter[job]` and
 * `filter[candidate]` on job-applications are INFERRED (third-party reports) and served here.
 */
const ALLOWED_FILTERS: Record<string, readonly string[]> = {
  candidates: ['updated-at][from', 'email'],
  'job-applications': ['updated-at][from', 'job', 'candidate'],
  jobs: ['status', 'feed'],
  users: ['email'],
};

function filtered(request: SandboxRequest, context: SandboxContext, type: string): StoredRecord[] | SandboxResponse {
  for (const key of request.query.keys()) {
    const name = /^filter\[(.+)\]$/.exec(key)?.[1];
    if (name !== undefined && !(ALLOWED_FILTERS[type] ?? []).includes(name)) return error(400, 'Filter not allowed', `${name} is not allowed.`, '102');
  }
  const from = request.query.get('filter[updated-at][from]');
  const sortedRequest = request.query.get('sort') === 'updated-at';
  let out = sortedRequest ? sortedCollection(context.store, type) : context.store.list(type);
  if (from !== null) {
    const since = Date.parse(from);
    if (Number.isNaN(since)) return error(400, 'Invalid filter value', `${from} is not a valid value for updated-at.`, '107');
    // Inclusive (>=) unless the sandbox was started with an exclusive filter (>): ms timestamps.
    const first = context.updatedSinceFilter === 'exclusive' ? since + 1 : since;
    out = sortedRequest ? out.slice(firstAtOrAfter(out, first)) : out.filter((record) => record.updated_at >= first);
  }
  const email = request.query.get('filter[email]');
  if (email !== null) out = out.filter((record) => String(record.email ?? '').toLowerCase() === email.toLowerCase());
  for (const relation of ['job', 'candidate'] as const) {
    const wanted = request.query.get(`filter[${relation}]`);
    if (wanted !== null) out = out.filter((record) => (record.rel as Rel | undefined)?.[relation] === wanted);
  }
  if (type === 'jobs') {
    const status = request.query.get('filter[status]') ?? 'published';
    const feed = request.query.get('filter[feed]') ?? 'public';
    out = out.filter((job) => (status === 'all' || (status === 'published' ? job.status === 'open' : job.status === status)) && (feed === 'internal') === Boolean(job.internal));
  }
  return out;
}

type Body = { data?: { type?: string; attributes?: Record<string, unknown>; relationships?: Record<string, { data?: { id?: string } | null }> } };

function relationshipId(body: Body, name: string): string | null | undefined {
  const rel = body.data?.relationships?.[name];
  if (rel === undefined) return undefined;
  return rel.data?.id ?? null;
}

function handleWrite(request: SandboxRequest, context: SandboxContext, type: string, id: string | undefined): SandboxResponse {
  const { store } = context;
  const body = (request.body ?? {}) as Body;
  if (!String(request.headers['content-type'] ?? '').includes('application/vnd.api+json')) return error(415, 'Unsupported media type', 'Use application/vnd.api+json.', '415');
  const attributes = body.data?.attributes ?? {};
  if (request.method === 'PATCH' && id) {
    const record = store.get(type, id);
    if (!record) return error(404, 'Record not found', `The record identified by ${id} could not be found.`, '404');
    const rel = { ...(record.rel as Rel) };
    if (type === 'job-applications') {
      const stage = relationshipId(body, 'stage');
      if (stage) {
        const target = store.get('stages', stage);
        if (!target || (target.rel as Rel).job !== rel.job) return error(422, "can't be blank", 'stage - must belong to the job', '100');
        rel.stage = stage;
      }
      const reason = relationshipId(body, 'reject-reason');
      if (reason !== undefined) rel['reject-reason'] = reason;
    }
    const allowed = type === 'candidates' ? ['tags', 'first-name', 'last-name', 'email', 'phone'] : type === 'job-applications' ? ['rejected-at'] : [];
    const patch = Object.fromEntries(Object.entries(attributes).filter(([key]) => allowed.includes(key)));
    return single(request, context, type, store.update(type, id, { ...patch, rel }));
  }
  if (request.method !== 'POST' || id) return error(405, 'Method not allowed', `${request.method} is not allowed here.`);
  if (type === 'notes') {
    const candidate = relationshipId(body, 'candidate');
    const user = relationshipId(body, 'user');
    if (!candidate || !store.get('candidates', candidate)) return error(422, "can't be blank", 'candidate - must exist', '100');
    if (!user || !store.get('users', user)) return error(422, "can't be blank", 'user - must exist', '100');
    if (typeof attributes.note !== 'string' || attributes.note === '') return error(422, "can't be blank", "note - can't be blank", '100');
    return single(request, context, type, store.add('notes', { note: attributes.note, 'candidate-id': Number(candidate), 'user-id': Number(user), 'private-note': attributes['private-note'] === true, rel: { candidate, user } }), 201);
  }
  if (type === 'uploads') {
    const candidate = relationshipId(body, 'candidate');
    if (!candidate || !store.get('candidates', candidate)) return error(422, "can't be blank", 'candidate - must exist', '100');
    if (typeof attributes.url !== 'string' || !/^https?:\/\//.test(attributes.url)) return error(422, "can't be blank", 'url - must be a public URL', '100');
    const upload = store.add('uploads', { url: attributes.url, 'file-name': attributes['file-name'] ?? 'file', internal: attributes.internal ?? true, rel: { candidate, job: relationshipId(body, 'job') ?? null } });
    const owner = store.get('candidates', candidate) as StoredRecord;
    const ownerRel = owner.rel as Rel;
    ownerRel.uploads = [...((ownerRel.uploads as string[] | undefined) ?? []), upload.id];
    return single(request, context, type, upload, 201);
  }
  if (type === 'candidates') {
    const email = attributes.email;
    if (typeof email !== 'string' || email === '') return error(422, "can't be blank", "email - can't be blank", '100');
    if (store.list('candidates').some((c) => c.email === email)) return error(422, 'has already been taken', 'email - has already been taken', '100');
    const { merge: _merge, 'send-welcome-message': _welcome, ...fields } = attributes;
    return single(request, context, type, store.add('candidates', { tags: [], resume: null, ...fields, rel: { 'custom-field-values': [] } }), 201);
  }
  if (type === 'job-applications') {
    const candidate = relationshipId(body, 'candidate');
    const job = relationshipId(body, 'job');
    if (!candidate || !store.get('candidates', candidate) || !job || !store.get('jobs', job)) return error(422, "can't be blank", 'candidate and job - must exist', '100');
    const stages = store.list('stages').filter((s) => (s.rel as Rel).job === job).sort((a, b) => Number(a['row-order']) - Number(b['row-order']));
    const stage = relationshipId(body, 'stage') ?? stages[0]?.id ?? null;
    return single(request, context, type, store.add('job-applications', { 'rejected-at': null, 'referring-site': null, sourced: true, 'changed-stage-at': stamp(context.now()), rel: { candidate, job, stage, 'reject-reason': null } }), 201);
  }
  return error(405, 'Method not allowed', `POST /${type} is not supported by the sandbox.`);
}

/** The Teamtailor sandbox provider. */
export const teamtailorSandbox: SandboxProvider = {
  name: 'teamtailor',
  basePath: '/v1',
  credentials: { apiKey: TEAMTAILOR_SANDBOX_KEY },
  seed,
  restrictedCredentials: { apiKey: TEAMTAILOR_SANDBOX_PUBLIC_KEY },
  authenticate(request) {
    const publicScope = request.headers.authorization === `Token token=${TEAMTAILOR_SANDBOX_PUBLIC_KEY}`;
    if (!publicScope && request.headers.authorization !== `Token token=${TEAMTAILOR_SANDBOX_KEY}`) return { status: 401, body: '' };
    if (!request.headers['x-api-version']) {
      return error(406, 'Invalid/Missing API Version', `Please provide a correct API version in the X-Api-Version header. Current version is: ${descriptor.apiVersion}`);
    }
    if (publicScope && !publicScopeAllows(request)) return error(403, 'Forbidden', 'This API key does not have the required scope (Admin) for this resource.', '403');
    return null;
  },
  handle(request, context) {
    const [type, id, sub] = request.path.split('/').filter(Boolean) as [string?, string?, string?];
    if (type === 'company' && request.method === 'GET') {
      return { status: 200, headers: { 'content-type': 'application/vnd.api+json' }, body: { data: { id: '1', type: 'companies', attributes: { name: 'Acme (sandbox)' } } } };
    }
    if (!type || !(TYPES as readonly string[]).includes(type)) return error(404, 'Not found', `No route for ${request.path}`, '404');
    if (request.method !== 'GET') return handleWrite(request, context, type, id);
    if (id && sub === 'stages' && type === 'jobs') {
      const stages = context.store.list('stages').filter((s) => (s.rel as Rel).job === id);
      return listResponse(request, context, 'stages', stages);
    }
    if (id) {
      const record = context.store.get(type, id);
      return record ? single(request, context, type, record) : error(404, 'Record not found', `The record identified by ${id} could not be found.`, '404');
    }
    const records = filtered(request, context, type);
    return Array.isArray(records) ? listResponse(request, context, type, records) : records;
  },
  webhooks: teamtailorWebhooks,
  edits: teamtailorEdits,
  // The body of a real answer outside /v1 is not documented (INFERRED): a JSON:API 404.
  notFound: (path) => error(404, 'Not found', `No route for ${path}`, '404'),
  rateLimited(retryAfterSeconds) {
    return { status: 429, headers: { 'retry-after': String(retryAfterSeconds), 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(retryAfterSeconds) }, body: { errors: [{ status: '429', title: 'Too Many Requests' }] } };
  },
  rateLimitHeaders(limit, remaining, resetSeconds) {
    return { 'x-rate-limit-limit': String(limit), 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-reset': String(resetSeconds) };
  },
};
