/**
 * The Gem wire format of the sandbox: a fake `/ats/v0` API that behaves as Gem's ATS API is known
 * to (docs/connectors/gem.md): `X-API-Key` auth checked by an API-Gateway-style 403 `{"message":"Forbidden"}`
 * (plus `X-Application-Secret` when sent), bare JSON arrays paged with `page`/`per_page` (max 500,
 * 422 beyond) and no pagination headers at all (the hardest case: a short page is the only end
 * signal), collection paths with or without the trailing slash, `updated_after` where documented,
 * `last_activity_after` (and 422 for `updated_after`) on applications, `include_deleted`,
 * Flask-smorest 422 bodies for unknown or invalid query arguments, base64 ids that end with `=`,
 * and writes that change its state (notes, the inferred stage move, application PATCH, candidate
 * creation). Records are stored with Gem's field names, so `sandbox.update('candidates', id,
 * { first_name: 'Ada' })` edits a candidate the way a recruiter would.
 */
import type { SandboxContext, SandboxProvider, SandboxRequest, SandboxResponse } from '../../sandbox/types.js';
import type { StoredRecord } from '../../sandbox/store.js';
import { gemDescriptor as descriptor } from '../../../connectors/gem/descriptor.js';
import { gemStyleId, renderGem, seedGem } from './sandbox-data.js';
import { gemEdits } from './edits.js';

/** The API key the sandbox accepts (40 alphanumeric characters, like a Gem key; not a real key). */
export const GEM_SANDBOX_KEY = 'gemSandboxKey0000000000000000000000000000';
/** The partner application secret the sandbox accepts when one is sent. */
export const GEM_SANDBOX_APPLICATION_SECRET = 'gem-sandbox-application-secret';

const JSON_HEADERS = { 'content-type': 'application/json' };
const COMMON = ['page', 'per_page', 'created_after', 'created_before'];
const UPDATED = ['updated_after', 'updated_before'];

/** The query arguments each list accepts; anything else is a 422, as webargs does. */
const LISTS: Record<string, { collection: string; args: string[]; delta: string | null; includeDeleted: boolean }> = {
  users: { collection: 'users', args: [...UPDATED, 'email', 'include_deleted'], delta: 'updated_after', includeDeleted: true },
  jobs: { collection: 'jobs', args: [...UPDATED, 'requisition_id', 'status', 'department_id', 'office_id', 'include_deleted'], delta: 'updated_after', includeDeleted: true },
  job_posts: { collection: 'job_posts', args: [...UPDATED, 'live', 'active'], delta: 'updated_after', includeDeleted: false },
  job_stages: { collection: 'job_stages', args: [...UPDATED, 'include_deleted'], delta: 'updated_after', includeDeleted: true },
  candidates: { collection: 'candidates', args: [...UPDATED, 'job_id', 'email', 'candidate_ids', 'include_deleted'], delta: 'updated_after', includeDeleted: true },
  applications: { collection: 'applications', args: ['last_activity_after', 'job_id', 'status', 'include_deleted'], delta: 'last_activity_after', includeDeleted: true },
  scheduled_interviews: { collection: 'scheduled_interviews', args: [...UPDATED, 'starts_after', 'starts_before', 'ends_after', 'ends_before', 'external_event_id', 'actionable', 'application_id', 'include_deleted'], delta: 'updated_after', includeDeleted: true },
  offices: { collection: 'offices', args: ['include_deleted'], delta: null, includeDeleted: true },
};

/** Gem's error body: `{ code, status, message, errors: { <location>: { <field>: [...] } } }`. */
export function gemError(status: number, statusText: string, message: string, errors?: Record<string, Record<string, string[]>>): SandboxResponse {
  return { status, headers: JSON_HEADERS, body: { code: status, status: statusText, message, ...(errors ? { errors } : {}) } };
}

const invalid = (location: string, field: string, text: string) =>
  gemError(422, 'Unprocessable Entity', 'The request was well-formed but was unable to be followed due to semantic errors.', { [location]: { [field]: [text] } });
const notFound = (what: string) => gemError(404, 'Not Found', `${what} not found`);
const ok = (body: unknown, status = 200): SandboxResponse => ({ status, headers: JSON_HEADERS, body });

