/**
 * Teamtailor company webhooks from the sandbox: `candidate.*`, `job.*` and `job_application.*`
 * (`create`, `update`, `destroy`), with the body
 * `{ "payload": { "event_name", "data": { "id", "type", "attributes" } } }` and the `TT-Signature`
 * header (v2 by default, v1 on request).
 *
 * As Teamtailor documents, an update is sent only when a field it watches changed: a candidate's
 * tags, for example, send nothing (poll for those). A destroy carries only the id and type.
 * Job-application attributes are the ones Teamtailor lists, dasherized like its other payloads
 * (their real casing is not documented). Teamtailor's example also repeats the signature inside the
 * body; a v2 signature covers the raw body, so it cannot be part of what it signs, and the sandbox
 * leaves it out.
 * @module
 */
import { signTeamtailorWebhook, signTeamtailorWebhookV1 } from '../../../webhooks/teamtailor-signature.js';
import type { StoredRecord, StoreChange } from '../../sandbox/store.js';
import type { SandboxContext, SandboxWebhookPayload, SandboxWebhookShapes } from '../../sandbox/types.js';
import { stamp } from './stamp.js';

/** The company uuid the sandbox's webhooks name (`company-uuid` of job applications). */
export const TEAMTAILOR_SANDBOX_COMPANY_UUID = '3f1c2b9a-5d4e-4c6b-9a7e-1b2c3d4e5f60';

type Rel = Record<string, string | string[] | null>;

/** Per collection: the event prefix, the JSON:API type, and the watched attributes and relationships. */
const RESOURCES: Record<string, { event: string; type: string; attributes: readonly string[]; relationships: readonly string[] }> = {
  candidates: {
    event: 'candidate',
    type: 'candidates',
    attributes: ['email', 'first-name', 'last-name', 'phone', 'pitch', 'linkedin-url', 'picture', 'referring-site', 'referring-url', 'internal', 'restricted-at', 'custom-fields'],
    relationships: ['custom-field-values', 'locations'],
  },
  jobs: {
    event: 'job',
    type: 'jobs',
    attributes: ['title', 'body', 'pitch', 'status', 'internal', 'employment-type', 'employment-level', 'remote-status', 'language-code', 'currency', 'min-salary', 'max-salary', 'salary-time-unit', 'start-date', 'end-date', 'resume-requirement', 'additional-files-requirement', 'recruiter-email', 'tags', 'custom-fields'],
    relationships: ['user', 'department', 'role', 'locations', 'departments', 'team-memberships', 'custom-field-values'],
  },
  'job-applications': {
    event: 'job_application',
    type: 'job-applications',
    attributes: ['rejected-at', 'cover-letter', 'job-title', 'promotion-id'],
    relationships: ['stage'],
  },
};

const ACTIONS = { added: 'create', updated: 'update', removed: 'destroy' } as const;

function fromChange(change: StoreChange, context: SandboxContext): SandboxWebhookPayload[] {
  const resource = RESOURCES[change.collection];
  if (!resource) return [];
  if (change.type === 'updated' && !watchedChanged(resource, change.record, change.previous as StoredRecord)) return [];
  const event = `${resource.event}.${ACTIONS[change.type]}`;
  const data =
    change.type === 'removed'
      ? { id: change.record.id, type: resource.type }
      : { id: change.record.id, type: resource.type, attributes: resource.type === 'job-applications' ? applicationAttributes(change.record, context) : attributes(change.record) };
  return [{ event, body: { payload: { event_name: event, data } }, recordId: change.record.id }];
}

function watchedChanged(resource: (typeof RESOURCES)[string], record: StoredRecord, previous: StoredRecord): boolean {
  const differs = (left: unknown, right: unknown) => JSON.stringify(left) !== JSON.stringify(right);
  if (resource.attributes.some((name) => differs(record[name], previous[name]))) return true;
  const now = (record.rel ?? {}) as Rel;
  const before = (previous.rel ?? {}) as Rel;
  return resource.relationships.some((name) => differs(now[name], before[name]));
}

/** A candidate's or job's attributes as the API renders them. */
function attributes(record: StoredRecord): Record<string, unknown> {
  const { id: _id, created_at, updated_at, rel: _rel, ...rest } = record;
  return { ...rest, 'created-at': stamp(created_at), 'updated-at': stamp(updated_at) };
}

/** The attributes Teamtailor lists for job-application webhooks. */
function applicationAttributes(record: StoredRecord, context: SandboxContext): Record<string, unknown> {
  const rel = (record.rel ?? {}) as Rel;
  const job = typeof rel.job === 'string' ? context.store.get('jobs', rel.job) : undefined;
  const stage = typeof rel.stage === 'string' ? context.store.get('stages', rel.stage) : undefined;
  return {
    'created-at': stamp(record.created_at),
    'updated-at': stamp(record.updated_at),
    'job-id': typeof rel.job === 'string' ? Number(rel.job) : null,
    'job-title': job?.title ?? null,
    'last-moved-at': record['changed-stage-at'] ?? null,
    'stage-name': stage?.name ?? null,
    'referring-site': record['referring-site'] ?? null,
    'referring-url': null,
    'referer-id': null,
    'rejected-at': record['rejected-at'] ?? null,
    'promotion-id': null,
    'company-uuid': TEAMTAILOR_SANDBOX_COMPANY_UUID,
    'transparent-recruiting-visible-at': null,
  };
}

/** Teamtailor's webhooks, for the sandbox. */
export const teamtailorWebhooks: SandboxWebhookShapes = {
  events: Object.values(RESOURCES).flatMap((resource) => Object.values(ACTIONS).map((action) => `${resource.event}.${action}`)),
  fromChange,
  sign({ rawBody, url, recordId, nowMs, options }) {
    const header = options.signature === 'v1' ? signTeamtailorWebhookV1(recordId, options.secret) : signTeamtailorWebhook(rawBody, options.secret, Math.floor(nowMs / 1000));
    return { url, headers: { 'tt-signature': header } };
  },
};
