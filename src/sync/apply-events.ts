/**
 * `engine.applyEvents(events)`: provider webhook events (from `unified-ats/webhooks`, or any source
 * of the same shape) turned into deliveries. The payload's copy of a record is never trusted: each
 * distinct record named by the events is read fresh once (a burst of events for one record costs
 * one read), delivered like a run's page (same hashes, entries and stage changes, so the next poll
 * does not deliver it again), and a record the provider no longer has is delivered as deleted.
 * Events for another provider or connection are refused, before anything is read.
 * @module
 */
import { tryDecode } from '../core/ids.js';
import { ValidationError } from '../core/errors.js';
import { modelNames, type ModelName } from '../models/registry.js';
import type { UnifiedRecord } from './classify.js';
import { deliverDirect, fetchFresh, findInStream, type DirectContext, type GoneRecord } from './direct.js';
import type { ApplyEventsOptions, ApplyEventsResult, SyncEvent } from './types.js';

/** Events for another provider or connection, or not events at all: refused before any read. */
export class EventRefusedError extends ValidationError {
  /** Why (in `reason`): `not_events`, `other_provider`, `other_connection`, `foreign_id`, `too_many`. */
  constructor(message: string, options: { provider: string; reason: string; index: number | null }) {
    super(message, {
      provider: options.provider,
      operation: 'applyEvents',
      issues: [{ path: options.index === null ? [] : [options.index], code: options.reason }],
      source: 'input',
      reason: options.reason,
    });
  }
}

/** Most events in one call (a webhook body carries one; a queue drain a few hundred). */
export const maxEventsPerCall = 100_000;
/** Reads in flight at once (the connector's own rate limiter still applies). */
const readConcurrency = 4;

/** What applying needs from the engine. */
export interface ApplyContext extends Omit<DirectContext, 'key' | 'onBatch'> {
  connectionId: string;
  /** The models this engine syncs and the connector reads. */
  models: ReadonlySet<ModelName>;
}

/** One distinct record to read. */
interface Target {
  model: ModelName;
  /** What to read it by: its id, or its candidate and job (Flatchr applications). */
  by: { id: string } | { candidate_id: string; job_id: string };
  /** The unified id, when an event gave it (needed to deliver a deletion). */
  unifiedId: string | null;
  remoteId: string | null;
}

