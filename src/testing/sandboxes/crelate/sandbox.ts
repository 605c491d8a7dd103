/**
 * The Crelate wire format of the sandbox: a fake `/api3` that behaves like the facts in
 * docs/connectors/sources/crelate.md — `X-Api-Key` auth, the `{ Data, Errors, Metadata }`
 * envelope on every answer (with `Metadata.Url` echoing the request URL), `limit`/`offset` paging
 * silently capped at 100, `modified_after` (strictly after) on contacts and jobs, upper-case GUIDs
 * in some lookups, errors inside a 200 (an unknown status on a pipeline call), 500 with the missing
 * fields on a create, raw bytes on `/artifacts/{id}/content`, multipart uploads, and writes that
 * change its state. A stage move does not touch the contact or the job (quirk 8).
 */
import type { SandboxContext, SandboxProvider, SandboxRequest, SandboxResponse } from '../../sandbox/types.js';
import type { StoredRecord } from '../../sandbox/store.js';
import { DEFAULT_TAG_CATEGORY, sandboxGuid, seedCrelate } from './sandbox-data.js';
import { decodeMultipart } from '../../multipart.js';
import { crelateEdits } from './edits.js';

/** The API key the sandbox accepts. */
export const CRELATE_SANDBOX_KEY = 'crelate-sandbox-key';

const MAX_LIMIT = 100;
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

/** A Crelate timestamp: UTC, fractional seconds with trailing zeros trimmed (A.5). */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

function metadata(request: SandboxRequest, extra: { TotalRecords?: number | null; MoreRecords?: boolean | null } = {}) {
  const query = request.query.toString();
  return {
    CorrelationId: '3f1c2b7a-5d4e-4c21-9a0b-7e6f5d4c3b2a',
    TimeStamp: `${new Date().toISOString().slice(0, -1)}0000Z`,
    Url: `${request.baseUrl}${request.path}${query ? `?${query}` : ''}`,
    Verb: request.method,
    TotalRecords: extra.TotalRecords ?? null,
    MoreRecords: extra.MoreRecords ?? null,
    Links: null,
  };
}

function envelope(request: SandboxRequest, status: number, data: unknown, extra?: Parameters<typeof metadata>[1]): SandboxResponse {
  return { status, headers: JSON_TYPE, body: { Data: data, Errors: [], Metadata: metadata(request, extra) } };
}

function failure(request: SandboxRequest, status: number, ...messages: string[]): SandboxResponse {
  return { status, headers: JSON_TYPE, body: { Data: null, Errors: messages.map((Message) => ({ Message })), Metadata: metadata(request) } };
}

/** A stored record as api3 renders it: `Id`, fields, `CreatedOn`/`ModifiedOn`; `_internal` fields hidden. */
function render(record: StoredRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { Id: record.id };
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'id' && key !== 'created_at' && key !== 'updated_at' && !key.startsWith('_')) out[key] = value;
  }
  return { ...out, CreatedOn: stamp(record.created_at), ModifiedOn: stamp(record.updated_at) };
}

/** A pipeline item as `GET /jobs/{id}/contacts` renders it (INFERRED shape, see wire.ts). */
function renderPipeline(item: StoredRecord, context: SandboxContext): Record<string, unknown> {
  const contact = context.store.get('contacts', String(item._contactId));
  const status = context.store.get('workflowstatuses', String(item._statusId));
  return {
    Id: item._contactId,
    ContactId: { Id: item._contactId, Title: contact ? `${String(contact.LastName)}, ${String(contact.FirstName)}` : null },
    StatusId: { Id: item._statusId, Title: status?.Name ?? null },
    CreatedOn: stamp(item.created_at),
    ModifiedOn: stamp(item.updated_at),
  };
}

function list(request: SandboxRequest, items: Record<string, unknown>[]): SandboxResponse {
  const offset = Math.max(0, Number(request.query.get('offset') ?? 0) || 0);
  // Without `limit` Crelate answers a small default page (A.4); above 100 it is capped here (INFERRED).
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number(request.query.get('limit') ?? 10) || 10));
  const page = items.slice(offset, offset + limit);
  return envelope(request, 200, page, { TotalRecords: items.length, MoreRecords: offset + page.length < items.length });
}