function listResponse(request: SandboxRequest, context: SandboxContext, name: string, records: StoredRecord[]): SandboxResponse {
  const spec = LISTS[name] as (typeof LISTS)[string];
  for (const key of request.query.keys()) {
    if (!COMMON.includes(key) && !spec.args.includes(key)) return invalid('query', key, 'Unknown field.');
  }
  const perPage = Number(request.query.get('per_page') ?? 100);
  const page = Number(request.query.get('page') ?? 1);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > descriptor.pageSize) return invalid('query', 'per_page', 'Must be greater than or equal to 1 and less than or equal to 500.');
  if (!Number.isInteger(page) || page < 1) return invalid('query', 'page', 'Must be greater than or equal to 1.');
  let out = records;
  if (!(spec.includeDeleted && request.query.get('include_deleted') === 'true')) out = out.filter((record) => !record.deleted_at);
  for (const [param, field, cmp] of [
    ['updated_after', 'updated_at', 1],
    ['updated_before', 'updated_at', -1],
    ['last_activity_after', 'updated_at', 1],
    ['created_after', 'created_at', 1],
    ['created_before', 'created_at', -1],
  ] as const) {
    const value = request.query.get(param);
    if (value === null) continue;
    const bound = Date.parse(value);
    if (Number.isNaN(bound) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return invalid('query', param, 'Not a valid datetime.');
    // INFERRED: inclusive bounds (Harvest documents "at or after").
    out = out.filter((record) => (cmp === 1 ? Number(record[field]) >= bound : Number(record[field]) < bound));
  }
  for (const param of ['live', 'active'] as const) {
    const value = request.query.get(param);
    if (value !== null) out = out.filter((record) => Boolean(record[param]) === (value === 'true'));
  }
  const status = request.query.get('status');
  if (status !== null) out = out.filter((record) => record.status === status);
  // `email` on candidates and users, `job_id` on applications and candidates (exact, case-insensitive here).
  const email = request.query.get('email')?.toLowerCase();
  if (email !== undefined) {
    out = out.filter((record) =>
      Array.isArray(record.email_addresses)
        ? (record.email_addresses as { value?: string }[]).some((entry) => entry.value?.toLowerCase() === email)
        : String(record.primary_email_address ?? '').toLowerCase() === email || (record.emails as string[] | undefined)?.some((entry) => entry.toLowerCase() === email),
    );
  }
  const jobId = request.query.get('job_id');
  if (jobId !== null) {
    out = name === 'candidates'
      ? out.filter((record) => context.store.list('applications').some((a) => a.candidate_id === record.id && a.job_id === jobId))
      : out.filter((record) => record.job_id === jobId);
  }
  const applicationId = request.query.get('application_id');
  if (applicationId !== null) out = out.filter((record) => record.application_id === applicationId);
  const slice = out.slice((page - 1) * perPage, page * perPage);
  // No Link and no X-Pagination header (none documented): a short page is the only end signal.
  return ok(slice.map((record) => renderGem(context.store, spec.collection, record)));
}

type Body = Record<string, unknown>;

/** The fields `POST /candidates/` documents. */
const CREATE_FIELDS = ['first_name', 'last_name', 'email', 'phone_number', 'title', 'company', 'job_id', 'initial_stage_id', 'source_id', 'recruiter', 'coordinator', 'sourcer', 'linkedin_handle', 'attachments'];

/** The given stage of the job, or the job's first stage by priority when none is given. */
function stageOf(context: SandboxContext, jobId: string, stageId: unknown): StoredRecord | undefined {
  const stages = context.store.list('job_stages').filter((s) => s.job_id === jobId).sort((a, b) => Number(a.priority) - Number(b.priority));
  return stageId === undefined ? stages[0] : stages.find((s) => s.id === stageId);
}

