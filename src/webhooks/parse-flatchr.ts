/**
 * Flatchr marketplace webhooks → events. The body is `{ "event", "data", "company_id" }`. Inside
 * `data`, the applicant, candidate, vacancy and column objects carry *integer* ids while
 * `vacancy_id` and `company.id` are the encoded ids the API uses. So:
 * - a job event has its unified id (from the encoded `vacancy_id`);
 * - an application event has no unified id (the connector keys applications by the encoded
 *   applicant id, which the payload lacks): `related` gives the candidate (by email, as the
 *   connector keys candidates), the job and the stage, enough to find it with one search;
 * - `new_message` is not a change to a unified record: it is returned as `unknown`.
 * @module
 */
import type { ModelName } from '../models/registry.js';
import { encodeId } from '../core/ids.js';
import { asObject, makeEvent, payloadDate, plainId } from './event.js';
import type { WebhookEvent } from './types.js';

const APPLICATION_EVENTS: Record<string, WebhookEvent['kind']> = { new_applicant: 'created', drag_applicant: 'stage_changed' };

/** Maps one Flatchr webhook body to its event (one per body). */
export function parseFlatchr(body: Record<string, unknown>, receivedAt: string | null): WebhookEvent[] {
  const eventName = typeof body.event === 'string' ? body.event.slice(0, 100) : null;
  const data = asObject(body.data);
  const account = plainId(asObject(data?.company)?.id);
  const unknown = (note: string, model: ModelName | null = null) => [makeEvent('flatchr', { event_name: eventName, model, note, account_id: account, occurred_at: receivedAt, raw: body })];
  if (!eventName || !data) return unknown('Not a Flatchr webhook body ({ event, data, company_id }).');
  const vacancyId = plainId(data.vacancy_id);
  const jobId = vacancyId === null ? null : encodeId('flatchr', 'job', vacancyId);
  if (eventName === 'new_vacancy') {
    if (vacancyId === null) return unknown('The encoded vacancy_id is missing or not a plain id.', 'jobs');
    const vacancy = asObject(data.vacancy);
    return [makeEvent('flatchr', { event_name: eventName, kind: 'created', model: 'jobs', id: jobId, remote_id: vacancyId, occurred_at: payloadDate(vacancy?.created_at) ?? receivedAt, account_id: account, raw: data })];
  }
  const kind = APPLICATION_EVENTS[eventName];
  if (!kind) return unknown(eventName === 'new_message' ? 'A message is not a change to a unified record.' : `The event "${eventName}" is not one this package maps.`);
  const applicant = asObject(data.applicant);
  const email = asObject(data.candidate)?.email;
  const candidateId = typeof email === 'string' && email.trim() !== '' && email.length <= 320 ? encodeId('flatchr', 'candidate', 'email', email.trim().toLowerCase()) : null;
  // The column's integer id is what the connector keys stages by (`column.id`; `column` alone in new_applicant).
  const column = plainId(asObject(data.column)?.id ?? (typeof data.column === 'number' ? data.column : asObject(applicant?.column)?.id));
  return [
    makeEvent('flatchr', {
      event_name: eventName,
      kind,
      model: 'applications',
      occurred_at: payloadDate(kind === 'created' ? applicant?.created_at : applicant?.updated_at) ?? receivedAt,
      related: { candidate_id: candidateId, job_id: jobId, stage_id: column === null ? null : encodeId('flatchr', 'stage', column) },
      account_id: account,
      note: 'Flatchr webhooks carry the applicant\'s integer id only: find the application by related.candidate_id and related.job_id.',
      raw: data,
    }),
  ];
}
