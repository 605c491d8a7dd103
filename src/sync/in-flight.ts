/**
 * Records in flight (docs/decisions/0079-in-flight-records.md): a record delivered for the first
 * time gets its entry only with the checkpoint after `onBatch`. A crash in between would leave the
 * consumer holding a record the engine does not know, whose later deletion no sweep could find.
 * So the engine writes such records' ids into the model's state (`ModelState.inFlight`) before it
 * delivers them: with the checkpoint of the page before (which waits for the page read ahead), or
 * on their own for a run's first page. A run that finds ids left in flight by a crashed run turns
 * those still without a live entry into placeholder entries, which the next full run's sweep
 * confirms like any other suspect. `syncOne` and `applyEvents`, which never touch the state, write
 * the placeholders themselves before they deliver.
 * @module
 */
import type { UnifiedRecord } from './classify.js';
import { isPlaceholder, type InFlightRecord, type ModelState, type RecordEntry, type StateKey, type StateStore } from './state-store.js';

/**
 * The records among `records` (those that pass the filter) that would be delivered as live without
 * a live entry: new, restored after a deletion, or placeholders.
 */
export function inFlightOf(records: readonly UnifiedRecord[], known: ReadonlyMap<string, RecordEntry>): InFlightRecord[] {
  const inFlight: InFlightRecord[] = [];
  for (const record of records) {
    const id = record?.id;
    const remoteId = record?.remote_id;
    // A record without ids is quarantined, and one flagged deleted is delivered as a deletion: neither is left live.
    if (!isId(id) || !isId(remoteId) || record.remote_deleted_at !== null) continue;
    const entry = known.get(id);
    if (entry === undefined || entry.deletedAt !== null || isPlaceholder(entry)) inFlight.push({ id, remoteId });
  }
  return inFlight;
}

/**
 * The state a run starts from. When a run ended without checkpointing its last delivery (a
 * crash), its in-flight records that still have no live entry become placeholder entries, in one
 * commit that also clears `inFlight`; malformed items (a store edited by hand) are dropped with a
 * warning.
 */
export async function recordInFlight(store: StateStore, key: StateKey, state: ModelState, warn: (message: string) => void): Promise<ModelState> {
  const listed: unknown = state.inFlight;
  // A store may hand back an absent field as null.
  if (listed === undefined || listed === null) return state;
  const { inFlight: _dropped, ...cleared } = state;
  const items = Array.isArray(listed) ? listed.filter(isInFlightRecord) : [];
  if (!Array.isArray(listed) || items.length < listed.length) warn('the stored state listed malformed in-flight records; they were dropped');
  const entries = new Map((await store.getEntries(key, items.map((item) => item.id))).map((entry) => [entry.id, entry]));
  const placeholders = new Map<string, RecordEntry>();
  for (const item of items) {
    const entry = entries.get(item.id);
    if (entry?.deletedAt === null || placeholders.has(item.id)) continue;
    placeholders.set(item.id, placeholderOf(item, entry));
  }
  await store.commit(key, { state: cleared, entries: [...placeholders.values()] });
  return cleared;
}

/**
 * The placeholder entry of a record that may have been delivered: live, with nothing known of its
 * content. It keeps what a tombstone it replaces knew (when it was last delivered, in which stage),
 * so a restored application's stage change still names the stage it left; a placeholder without a
 * delivery time is a record never recorded (its stage change is `initial`).
 */
export function placeholderOf(record: InFlightRecord, replaced?: RecordEntry): RecordEntry {
  const placeholder: RecordEntry = { id: record.id, remoteId: record.remoteId, hash: null, changedAt: null, deletedAt: null, scan: null, missingSince: null, deliveredAt: replaced?.deliveredAt ?? null };
  if (replaced?.stageId !== undefined) placeholder.stageId = replaced.stageId;
  return placeholder;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isInFlightRecord(value: unknown): value is InFlightRecord {
  if (typeof value !== 'object' || value === null) return false;
  const { id, remoteId } = value as Partial<InFlightRecord>;
  return isId(id) && isId(remoteId);
}
