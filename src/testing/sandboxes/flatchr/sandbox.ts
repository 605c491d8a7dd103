/**
 * The Flatchr wire format of the sandbox: a fake `api.flatchr.io` (and careers host, on the same
 * server) that behaves as Flatchr's docs describe (docs/connectors/flatchr.md) — Bearer or
 * `?token=` auth with a 365-day key (an expired key answers 401), the company id in paths, bare
 * unpaginated arrays, the applicant search `POST` with `MM/DD/YY` filters (day granularity) that
 * answers `DD/MM/YY` rows naming the column by title and the vacancy by integer id, archived
 * applicants only when asked (`status: 0`, INFERRED), full applicant objects with epoch seconds,
 * user-token comments (multipart), traits, candidate creation that returns no id, the CV route
 * limited to 1 request/s, and Boom-style error bodies (`{statusCode, error, message}`).
 * Collections: `vacancies`, `columns`, `members`, `tags`, `candidates`, `applicants`, `comments`,
 * `traits`, `sessions`; `sandbox.update('applicants', id, { column_id: 695 })` moves an applicant.
 */
import type { SandboxContext, SandboxProvider, SandboxRequest, SandboxResponse } from '../../sandbox/types.js';
import { parseFilterDate } from '../../../connectors/flatchr/dates.js';
import { decodeMultipart } from '../../multipart.js';
import {
  addApplicant,
  renderApplicant,
  renderRow,
  renderSimple,
  renderVacancy,
  rowUpdatedAt,
  SANDBOX_COMPANY_ID,
  SANDBOX_USER,
  seedFlatchr,
} from './sandbox-data.js';
import { deleteCandidate, editCandidate, flatchrEdits, moveApplication } from './edits.js';
import { flatchrWebhooks } from './webhooks.js';

/** The API key the sandbox accepts. */
export const FLATCHR_SANDBOX_KEY = 'fl-sandbox-key';
/** A key the sandbox treats as expired (365-day validity): 401 "Token expired". */
export const FLATCHR_SANDBOX_EXPIRED_KEY = 'fl-sandbox-expired-key';
/** Prefix of the user tokens the sandbox issues on login. */
const JWT_PREFIX = 'fl-sandbox-jwt.';
const DAY = 86_400_000;

/** A Boom-style error body (INFERRED shape). */
function boom(status: number, error: string, message: string, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers, body: { statusCode: status, error, message } };
}
const json = (body: unknown, status = 200): SandboxResponse => ({ status, body });
const bearer = (request: SandboxRequest) => /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1] ?? request.query.get('token');

/** The applicant search: filters in `MM/DD/YY`, archived only with `status: 0`. */
function search(request: SandboxRequest, context: SandboxContext): SandboxResponse {
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body)) return boom(400, 'Bad Request', 'Invalid request payload JSON format');
  const bounds: Record<string, number> = {};
  for (const key of ['start', 'end', 'start_update', 'end_update']) {
    if (body[key] === undefined) continue;
    const ms = typeof body[key] === 'string' ? parseFilterDate(body[key]) : null;
    if (ms === null) return boom(400, 'Bad Request', `"${key}" must be a date in MM/DD/YY format`);
    bounds[key] = ms;
  }
  const status = body.status === undefined ? 1 : Number(body.status);
  const email = typeof body.email === 'string' ? body.email.toLowerCase() : null;
  const rows = context.store
    .list('applicants')
    .filter((applicant) => {
      const updated = rowUpdatedAt(context, applicant);
      const candidate = context.store.get('candidates', applicant.candidate as string);
      if (applicant.status !== status) return false;
      if (bounds.start_update !== undefined && updated < bounds.start_update) return false;
      if (bounds.end_update !== undefined && updated >= bounds.end_update + DAY) return false;
      if (bounds.start !== undefined && applicant.created_at < bounds.start) return false;
      if (bounds.end !== undefined && applicant.created_at >= bounds.end + DAY) return false;
      if (email !== null && String(candidate?.email ?? '').toLowerCase() !== email) return false;
      if (typeof body.vacancy === 'string' && applicant.vacancy !== body.vacancy) return false;
      return true;
    })
    .map((applicant) => renderRow(context, applicant));
  return json(rows);
}

/** PUT (move) and DELETE (archive) on `/company/{c}/vacancy/{v}/applicant/{a}`. */
function applicantWrite(request: SandboxRequest, context: SandboxContext, vacancy: string, id: string): SandboxResponse {
  const { store } = context;
  const applicant = store.get('applicants', id);
  if (!applicant || applicant.vacancy !== vacancy) return boom(404, 'Not Found', 'Applicant not found');
  if (request.method === 'DELETE') return json(renderApplicant(context, store.update('applicants', id, { status: 0 }), request.baseUrl, true));
  const column = (request.body as { column_id?: unknown } | null)?.column_id;
  if (typeof column !== 'number' || !store.get('columns', String(column))) return boom(400, 'Bad Request', '"column_id" must be the id of a column of this company');
  return json(renderApplicant(context, store.update('applicants', id, { column_id: column }), request.baseUrl));
}

