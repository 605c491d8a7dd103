/**
 * Teamtailor company webhooks → events. The body is
 * `{ "payload": { "event_name": "job_application.update", "data": { "id", "type", "attributes" } } }`
 * with dasherized attribute names (the casing inside job-application attributes is not documented,
 * so snake_case names are read too). `job_application.update` fires for a stage move as for other
 * changes and does not say which field changed, so it is `updated`: the sync engine's stage-change
 * detection tells a move after it fetches the application.
 * @module
 */
import type { ModelName } from '../models/registry.js';
import { encodeId } from '../core/ids.js';
import { asObject, makeEvent, payloadDate, plainId } from './event.js';
import type { WebhookEvent } from './types.js';

const RESOURCES: Record<string, { model: ModelName; kind: string }> = {
  candidate: { model: 'candidates', kind: 'candidate' },
  job: { model: 'jobs', kind: 'job' },
  job_application: { model: 'applications', kind: 'application' },
};
const ACTIONS: Record<string, WebhookEvent['kind']> = { create: 'created', update: 'updated', destroy: 'deleted' };

/** Maps one Teamtailor webhook body to its event (one per body). */
export function parseTeamtailor(body: Record<string, unknown>, receivedAt: string | null): WebhookEvent[] {
  const payload = asObject(body.payload);
  const eventName = typeof payload?.event_name === 'string' ? payload.event_name.slice(0, 100) : null;
  const data = asObject(payload?.data);
  const unknown = (note: string, model: ModelName | null = null) => [makeEvent('teamtailor', { event_name: eventName, model, note, occurred_at: receivedAt, raw: body })];
  if (!payload || !eventName || !data) return unknown('Not a Teamtailor company webhook body ({ payload: { event_name, data } }).');
  const [resourceName = '', actionName = ''] = eventName.split('.');
  const resource = RESOURCES[resourceName];
  const kind = ACTIONS[actionName];
  if (!resource || !kind) return unknown(`The event "${eventName}" is not one this package maps.`, resource?.model ?? null);
  const remoteId = plainId(data.id);
  if (remoteId === null) return unknown('The record id is missing or not a plain id.', resource.model);
  const attributes = asObject(data.attributes) ?? {};
  const attribute = (name: string) => attributes[name] ?? attributes[name.replaceAll('-', '_')];
  const relationship = (name: string) => plainId(asObject(asObject(asObject(data.relationships)?.[name])?.data)?.id);
  const related = (name: string, kindName: string) => {
    const id = plainId(attribute(`${name}-id`)) ?? relationship(name);
    return id === null ? null : encodeId('teamtailor', kindName, id);
  };
  const account = attribute('company-uuid');
  return [
    makeEvent('teamtailor', {
      event_name: eventName,
      kind,
      model: resource.model,
      id: encodeId('teamtailor', resource.kind, remoteId),
      remote_id: remoteId,
      occurred_at: payloadDate(attribute('updated-at')) ?? receivedAt,
      related: resource.model === 'applications' ? { job_id: related('job', 'job'), candidate_id: related('candidate', 'candidate'), stage_id: related('stage', 'stage') } : {},
      account_id: typeof account === 'string' && account !== '' ? account.slice(0, 100) : null,
      raw: payload,
    }),
  ];
}