/** Filters of list endpoints: `modified_after` (strictly after, INFERRED), `job_ids`, `emails`, `parent_ids`. */
function filtered(request: SandboxRequest, context: SandboxContext, records: StoredRecord[]): StoredRecord[] | SandboxResponse {
  let out = records;
  const after = request.query.get('modified_after');
  if (after !== null) {
    const since = Date.parse(after);
    if (Number.isNaN(since)) return failure(request, 400, `The value '${after}' is not valid for modified_after.`);
    out = out.filter((record) => record.updated_at > since);
  }
  const jobIds = request.query.get('job_ids')?.toLowerCase().split(',');
  if (jobIds) {
    const onJobs = new Set(context.store.list('pipeline').filter((p) => jobIds.includes(String(p._jobId))).map((p) => String(p._contactId)));
    out = out.filter((record) => onJobs.has(record.id));
  }
  const emails = request.query.get('emails')?.toLowerCase().split(',');
  // An exact match over every email slot (A.7.1).
  if (emails) out = out.filter((record) => Object.entries(record).some(([key, slot]) => key.startsWith('EmailAddresses_') && emails.includes(String((slot as { Value?: string } | null)?.Value ?? '').toLowerCase())));
  const workflowTypes = request.query.get('workflow_type_ids')?.toLowerCase().split(',');
  if (workflowTypes) out = out.filter((record) => workflowTypes.includes(String((record.WorkflowTypeId as { Id?: string } | null)?.Id ?? '').toLowerCase()));
  const parents = request.query.get('parent_ids')?.toLowerCase().split(',');
  if (parents) out = out.filter((record) => parents.includes(String(record._parentId)));
  return out;
}

type Entity = Record<string, unknown>;
const entityOf = (request: SandboxRequest): Entity | null => {
  const entity = (request.body as { entity?: unknown } | null)?.entity;
  return entity && typeof entity === 'object' ? (entity as Entity) : null;
};

/** Resolves name-only tag entries to the tag of that name, creating it (INFERRED, quirk 4). */
function resolveTags(context: SandboxContext, tags: unknown): Entity | null {
  if (!tags || typeof tags !== 'object') return null;
  const out: Entity = {};
  for (const [category, entries] of Object.entries(tags as Record<string, unknown>)) {
    out[category] = (Array.isArray(entries) ? entries : []).map((entry: { Id?: string; Title?: string }) => {
      const known = entry.Id ? context.store.get('tags', entry.Id.toLowerCase()) : context.store.list('tags').find((t) => String(t.Title).toLowerCase() === String(entry.Title).toLowerCase());
      const tag = known ?? context.store.add('tags', { id: sandboxGuid(context.random), Title: entry.Title, _category: category });
      return { Id: tag.id, Title: tag.Title };
    });
  }
  return out;
}

function createContact(request: SandboxRequest, context: SandboxContext): SandboxResponse {
  const entity = entityOf(request);
  const missing = ['FirstName', 'LastName'].filter((field) => typeof entity?.[field] !== 'string' || entity[field] === '');
  // Missing required attributes answer 500 with the list of fields (A.10, DOC).
  if (!entity || missing.length > 0) return failure(request, 500, ...missing.map((field) => `${field} is required.`));
  for (const [key, value] of Object.entries(entity)) {
    const phone = key.startsWith('PhoneNumbers_') ? (value as { Value?: string } | null)?.Value : undefined;
    if (phone !== undefined && !/^\+\d{7,15}$/.test(phone)) return failure(request, 400, `Phone number '${phone}' is not a valid phone number.`);
  }
  const id = sandboxGuid(context.random);
  const { Tags, ...fields } = entity;
  // Lookups sent by id come back with their title, as Crelate resolves them.
  const sourceId = String((fields.ContactSourceId as { Id?: string } | undefined)?.Id ?? '').toLowerCase();
  const source = sourceId ? context.store.get('contactsources', sourceId) : undefined;
  if (fields.ContactSourceId) fields.ContactSourceId = source ? { Id: source.id, Title: source.Name } : null;
  context.store.add('contacts', { id, RecordType: 1, ...fields, Name: `${String(entity.LastName)}, ${String(entity.FirstName)}`, Tags: resolveTags(context, Tags), PrimaryDocumentAttachmentId: null, EntityStatus: 1 });
  return envelope(request, 201, id);
}