/** POST …/applicant/{a}/comment: multipart, user token only. */
function comment(request: SandboxRequest, context: SandboxContext, applicant: string): SandboxResponse {
  const token = bearer(request) ?? '';
  const session = context.store.get('sessions', token);
  if (!session) return boom(401, 'Unauthorized', 'A user token is required to comment');
  if (!context.store.get('applicants', applicant)) return boom(404, 'Not Found', 'Applicant not found');
  const form = typeof request.body === 'string' ? decodeMultipart(request.body, String(request.headers['content-type'] ?? '')) : null;
  if (!form || typeof form.text !== 'string' || form.text === '' || typeof form.type !== 'string') return boom(400, 'Bad Request', '"text" and "type" are required');
  const file = typeof form.file === 'object' ? form.file : null;
  const id = context.store.nextId();
  const attachments = file ? [{ id: `att${id}`, name: file.fileName, key: `comments/${id}/${file.fileName}`, url: `${request.baseUrl}/__s3/comments/${id}/${file.fileName}`, created_at: new Date(context.now()).toISOString(), size: file.data.length }] : [];
  const record = context.store.add('comments', { id, applicant, text: form.text, type: form.type, private: form.private === 'true', favorite: false, created_by: 391, reply_to: null, attachments, author: { id: session.user, firstname: 'Sandbox', lastname: 'Recruiter' } });
  const { applicant: _owner, updated_at: _updated, ...shown } = record;
  return json({ ...shown, created_at: new Date(record.created_at).toISOString(), ratings: [] }, 201);
}

/** POST careers `/vacancy/candidate/json`: creates, answers without ids. */
function createCandidate(request: SandboxRequest, context: SandboxContext): SandboxResponse {
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (bearer(request) !== FLATCHR_SANDBOX_KEY && body.token !== FLATCHR_SANDBOX_KEY) return boom(401, 'Unauthorized', 'Invalid token');
  for (const field of ['vacancy', 'firstname', 'lastname']) if (typeof body[field] !== 'string' || body[field] === '') return boom(400, 'Bad Request', `"${field}" is required`);
  const vacancy = context.store.list('vacancies').find((v) => v.slug === body.vacancy);
  if (!vacancy) return boom(404, 'Not Found', 'Vacancy not found');
  const first = context.store.list('columns').sort((a, b) => Number(a.position) - Number(b.position))[0];
  const email = typeof body.email === 'string' ? body.email : '';
  // One person per email: a known email gets a new applicant on the existing person (Flatchr merges).
  const person = email === '' ? undefined : context.store.list('candidates').find((c) => String(c.email ?? '').toLowerCase() === email.toLowerCase());
  // INFERRED: the same person applied twice to one vacancy is refused in the body (the docs show only success).
  if (person && context.store.list('applicants').some((a) => a.candidate === person.id && a.vacancy === vacancy.id)) return json({ status: 409, response: 'applicant already exists in this vacancy' });
  const applicant = addApplicant(context, { firstname: String(body.firstname), lastname: String(body.lastname), email, phone: typeof body.phone === 'string' ? body.phone : null, candidateId: person?.id }, vacancy.id, Number(first?.id), { source: 'API' });
  if (Array.isArray(body.answers)) context.store.update('applicants', applicant.id, { answers: body.answers });
  return json({ status: 200, response: 'applicant created' });
}

function companyRoute(request: SandboxRequest, context: SandboxContext, rest: string[]): SandboxResponse {
  const { store } = context;
  const [resource, id, sub] = rest;
  const method = request.method;
  if (method === 'GET' && resource && ['columns', 'members', 'tags'].includes(resource) && !id) return json(store.list(resource).map((r) => renderSimple(resource, r)));
  if (method === 'GET' && resource === 'vacancies') return json(store.list('vacancies').map((v) => renderVacancy(v, (request.query.get('fields') ?? '').includes('address'))));
  if (method === 'POST' && resource === 'search' && id === 'applicants') return search(request, context);
  if (resource === 'vacancy' && id && sub === 'applicant' && rest[3] && (method === 'PUT' || method === 'DELETE')) return applicantWrite(request, context, id, rest[3]);
  if (resource === 'files' && id === 'expire' && method === 'GET') return cvFile(request, context);
  if (resource === 'applicant' && id) {
    const applicant = store.get('applicants', id);
    if (!applicant) return boom(404, 'Not Found', 'Applicant not found');
    if (!sub && method === 'GET') return json(renderApplicant(context, applicant, request.baseUrl));
    if (sub === 'comments' && method === 'GET') {
      return json(store.list('comments').filter((c) => c.applicant === id).map(({ applicant: _a, updated_at: _u, ...c }) => ({ ...c, created_at: new Date(c.created_at).toISOString() })));
    }
    if (sub === 'comment' && method === 'POST') return comment(request, context, id);
    if (sub === 'traits' && method === 'GET') return json(store.list('traits').filter((t) => t.applicant === id).map(({ id: traitId, tag_id, value }) => ({ id: traitId, tag_id, value })));
    if (sub === 'trait' && method === 'POST') {
      const body = (request.body ?? {}) as { tag?: unknown; value?: unknown };
      if (typeof body.tag !== 'string' || typeof body.value !== 'string') return boom(400, 'Bad Request', '"tag" and "value" are required');
      if (!store.get('tags', body.tag)) return boom(404, 'Not Found', 'Tag not found');
      const trait = store.add('traits', { applicant: id, tag_id: body.tag, value: body.value });
      store.touch('applicants', id);
      return json({ id: trait.id, tag_id: trait.tag_id, value: trait.value });
    }
  }
  return boom(404, 'Not Found', `No route for ${method} ${request.path}`);
}

