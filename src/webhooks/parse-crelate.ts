/**
 * Crelate per-user webhooks → events. Crelate documents the subscription (URL, entity, operation)
 * but not the payload, so this mapping is INFERRED: it reads an entity name, an operation and a
 * record id under the usual Crelate names (`EntityName`, `OperationType`, `Id`...), and anything
 * it does not recognise becomes an `unknown` event with the whole body, for you to inspect.
 * @module
 */
import type { ModelName } from '../models/registry.js';
import { encodeId } from '../core/ids.js';
import { asObject, makeEvent, payloadDate } from './event.js';
import type { WebhookEvent } from './types.js';

const ENTITIES: Record<string, { model: ModelName; kind: string }> = {
  contact: { model: 'candidates', kind: 'candidate' },
  contacts: { model: 'candidates', kind: 'candidate' },
  job: { model: 'jobs', kind: 'job' },
  jobs: { model: 'jobs', kind: 'job' },
};
const OPERATIONS: Record<string, WebhookEvent['kind']> = {
  create: 'created',
  created: 'created',
  insert: 'created',
  update: 'updated',
  updated: 'updated',
  edit: 'updated',
  delete: 'deleted',
  deleted: 'deleted',
  remove: 'deleted',
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Most events read from one body (a list); the rest are reported as one unknown event. */
const MAX_EVENTS_PER_BODY = 1000;

/** Maps a Crelate webhook body (one notification or a list of them) to events. */
export function parseCrelate(body: Record<string, unknown> | unknown[], receivedAt: string | null): WebhookEvent[] {
  const items = Array.isArray(body) ? body : [body];
  const events = items.slice(0, MAX_EVENTS_PER_BODY).map((item) => parseOne(item, receivedAt));
  if (items.length > MAX_EVENTS_PER_BODY) {
    events.push(makeEvent('crelate', { note: `${items.length - MAX_EVENTS_PER_BODY} more notifications in this body were not read (at most ${MAX_EVENTS_PER_BODY}).`, occurred_at: receivedAt, raw: items.slice(MAX_EVENTS_PER_BODY) }));
  }
  return events;
}

function parseOne(item: unknown, receivedAt: string | null): WebhookEvent {
  const object = asObject(item);
  const nested = asObject(object?.Data) ?? asObject(object?.Entity) ?? asObject(object?.Record);
  const text = (...names: string[]) => {
    for (const name of names) {
      const value = object?.[name];
      if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 100);
    }
    return null;
  };
  const entity = text('EntityName', 'Entity', 'EntityType', 'entityName', 'entity');
  const operation = text('OperationType', 'Operation', 'operationType', 'operation', 'Action', 'action');
  const eventName = entity || operation ? `${entity ?? '?'}:${operation ?? '?'}` : null;
  const resource = entity ? ENTITIES[entity.toLowerCase()] : undefined;
  const kind = operation ? OPERATIONS[operation.toLowerCase()] : undefined;
  const unknown = (note: string) => makeEvent('crelate', { event_name: eventName, model: resource?.model ?? null, note, occurred_at: receivedAt, raw: item });
  if (!resource || !kind) return unknown('Not a recognised Crelate notification (the payload shape is inferred: entity Contacts or Jobs, operation Create, Update or Delete).');
  const id = [object?.Id, object?.EntityId, object?.RecordId, object?.id, object?.entityId, nested?.Id].find((value) => typeof value === 'string' && GUID.test(value.trim())) as string | undefined;
  if (!id) return unknown('The record id is missing or not a GUID.');
  const remoteId = id.trim().toLowerCase();
  return makeEvent('crelate', {
    event_name: eventName,
    kind,
    model: resource.model,
    id: encodeId('crelate', resource.kind, remoteId),
    remote_id: remoteId,
    occurred_at: payloadDate(object?.ModifiedOn ?? nested?.ModifiedOn ?? object?.Timestamp, true) ?? receivedAt,
    raw: item,
  });
}