/** POST /jobs/{id}/contacts?contact_ids=: adds contacts to the pipeline, or moves them (INFERRED move). */
function placeOnJob(request: SandboxRequest, context: SandboxContext, jobId: string): SandboxResponse {
  const { store } = context;
  if (!store.get('jobs', jobId)) return failure(request, 404, `Job ${jobId} was not found.`);
  const body = (request.body ?? {}) as { statusId?: string; statusName?: string };
  const statuses = store.list('workflowstatuses');
  const status = body.statusId
    ? store.get('workflowstatuses', body.statusId.toLowerCase())
    : body.statusName
      ? statuses.find((s) => String(s.Name).toLowerCase() === body.statusName?.toLowerCase())
      : [...statuses].sort((a, b) => Number(a.SortOrder) - Number(b.SortOrder))[0];
  // An unknown status answers 200 with the error in the envelope (A.3: errors inside a 200).
  if (!status) return failure(request, 200, `Workflow status '${body.statusId ?? body.statusName}' was not found.`);
  const contactIds = (request.query.get('contact_ids') ?? '').toLowerCase().split(',').filter(Boolean);
  if (contactIds.length === 0 || contactIds.some((id) => !store.get('contacts', id))) return failure(request, 400, 'contact_ids must name existing contacts.');
  for (const contactId of contactIds) {
    const key = `${jobId}:${contactId}`;
    if (store.get('pipeline', key)) store.update('pipeline', key, { _statusId: status.id });
    else store.add('pipeline', { id: key, _jobId: jobId, _contactId: contactId, _statusId: status.id });
  }
  return envelope(request, 200, true);
}

function createNote(request: SandboxRequest, context: SandboxContext): SandboxResponse {
  const entity = entityOf(request);
  if (!entity || typeof entity.Display !== 'string' || entity.Display === '') return failure(request, 500, 'Display is required.');
  const parent = String((entity.ParentId as { Id?: string } | undefined)?.Id ?? '').toLowerCase();
  if (!context.store.get('contacts', parent)) return failure(request, 400, `Parent record '${parent}' was not found.`);
  const regarding = (entity.RegardingId as { Id?: string } | undefined)?.Id?.toLowerCase() ?? null;
  const note = context.store.add('notes', { id: sandboxGuid(context.random), Display: entity.Display, ParentId: { Id: parent, EntityName: 'Contacts' }, RegardingId: regarding ? { Id: regarding } : null, When: entity.When ?? null });
  return envelope(request, 201, note.id);
}

/** Reads the file part `field` of a multipart body (the sandbox keeps the bytes as text). */
function filePart(request: SandboxRequest, field: string): { fileName: string; contentType: string; content: string } | null {
  if (typeof request.body !== 'string') return null;
  const part = decodeMultipart(request.body, String(request.headers['content-type'] ?? ''))?.[field];
  if (part === undefined || typeof part === 'string') return null;
  return { fileName: part.fileName, contentType: part.contentType ?? 'application/octet-stream', content: part.data.toString('utf8') };
}

function upload(request: SandboxRequest, context: SandboxContext, primary: boolean): SandboxResponse {
  const contactId = (request.query.get('target_record_id') ?? '').toLowerCase();
  const contact = context.store.get('contacts', contactId);
  if (request.query.get('target_entity_name') !== 'Contacts' || !contact) return failure(request, 400, 'target_entity_name and target_record_id must name an existing record.');
  if (!String(request.headers['content-type'] ?? '').startsWith('multipart/form-data')) return failure(request, 415, 'A multipart/form-data body is required.');
  const file = filePart(request, 'file');
  if (!file) return failure(request, 400, 'A file is required.');
  if (primary) for (const other of context.store.list('artifacts')) if (other._parentId === contactId) other.IsPrimary = false;
  const artifact = context.store.add('artifacts', {
    id: sandboxGuid(context.random),
    FileName: file.fileName,
    ContentType: file.contentType,
    ContentLength: Buffer.byteLength(file.content),
    ArtifactTypeId: primary ? { Id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8bdd08', Title: 'Resume' } : { Id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4bdd08', Title: 'Document' },
    IsPrimary: primary,
    _parentId: contactId,
    _content: file.content,
  });
  if (primary) context.store.update('contacts', contactId, { PrimaryDocumentAttachmentId: { Id: artifact.id, Title: file.fileName } });
  return envelope(request, 201, artifact.id);
}