/** Validates every event first (refusing the whole call on a foreign one), then reads and delivers. */
export async function applyEvents(context: ApplyContext, events: readonly SyncEvent[], options: ApplyEventsOptions): Promise<ApplyEventsResult> {
  const provider = context.source.provider;
  const refuse = (message: string, reason: string, index: number | null) => new EventRefusedError(message, { provider, reason, index });
  if (!Array.isArray(events)) throw refuse('applyEvents takes an array of events', 'not_events', null);
  if (events.length > maxEventsPerCall) throw refuse(`At most ${maxEventsPerCall} events per call`, 'too_many', null);
  if (typeof options?.onBatch !== 'function') throw refuse('applyEvents needs an onBatch function', 'not_events', null);
  const result: ApplyEventsResult = { events: events.length, records: 0, fetches: 0, requests: 0, upserted: 0, deleted: 0, unchanged: 0, ineligible: 0, stageChanges: 0, filtered: [], ignored: [], failed: [] };
  const targets = new Map<string, Target>();
  events.forEach((event, index) => {
    if (typeof event !== 'object' || event === null) throw refuse(`events[${index}] is not an event object`, 'not_events', index);
    if (event.provider !== provider) throw refuse(`events[${index}] is from another provider than this engine's connector (${provider})`, 'other_provider', index);
    if (event.connection_id != null && event.connection_id !== context.connectionId) throw refuse(`events[${index}] came through another connection than this engine's`, 'other_connection', index);
    if (event.id != null && !isOurs(event.id, provider)) throw refuse(`events[${index}].id is not a ${provider} unified id`, 'foreign_id', index);
  });
  events.forEach((event, index) => {
    const ignore = (reason: string) => result.ignored.push({ index, event_name: typeof event.event_name === 'string' ? event.event_name : null, reason });
    if (!['created', 'updated', 'deleted', 'stage_changed'].includes(event.kind)) return ignore(`kind ${JSON.stringify(event.kind)} is not applied`);
    const model = event.model;
    if (model === null || !modelNames.includes(model)) return ignore('no model');
    if (!context.models.has(model)) return ignore(`this engine does not sync ${model}`);
    const id = event.id ?? (typeof event.remote_id === 'string' && event.remote_id !== '' ? event.remote_id : null);
    if (id !== null) {
      const key = `${model}\u0000${id}`;
      if (!targets.has(key)) targets.set(key, { model, by: { id }, unifiedId: event.id, remoteId: event.remote_id });
      return;
    }
    const related = event.related;
    if (model === 'applications' && related?.candidate_id && related.job_id && isOurs(related.candidate_id, provider) && isOurs(related.job_id, provider)) {
      const key = `${model}\u0000by\u0000${related.candidate_id}\u0000${related.job_id}`;
      if (!targets.has(key)) targets.set(key, { model, by: { candidate_id: related.candidate_id, job_id: related.job_id }, unifiedId: null, remoteId: null });
      return;
    }
    ignore('the event names no record (no id, no candidate and job)');
  });
  result.records = targets.size;
  const requestsBefore = context.source.requestCount;
  try {
    // Reads: a few at a time, each target once.
    const found = new Map<ModelName, { records: UnifiedRecord[]; gone: GoneRecord[] }>();
    const slot = (model: ModelName) => {
      let entry = found.get(model);
      if (!entry) found.set(model, (entry = { records: [], gone: [] }));
      return entry;
    };
    const queue = [...targets.values()];
    let next = 0;
    const worker = async () => {
      for (let target = queue[next++]; target !== undefined; target = queue[next++]) {
        options.signal?.throwIfAborted();
        result.fetches += 1;
        try {
          if ('id' in target.by) {
            const record = await fetchFresh(context.source, target.model, target.by.id, options.signal);
            if (record) slot(target.model).records.push(record);
            else if (target.unifiedId !== null) slot(target.model).gone.push({ id: target.unifiedId, remoteId: target.remoteId ?? target.unifiedId });
          } else {
            const { records } = await findInStream(context.source, target.model, { candidate_ids: [target.by.candidate_id], job_ids: [target.by.job_id] }, options.signal);
            slot(target.model).records.push(...records);
          }
        } catch (error) {
          if (options.signal?.aborted) throw error;
          result.failed.push({ model: target.model, id: 'id' in target.by ? target.by.id : `${target.by.candidate_id}/${target.by.job_id}`, error: error instanceof Error ? error : new Error(String(error)) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(readConcurrency, queue.length) }, worker));
    // Deliveries: one batch per model, in dependency order, each acknowledged before its entries are written.
    for (const model of modelNames) {
      const entry = found.get(model);
      if (!entry) continue;
      const records = dedupe(entry.records);
      const outcome = await deliverDirect({ ...context, key: { connectionId: context.connectionId, model }, onBatch: options.onBatch }, records, entry.gone);
      result.upserted += outcome.upserted;
      result.deleted += outcome.deleted;
      result.unchanged += outcome.unchanged + outcome.stale;
      result.ineligible += outcome.ineligible;
      result.stageChanges += outcome.stageChanges;
      result.filtered.push(...outcome.filtered);
    }
  } finally {
    result.requests = context.source.requestCount - requestsBefore;
  }
  return result;
}

/** Whether `id` is one of our unified ids, for `provider`. */
function isOurs(id: unknown, provider: string): boolean {
  if (typeof id !== 'string') return false;
  const parts = tryDecode(id);
  return parts !== null && parts[0] === provider;
}

/** One record per id (two events by unified and by provider id may read the same record). */
function dedupe(records: readonly UnifiedRecord[]): UnifiedRecord[] {
  const byId = new Map<string, UnifiedRecord>();
  for (const record of records) if (record && typeof record.id === 'string') byId.set(record.id, record);
  return [...byId.values()];
}