function handleWrite(request: SandboxRequest, context: SandboxContext, segments: string[]): SandboxResponse {
  const { store } = context;
  const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Body;
  if (!String(request.headers['content-type'] ?? '').includes('application/json')) return gemError(415, 'Unsupported Media Type', 'Use application/json.');
  const [resource, id, sub, leaf] = segments;
  // POST /candidates/{id}/activity_feed/notes { user_id, body, visibility }.
  if (request.method === 'POST' && resource === 'candidates' && id && sub === 'activity_feed' && leaf === 'notes') {
    if (!store.get('candidates', id)) return notFound('Candidate');
    if (typeof body.user_id !== 'string' || !store.get('users', body.user_id)) return invalid('json', 'user_id', 'User not found.');
    if (typeof body.body !== 'string' || body.body === '' || body.body.length > descriptor.noteMaxLength) return invalid('json', 'body', 'Length must be between 1 and 10000.');
    if (body.visibility !== undefined && body.visibility !== 'public' && body.visibility !== 'private') return invalid('json', 'visibility', 'Must be one of: public, private.');
    const note = store.add('notes', { id: gemStyleId(store, 'Note'), candidate_id: id, user_id: body.user_id, body: body.body, visibility: body.visibility ?? 'public' });
    store.touch('candidates', id);
    const author = store.get('users', body.user_id) as StoredRecord;
    return ok({ id: note.id, created_at: new Date(note.created_at).toISOString(), body: note.body, user: { id: author.id, name: `${String(author.first_name)} ${String(author.last_name)}`, first_name: author.first_name, last_name: author.last_name, employee_id: author.employee_id }, private: note.visibility === 'private', visibility: note.visibility }, 201);
  }
  // INFERRED: POST /applications/{id}/move { from_stage_id, to_stage_id, user_id }, Harvest rules.
  if (request.method === 'POST' && resource === 'applications' && id && sub === 'move') {
    const application = store.get('applications', id);
    if (!application || application.deleted_at) return notFound('Application');
    if (application.status !== 'active') return gemError(400, 'Bad Request', 'Only active applications can be moved.');
    if (body.from_stage_id !== application.current_stage_id) return invalid('json', 'from_stage_id', 'Does not match the current stage.');
    const target = typeof body.to_stage_id === 'string' ? store.get('job_stages', body.to_stage_id) : undefined;
    if (!target || target.job_id !== application.job_id) return invalid('json', 'to_stage_id', 'Stage must belong to the application\'s job.');
    if (body.user_id !== undefined && (typeof body.user_id !== 'string' || !store.get('users', body.user_id))) return invalid('json', 'user_id', 'User not found.');
    return ok(renderGem(store, 'applications', store.update('applications', id, { current_stage_id: target.id })));
  }
  // PATCH /applications/{id} { source_id }.
  if (request.method === 'PATCH' && resource === 'applications' && id && !sub) {
    const application = store.get('applications', id);
    if (!application) return notFound('Application');
    if (typeof body.source_id !== 'string' || !store.get('sources', body.source_id)) return invalid('json', 'source_id', 'Source not found.');
    return ok(renderGem(store, 'applications', store.update('applications', id, { source_id: body.source_id })));
  }
  // INFERRED (Harvest style): POST /candidates/{id}/applications { job_id, initial_stage_id?, source_id? }.
  if (request.method === 'POST' && resource === 'candidates' && id && sub === 'applications' && !leaf) {
    const candidate = store.get('candidates', id);
    if (!candidate || candidate.deleted_at) return notFound('Candidate');
    const job = typeof body.job_id === 'string' ? store.get('jobs', body.job_id) : undefined;
    if (!job || job.deleted_at) return invalid('json', 'job_id', 'Job not found.');
    const stage = stageOf(context, job.id, body.initial_stage_id);
    if (!stage) return invalid('json', 'initial_stage_id', 'Stage must belong to the job.');
    if (body.source_id !== undefined && (typeof body.source_id !== 'string' || !store.get('sources', body.source_id))) return invalid('json', 'source_id', 'Source not found.');
    const unknown = Object.keys(body).find((key) => !['job_id', 'initial_stage_id', 'source_id'].includes(key));
    if (unknown) return invalid('json', unknown, 'Unknown field.');
    const application = store.add('applications', { id: gemStyleId(store, 'Application'), candidate_id: id, job_id: job.id, job_post_id: null, source_id: body.source_id ?? null, credited_to: null, status: 'active', rejected_at: null, rejection_reason_id: null, current_stage_id: stage.id, deleted_at: null });
    store.touch('candidates', id);
    return ok(renderGem(store, 'applications', application), 201);
  }
  // POST /candidates/ (deprecated but working) creates a candidate and an application on job_id.
  if (request.method === 'POST' && resource === 'candidates' && !id) {
    for (const field of ['first_name', 'last_name', 'email', 'job_id']) {
      if (typeof body[field] !== 'string' || body[field] === '') return invalid('json', field, 'Missing data for required field.');
    }
    const job = store.get('jobs', String(body.job_id));
    if (!job || job.deleted_at) return invalid('json', 'job_id', 'Job not found.');
    const email = String(body.email);
    const duplicate = store.list('candidates').find((c) => (c.email_addresses as { value?: string }[]).some((e) => e.value === email));
    if (duplicate) return { status: 400, headers: JSON_HEADERS, body: { code: 400, status: 'Bad Request', message: 'Duplicate candidate', errors: { duplicate_candidate: { id: duplicate.id, linked_in_handle: null } } } };
    const stage = stageOf(context, job.id, body.initial_stage_id);
    if (!stage) return invalid('json', 'initial_stage_id', 'Stage must belong to the job.');
    const files = Array.isArray(body.attachments) ? (body.attachments as Body[]) : [];
    for (const [index, file] of files.entries()) {
      for (const field of ['filename', 'type', 'content', 'content_type']) {
        if (typeof file[field] !== 'string' || file[field] === '') return invalid('json', `attachments.${index}.${field}`, 'Missing data for required field.');
      }
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(String(file.content))) return invalid('json', `attachments.${index}.content`, 'Not valid base64.');
    }
    // the fields the create documents; anything else is a 422, as webargs does.
    const unknownField = Object.keys(body).find((key) => !CREATE_FIELDS.includes(key));
    if (unknownField) return invalid('json', unknownField, 'Unknown field.');
    if (body.source_id !== undefined && (typeof body.source_id !== 'string' || !store.get('sources', body.source_id))) return invalid('json', 'source_id', 'Source not found.');
    const sourcer = body.sourcer as Body | undefined;
    if (sourcer !== undefined && (typeof sourcer?.user_id !== 'string' || !store.get('users', sourcer.user_id))) return invalid('json', 'sourcer.user_id', 'User not found.');
    const candidate = store.add('candidates', {
      id: gemStyleId(store, 'Candidate'), deleted_at: null, first_name: body.first_name, last_name: body.last_name,
      company: body.company ?? null, title: body.title ?? null, is_private: false,
      phone_numbers: typeof body.phone_number === 'string' ? [{ type: 'mobile', value: body.phone_number }] : [],
      email_addresses: [{ type: 'personal', value: email, is_primary: true }],
      social_media_addresses: typeof body.linkedin_handle === 'string' ? [{ value: `https://www.linkedin.com/in/${body.linkedin_handle}` }] : [],
      tags: [], linked_user_ids: [],
      attachments: files.map((file) => ({ filename: file.filename, url: `https://files.gem.example/signed/${String(file.filename)}`, type: file.type, created_at: new Date(context.now()).toISOString() })),
    });
    // What was received, kept beside the candidate (not rendered): the bytes and the sourcer.
    for (const file of files) store.add('received_files', { id: gemStyleId(store, 'File'), candidate_id: candidate.id, filename: file.filename, type: file.type, content_type: file.content_type, bytes: Buffer.from(String(file.content), 'base64').toString('latin1') });
    if (sourcer) store.add('sourcers', { id: gemStyleId(store, 'Sourcer'), candidate_id: candidate.id, user_id: sourcer.user_id });
    store.add('applications', { id: gemStyleId(store, 'Application'), candidate_id: candidate.id, job_id: job.id, job_post_id: null, source_id: body.source_id ?? null, credited_to: null, status: 'active', rejected_at: null, rejection_reason_id: null, current_stage_id: stage.id, deleted_at: null });
    return ok(renderGem(store, 'candidates', candidate), 201);
  }
  return gemError(405, 'Method Not Allowed', `${request.method} ${request.path} is not supported by the sandbox.`);
}