const COLLECTIONS: Record<string, string> = { contacts: 'contacts', jobs: 'jobs', workflowstatuses: 'workflowstatuses', contactsources: 'contactsources', artifacts: 'artifacts', notes: 'notes' };

function handle(request: SandboxRequest, context: SandboxContext): SandboxResponse {
  const { store } = context;
  const [resource, rawId, sub] = request.path.split('/').filter(Boolean) as [string?, string?, string?];
  const id = rawId?.toLowerCase();
  const collection = resource ? COLLECTIONS[resource.toLowerCase()] : undefined;
  if (!collection) return failure(request, 404, `No resource at ${request.path}.`);
  const method = request.method;
  if (collection === 'jobs' && id && sub === 'contacts') {
    if (method === 'POST') return placeOnJob(request, context, id);
    if (method !== 'GET') return failure(request, 405, `${method} is not allowed here.`);
    if (!store.get('jobs', id)) return failure(request, 404, `Job ${id} was not found.`);
    return list(request, store.list('pipeline').filter((p) => p._jobId === id).map((p) => renderPipeline(p, context)));
  }
  if (collection === 'artifacts' && method === 'POST') return id === 'primary' && !sub ? upload(request, context, true) : !id ? upload(request, context, false) : failure(request, 404, 'No such route.');
  if (collection === 'artifacts' && id && sub === 'content' && method === 'GET') {
    const artifact = store.get('artifacts', id);
    // Raw bytes, not an envelope (A.7.8); 404 when gone.
    return artifact ? { status: 200, headers: { 'content-type': String(artifact.ContentType ?? 'application/octet-stream') }, body: String(artifact._content ?? '') } : failure(request, 404, `Artifact ${id} was not found.`);
  }
  if (collection === 'contacts' && method === 'POST' && !id) return createContact(request, context);
  if (collection === 'notes' && method === 'POST' && !id) return createNote(request, context);
  if (collection === 'contacts' && method === 'PATCH' && id) {
    if (!store.get('contacts', id)) return failure(request, 404, `Contact ${id} was not found.`);
    const { Tags, Id: _id, ...fields } = entityOf(request) ?? {};
    store.update('contacts', id, { ...fields, ...(Tags !== undefined ? { Tags: resolveTags(context, Tags) } : {}) });
    return envelope(request, 200, true);
  }
  if (method !== 'GET') return failure(request, 405, `${method} is not allowed on ${request.path}.`);
  if (id && !sub) {
    const record = store.get(collection, id);
    return record ? envelope(request, 200, render(record)) : failure(request, 404, `${resource} ${id} was not found.`);
  }
  const records = filtered(request, context, store.list(collection));
  return Array.isArray(records) ? list(request, records.map(render)) : records;
}

/** The Crelate sandbox provider. */
export const crelateSandbox: SandboxProvider = {
  name: 'crelate',
  basePath: '/api3',
  credentials: { apiKey: CRELATE_SANDBOX_KEY },
  seed: seedCrelate,
  authenticate(request) {
    // The real API also takes `?api_key=` (A.2); the sandbox takes only the header the SDK sends.
    const key = request.headers['x-api-key'];
    if (key !== CRELATE_SANDBOX_KEY) return failure(request, 401, 'Authorization has been denied for this request.');
    return null;
  },
  handle,
  edits: crelateEdits,
  rateLimited(retryAfterSeconds) {
    // No real 429 sample exists (A.12): the envelope with a Retry-After header is synthetic.
    return { status: 429, headers: { ...JSON_TYPE, 'retry-after': String(retryAfterSeconds) }, body: { Data: null, Errors: [{ Message: 'Too many requests.' }], Metadata: null } };
  },
};

export { DEFAULT_TAG_CATEGORY };