/** GET /company/{c}/files/expire: the CV bytes, at most 1 request/s per company. */
function cvFile(request: SandboxRequest, context: SandboxContext): SandboxResponse {
  const meta = context.store.get('meta', 'files') ?? context.store.add('meta', { id: 'files', last: 0 });
  const now = Date.now();
  if (now - Number(meta.last) < 1000) return boom(429, 'Too Many Requests', 'Too many CV downloads: at most 1 request per second per company');
  meta.last = now;
  const key = request.query.get('key');
  const candidate = context.store.list('candidates').find((c) => (c.aws as { key?: string } | null)?.key === key);
  if (!candidate || !request.query.get('extension')) return boom(404, 'Not Found', 'File not found');
  return { status: 200, headers: { 'content-type': 'application/pdf' }, body: `%PDF-1.4 sandbox CV of ${String(candidate.firstname)} ${String(candidate.lastname)}` };
}

/** The Flatchr sandbox provider. */
const provider: SandboxProvider = {
  name: 'flatchr',
  basePath: '',
  credentials: { apiKey: FLATCHR_SANDBOX_KEY, companyId: SANDBOX_COMPANY_ID, userEmail: SANDBOX_USER.email, userPassword: SANDBOX_USER.password },
  seed: seedFlatchr,
  authenticate(request) {
    // Login, and pre-signed S3 URLs, carry no API key.
    if ((request.method === 'POST' && request.path === '/user/login') || request.path.startsWith('/__s3/')) return null;
    if (request.method === 'POST' && request.path === '/vacancy/candidate/json') return null;
    const token = bearer(request);
    if (token === FLATCHR_SANDBOX_EXPIRED_KEY) return boom(401, 'Unauthorized', 'Token expired');
    if (token === FLATCHR_SANDBOX_KEY || token?.startsWith(JWT_PREFIX)) return null;
    return boom(401, 'Unauthorized', 'Missing authentication');
  },
  handle(request, context) {
    const segments = request.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (request.method === 'POST' && request.path === '/user/login') {
      const body = (request.body ?? {}) as { email?: unknown; password?: unknown };
      if (body.email !== SANDBOX_USER.email || body.password !== SANDBOX_USER.password) return boom(401, 'Unauthorized', 'Invalid email or password');
      const session = context.store.add('sessions', { id: `${JWT_PREFIX}${context.store.nextId()}`, user: 'lVq5r8pYXkNAmMvP' });
      return json({ statusCode: 200, token: session.id });
    }
    if (request.method === 'POST' && request.path === '/vacancy/candidate/json') return createCandidate(request, context);
    if (segments[0] === '__s3' && request.method === 'GET') return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: `sandbox file ${segments.slice(1).join('/')}` };
    const token = bearer(request);
    if (token?.startsWith(JWT_PREFIX) && !context.store.get('sessions', token)) return boom(401, 'Unauthorized', 'Token expired');
    if (segments[0] === 'vacancy' && segments[1] && request.method === 'GET') {
      const vacancy = context.store.get('vacancies', segments[1]);
      const fields = request.query.get('fields') ?? '';
      return vacancy ? json(renderVacancy(vacancy, fields.includes('address'), fields.includes('questions'))) : boom(404, 'Not Found', 'Vacancy not found');
    }
    if (segments[0] !== 'company' || !segments[1]) return boom(404, 'Not Found', `No route for ${request.method} ${request.path}`);
    if (segments[1] !== SANDBOX_COMPANY_ID) return boom(404, 'Not Found', 'Company not found');
    return companyRoute(request, context, segments.slice(2));
  },
  connectorOptions: (baseUrl) => ({ careersBaseUrl: baseUrl }),
  // Returns the candidate's remote id (its email), the id the connector's Candidate.remote_id holds.
  editCandidate: (context, index) => editCandidate(context, index, {}),
  webhooks: flatchrWebhooks,
  moveApplication,
  deleteCandidate,
  rateLimited() {
    // Flatchr documents no rate-limit headers and no Retry-After: the body is all there is.
    return boom(429, 'Too Many Requests', 'Rate limit exceeded');
  },
};

/**
 * The Flatchr sandbox provider, with its typed edit hooks (`edits`: `editCandidate`, `editJob`,
 * `moveApplication`, `removeCandidate`, all in remote ids) for the sandbox framework's typed edits.
 */
export const flatchrSandbox: SandboxProvider = Object.assign(provider, { edits: flatchrEdits });

export { SANDBOX_COMPANY_ID as FLATCHR_SANDBOX_COMPANY_ID, SANDBOX_USER as FLATCHR_SANDBOX_USER } from './sandbox-data.js';
