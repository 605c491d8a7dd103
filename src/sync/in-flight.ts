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

/** The records of a page that would be delivered without a live entry (new, restored, or placeholders). */
export function inFlightOf(records: readonly UnifiedRecord[], known: ReadonlyMap<string, RecordEntry>): InFlightRecord[] {
  const inFlight: InFlightRecord[] = [];
  for (const record of records) {
    const id = record?.id;
    const remoteId = record?.remote_id;
    // A record without string ids is quarantined, never delivered.
    if (typeof id !== 'string' || typeof remoteId !== 'string') continue;
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
  if (listed === undefined) return state;
  const { inFlight: _dropped, ...cleared } = state;
  const items = Array.isArray(listed) ? listed.filter(isInFlightRecord) : [];
  if (!Array.isArray(listed) || items.length < listed.length) warn('the stored state listed malformed in-flight records; they were dropped');
  const live = new Set((await store.getEntries(key, items.map((item) => item.id))).filter((entry) => entry.deletedAt === null).map((entry) => entry.id));
  const placeholders: RecordEntry[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (live.has(item.id) || seen.has(item.id)) continue;
    seen.add(item.id);
    placeholders.push(placeholderOf(item));
  }
  await store.commit(key, { state: cleared, entries: placeholders });
  return cleared;
}

/** The placeholder entry of a record that may have been delivered: live, with nothing known of its content. */
export function placeholderOf(record: InFlightRecord): RecordEntry {
  return { id: record.id, remoteId: record.remoteId, hash: null, changedAt: null, deletedAt: null, scan: null, missingSince: null, deliveredAt: null };
}

function isInFlightRecord(value: unknown): value is InFlightRecord {
  if (typeof value !== 'object' || value === null) return false;
  const { id, remoteId } = value as Partial<InFlightRecord>;
  return typeof id === 'string' && id.length > 0 && typeof remoteId === 'string' && remoteId.length > 0;
}