/** The Gem sandbox provider. */
export const gemSandbox: SandboxProvider = {
  name: 'gem',
  basePath: '/ats/v0',
  credentials: { apiKey: GEM_SANDBOX_KEY },
  seed: seedGem,
  authenticate(request) {
    // INFERRED: the AWS API Gateway answers a missing or wrong key with 403 {"message":"Forbidden"}.
    const secret = request.headers[descriptor.applicationSecretHeader];
    if (request.headers[descriptor.apiKeyHeader] !== GEM_SANDBOX_KEY || (secret !== undefined && secret !== GEM_SANDBOX_APPLICATION_SECRET)) {
      return { status: 403, headers: JSON_HEADERS, body: { message: 'Forbidden' } };
    }
    return null;
  },
  handle(request, context) {
    // Ids end with `=` and arrive percent-encoded (%3D): decode each segment after splitting.
    const segments = request.path.split('/').filter(Boolean).map((segment) => decodeURIComponent(segment));
    if (request.method !== 'GET') return handleWrite(request, context, segments);
    const [resource, id, sub] = segments as [string?, string?, string?];
    if (!resource || !(resource in LISTS)) return notFound(`Route ${request.path}`);
    const spec = LISTS[resource] as (typeof LISTS)[string];
    if (id && sub === 'stages' && resource === 'jobs') {
      if (!context.store.get('jobs', id)) return notFound('Job');
      const stages = context.store.list('job_stages').filter((stage) => stage.job_id === id);
      return listResponse(request, context, 'job_stages', stages);
    }
    if (id) {
      const record = context.store.get(spec.collection, id);
      return record ? ok(renderGem(context.store, spec.collection, record)) : notFound(resource.replace(/s$/, ''));
    }
    return listResponse(request, context, resource, context.store.list(spec.collection));
  },
  edits: gemEdits,
  rateLimited() {
    // no rate-limit headers are documented; the gateway's throttle answer (INFERRED).
    return { status: 429, headers: { ...JSON_HEADERS, 'x-amzn-errortype': 'TooManyRequestsException' }, body: { message: 'Too Many Requests' } };
  },
};
