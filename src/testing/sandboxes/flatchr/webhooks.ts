/**
 * Flatchr webhooks from the sandbox, in the shapes Flatchr documents: `new_applicant` (an applicant
 * is added), `drag_applicant` (an applicant moves to another column) and `new_vacancy`, each as
 * `{ "data": {...}, "event", "company_id" }`. Inside `data` the applicant, candidate, vacancy and
 * column carry integer ids, while `vacancy_id`, `column_id`, `user_id` and `company.id` are encoded
 * ids, as in Flatchr's examples. Flatchr documents no event for an edit or a deletion, so those
 * send nothing. Flatchr does not sign: the secret goes into the URL as `?token=` (or a header).
 * @module
 */
import { createHash } from 'node:crypto';
import { DEFAULT_TOKEN_HEADER, DEFAULT_TOKEN_QUERY_PARAMETER } from '../../../webhooks/shared-secret.js';
import type { SandboxStore, StoredRecord, StoreChange } from '../../sandbox/store.js';
import type { SandboxContext, SandboxWebhookPayload, SandboxWebhookShapes } from '../../sandbox/types.js';
import { renderVacancy, SANDBOX_COMPANY_ID } from './sandbox-data.js';

/** The integer company id of the sandbox's webhooks (`company_id`). */
const COMPANY_INTEGER_ID = 60;
const iso = (ms: number) => new Date(ms).toISOString();

/** Integer applicant ids, given on first use (the sandbox stores only encoded ids). */
const applicantIntegers = new WeakMap<SandboxStore, Map<string, number>>();

function applicantInteger(store: SandboxStore, id: string): number {
  let ids = applicantIntegers.get(store);
  if (!ids) {
    ids = new Map();
    applicantIntegers.set(store, ids);
  }
  let value = ids.get(id);
  if (value === undefined) {
    value = 1400 + ids.size;
    ids.set(id, value);
  }
  return value;
}

/** A 16-character encoded id derived from an integer one (columns have only integers in the sandbox). */
function encodedFrom(kind: string, id: string | number): string {
  return createHash('sha256').update(`${kind}:${id}`).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 16);
}

function fromChange(change: StoreChange, context: SandboxContext): SandboxWebhookPayload[] {
  if (change.collection === 'vacancies' && change.type === 'added') return [payload('new_vacancy', vacancyData(change.record, context), change.record.id)];
  if (change.collection !== 'applicants') return [];
  if (change.type === 'added') return [payload('new_applicant', applicantData(change.record, context, true), change.record.id)];
  if (change.type === 'updated' && change.previous && change.previous.column_id !== change.record.column_id) {
    return [payload('drag_applicant', applicantData(change.record, context, false), change.record.id)];
  }
  return [];
}

function payload(event: string, data: Record<string, unknown>, recordId: string): SandboxWebhookPayload {
  return { event, body: { data, event, company_id: COMPANY_INTEGER_ID }, recordId };
}

/** The acting user (the sandbox's first member) and the company. */
function common(context: SandboxContext): Record<string, unknown> {
  const member = context.store.list('members')[0];
  const user = (member?.user ?? {}) as Record<string, unknown>;
  return {
    user: { id: user.user_id ?? null, email: user.email ?? null, firstname: user.firstname ?? null, lastname: user.lastname ?? null, status: user.status ?? null, timezone: user.timezone ?? null },
    user_id: user.id ?? null,
    company: { id: SANDBOX_COMPANY_ID, name: 'Sandbox SAS' },
  };
}

function applicantData(applicant: StoredRecord, context: SandboxContext, created: boolean): Record<string, unknown> {
  const { store } = context;
  const candidate = store.get('candidates', applicant.candidate as string);
  const vacancy = store.get('vacancies', applicant.vacancy as string);
  const column = store.get('columns', String(applicant.column_id));
  const applicantId = applicantInteger(store, applicant.id);
  const columnObject = column
    ? { id: Number(column.id), title: column.title, company_id: SANDBOX_COMPANY_ID, position: column.position, visible: column.visible, hired: column.hired, created_at: iso(column.created_at), updated_at: iso(column.updated_at) }
    : null;
  const applicantObject: Record<string, unknown> = {
    id: applicantId,
    vacancy_id: applicant.vacancy,
    candidate_id: candidate?.candidate_id ?? null,
    score: applicant.score,
    status: applicant.status,
    created_at: iso(applicant.created_at),
    updated_at: iso(applicant.updated_at),
    column_id: encodedFrom('column', String(applicant.column_id)),
    external_id: applicant.external_id ?? null,
    view: false,
    anonym: false,
    duplicate: null,
    reason_id: null,
    ...(created ? { column: columnObject } : {}),
  };
  const aws = candidate?.aws as { key: string; extension: string } | undefined;
  return {
    ...common(context),
    applicant: applicantObject,
    candidate: candidate
      ? { id: candidate.candidate_id, firstname: candidate.firstname, lastname: candidate.lastname, email: candidate.email, phone: candidate.phone, status: 1, created_at: iso(candidate.created_at), updated_at: iso(candidate.updated_at), consent: true, cv: {} }
      : null,
    // new_applicant names the column by its integer id; drag_applicant gives the whole column.
    column: created ? Number(applicant.column_id) : columnObject,
    vacancy: vacancy ? { id: vacancy.vacancy_id, company_id: SANDBOX_COMPANY_ID, title: vacancy.title, slug: vacancy.slug, status: vacancy.status, published: vacancy.status === 1 } : null,
    ...(created ? { cv: aws ? { key: aws.key, extension: aws.extension } : null, message: null } : {}),
    applicant_id: applicantId,
    candidate_id: candidate?.candidate_id ?? null,
    column_id: encodedFrom('column', String(applicant.column_id)),
    vacancy_id: applicant.vacancy,
  };
}

function vacancyData(vacancy: StoredRecord, context: SandboxContext): Record<string, unknown> {
  return {
    ...common(context),
    vacancy: { ...renderVacancy(vacancy, true), id: vacancy.vacancy_id, questions: [] },
    message: null,
    vacancy_id: vacancy.id,
  };
}

/** Flatchr's webhooks, for the sandbox. */
export const flatchrWebhooks: SandboxWebhookShapes = {
  events: ['new_applicant', 'drag_applicant', 'new_vacancy'],
  fromChange,
  sign({ url, options }) {
    if (options.token === 'header') return { url, headers: { [DEFAULT_TOKEN_HEADER.toLowerCase()]: options.secret } };
    const target = new URL(url);
    target.searchParams.set(DEFAULT_TOKEN_QUERY_PARAMETER, options.secret);
    return { url: target.toString(), headers: {} };
  },
};
