/**
 * The Jarvi sandbox's writes (B.7): `POST /profiles` (upsert by `id`, then `externalId`, else
 * create; history entries; files as `data:@file/…` URLs; the experimental `statusId`) and
 * `POST /applicants` (the same, plus the application to a project found by `projectId` or
 * `referenceId`, in the "New application" status). Answers 201 `{ message, taskId, profileId }`.
 *
 * Tags such as B.7 are defined in docs/connectors/sources/jarvi.md (quirk numbers too).
 */
import type { SandboxContext, SandboxRequest, SandboxResponse } from '../../sandbox/types.js';
import type { StoredRecord } from '../../sandbox/store.js';
import { sandboxUuid } from './sandbox-seed.js';

const error = (status: number, message: string): SandboxResponse => ({ status, body: { message } });
const FILE_URL = /^data:@file\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]*$/i;
const UUID_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Splits Jarvi's comma-separated write form (quirk 10). */
function commaList(value: unknown): string[] {
  return typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : [];
}

/** File rows from `files`/`resumesFiles`, or an error message. */
function fileRows(random: SandboxContext['random'], now: number, value: unknown): Record<string, unknown>[] | string {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return 'files must be an array';
  const rows: Record<string, unknown>[] = [];
  for (const entry of value as { fileName?: unknown; data?: unknown }[]) {
    if (typeof entry?.fileName !== 'string' || typeof entry.data !== 'string' || !FILE_URL.test(entry.data)) {
      return 'each file needs a fileName and data as data:@file/<type>;base64,<content>';
    }
    const id = sandboxUuid(random);
    const base64 = entry.data.slice(entry.data.indexOf(',') + 1);
    const subtype = entry.data.slice('data:@file/'.length, entry.data.indexOf(';'));
    rows.push({
      fileId: id,
      createdAt: new Date(now).toISOString(),
      file: { id, name: entry.fileName, size: Buffer.from(base64, 'base64').length, mimeType: `application/${subtype}`, __typename: 'files' },
      __typename: 'profiles_files',
    });
  }
  return rows;
}

/** Applies a profile write; returns the HTTP answer. */
export function applyProfileWrite(request: SandboxRequest, context: SandboxContext, route: 'profiles' | 'applicants'): SandboxResponse {
  const { store, random } = context;
  const body = request.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return error(400, 'The body must be a JSON object');
  const input = body as Record<string, unknown>;
  let project: StoredRecord | undefined;
  if (route === 'applicants' || input.projectId !== undefined) {
    project = typeof input.projectId === 'string'
      ? store.get('projects', input.projectId)
      : store.list('projects').find((p) => typeof input.referenceId === 'string' && p.referenceId === input.referenceId);
    if (!project || project.isMadeForRecruitment !== true) return error(422, 'Unknown projectId or referenceId');
  }
  let existing: StoredRecord | undefined;
  if (typeof input.id === 'string') {
    existing = store.get('profiles', input.id);
    if (!existing) return error(404, `Profile ${input.id} not found`);
  } else if (typeof input.externalId === 'string' && input.externalId !== '') {
    existing = store.list('profiles').find((p) => p.externalId === input.externalId);
  }
  const emails = commaList(input.emailAddresses);
  if (!existing && !input.firstName && !input.lastName && emails.length === 0 && !input.linkedinUrl) {
    return error(422, 'A profile needs a name, an email address or a LinkedIn URL');
  }
  const files = fileRows(random, context.now(), input.files);
  const resumes = fileRows(random, context.now(), input.resumesFiles);
  if (typeof files === 'string' || typeof resumes === 'string') return error(422, typeof files === 'string' ? files : (resumes as string));
  const patch: Record<string, unknown> = {};
  if (typeof input.firstName === 'string') Object.assign(patch, { firstName: input.firstName, firstNameManual: input.firstName });
  if (typeof input.lastName === 'string') Object.assign(patch, { lastName: input.lastName, lastNameManual: input.lastName });
  if (typeof input.headline === 'string') patch.headline = input.headline;
  if (typeof input.location === 'string') patch.locations = [{ name: input.location }];
  if (typeof input.currentCompanyName === 'string') patch.lastPosition = { companyName: input.currentCompanyName, __typename: 'positions' };
  if (typeof input.linkedinUrl === 'string') patch.profileUrl = input.linkedinUrl;
  if (typeof input.externalId === 'string') patch.externalId = input.externalId;
  const known = (existing?.emailAddresses as { email: string }[] | undefined) ?? [];
  if (emails.length) {
    patch.emailAddresses = [...known, ...emails.filter((e) => !known.some((k) => k.email === e)).map((email) => ({ email, __typename: 'emails' }))];
    patch.preferredEmailAddress = existing?.preferredEmailAddress ?? emails[0];
  }
  const phones = commaList(input.phoneNumbers);
  if (phones.length) patch.phoneNumbers = [...((existing?.phoneNumbers as unknown[]) ?? []), ...phones.map((number) => ({ number, canonicalNumber: number, type: null }))];
  if (files.length || resumes.length) patch.files = [...((existing?.files as unknown[]) ?? []), ...resumes, ...files];
  // Profile custom fields: top-level keys named by the field's UUID (as POST /profiles documents), stored as text values.
  const custom = Object.entries(input).filter(([key, value]) => UUID_KEY.test(key) && typeof value === 'string');
  if (custom.length) {
    const kept = ((existing?.fieldsValues as { field?: { id?: string } }[] | undefined) ?? []).filter((entry) => !custom.some(([key]) => entry.field?.id === key));
    patch.fieldsValues = [
      ...kept,
      ...custom.map(([key, value]) => ({ id: sandboxUuid(random), field: { id: key, type: 'text', name: `Field ${key.slice(0, 8)}`, purpose: null, __typename: 'fields' }, fieldValue: null, location: null, value, __typename: 'profiles_fieldsvalues' })),
    ];
  }
  // The experimental stage move (B.7.4): the sandbox applies a known status id, ignores others.
  if (typeof input.statusId === 'string' && store.get('statuses', input.statusId)) patch.statusId = input.statusId;
  const newApplication = route === 'applicants' ? store.list('statuses').find((s) => s.name === 'New application')?.id : undefined;
  if (newApplication) patch.statusId = newApplication;
  const profile = existing
    ? store.update('profiles', existing.id, patch)
    : store.add('profiles', {
        id: sandboxUuid(random),
        firstName: null, firstNameManual: null, firstNameParsed: null, lastName: null, lastNameManual: null, lastNameParsed: null,
        headline: null, isTalent: true, isContact: false, statusId: null, source: route === 'applicants' ? 'APPLICATION' : 'API',
        externalId: null, preferredEmailAddress: null, emailAddresses: [], phoneNumbers: [], publicIdentifier: null, profileUrl: null,
        locations: [], lastPosition: null, deletedAt: null, fieldsValues: [], files: [],
        ...patch,
      });
  if (project && !store.list('applications').some((a) => a.profileId === profile.id && a.projectId === project.id)) {
    store.add('applications', { profileId: profile.id, projectId: project.id });
  }
  if (typeof input.historyEntrySubject === 'string' || typeof input.historyEntryMessage === 'string') {
    store.add('history', { profileId: profile.id, subject: input.historyEntrySubject ?? null, message: input.historyEntryMessage ?? null, type: input.historyEntryType ?? null });
    store.touch('profiles', profile.id);
  }
  return { status: 201, body: { message: 'Profile saved successfully', taskId: sandboxUuid(random), profileId: profile.id } };
}
