/**
 * Delivering records read one by one, outside a run: `engine.syncOne` and `engine.applyEvents`.
 * The records go through the same eligibility check, content hashes and stage tracking as a run's
 * pages, and their entries are written once `onBatch` resolved, without touching the model's
 * cursor (so a run in progress keeps it), so a later run does not deliver them again. Records
 * without a live entry get a placeholder entry before the delivery (decision 0079).
 * @module
 */
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { QuarantinedRecord } from '../core/stream.js';
import type { ModelName } from '../models/registry.js';
import { classifyPage, type UnifiedRecord } from './classify.js';
import { lookupOf } from './confirm-deletions.js';
import type { Eligibility } from './eligibility.js';
import type { FilteredRecord } from './report.js';
import { inFlightOf, placeholderOf } from './in-flight.js';
import { initialModelState, type RecordEntry, type StateKey, type StateStore } from './state-store.js';
import type { AnySyncBatch, DeletedRecord, SyncSource } from './types.js';

/** What delivering a set of records of one model needs. */
export interface DirectContext {
  source: SyncSource;
  store: StateStore;
  key: StateKey;
  eligibility: Eligibility;
  volatileFields: ReadonlySet<string>;
  clock: () => number;
  onBatch: (batch: AnySyncBatch) => Promise<void>;
}

/** A record confirmed gone at the provider. */
export interface GoneRecord {
  id: string;
  remoteId: string;
}

/** What one direct delivery did. */
export interface DirectOutcome {
  upserted: number;
  deleted: number;
  unchanged: number;
  stale: number;
  ineligible: number;
  stageChanges: number;
  filtered: FilteredRecord[];
  quarantined: QuarantinedRecord[];
  /** Ids delivered (upserted, deleted or ineligible). */
  delivered: Set<string>;
}

/**
 * Classifies fresh `records` and confirmed `gone` ones against the entries, delivers the result in
 * one batch (when there is anything to deliver), then writes the entries.
 */
export async function deliverDirect(context: DirectContext, records: readonly UnifiedRecord[], gone: readonly GoneRecord[]): Promise<DirectOutcome> {
  const { key, store } = context;
  const ids = [...records.map((record) => record.id), ...gone.map((record) => record.id)];
  const known = new Map((await store.getEntries(key, ids)).map((entry) => [entry.id, entry]));
  const previous = new Map(known);
  const now = context.clock();
  const screened = context.eligibility.screen(key.model, records, known, null);
  const outcome = classifyPage(screened.pass, known, { volatileFields: context.volatileFields, now, scanId: null, driftBefore: null, stages: key.model === 'applications' });
  // A direct delivery is not a scan: it keeps the mark of the last full scan that saw the record.
  const entries: RecordEntry[] = [...screened.entries, ...outcome.entries].map((entry) => {
    const before = previous.get(entry.id);
    return entry.scan === null && before?.scan ? Object.assign({}, entry, { scan: before.scan }) : entry;
  });
  const deletedAt = new Date(now).toISOString();
  const deleted: DeletedRecord<UnifiedRecord>[] = [...outcome.deleted];
  let unchanged = outcome.unchanged;
  for (const record of gone) {
    const entry = known.get(record.id);
    // Already delivered as deleted: a repeated event, nothing new.
    if (entry && entry.deletedAt !== null && entry.hash === null) {
      unchanged += 1;
      continue;
    }
    deleted.push({ id: record.id, remote_id: record.remoteId, remote_deleted_at: deletedAt, record: null });
    const tombstone: RecordEntry = { id: record.id, remoteId: record.remoteId, hash: null, changedAt: entry?.changedAt ?? null, deletedAt, scan: entry?.scan ?? null, missingSince: null, deliveredAt: deletedAt };
    if (entry?.stageId !== undefined) tombstone.stageId = entry.stageId;
    entries.push(tombstone);
  }
  // Records delivered without a live entry get a placeholder first: should the process die before
  // the entries below are written, a full run's sweep can still find their deletion (decision 0079).
  const unknown = inFlightOf(outcome.upserted, previous);
  if (unknown.length > 0) await commitEntries(store, key, unknown.map((record) => placeholderOf(record, previous.get(record.id))));
  if (outcome.upserted.length > 0 || deleted.length > 0 || screened.ineligible.length > 0) {
    await context.onBatch({ model: key.model, upserted: outcome.upserted, deleted, stageChanges: outcome.stageChanges, ineligible: screened.ineligible } as AnySyncBatch);
  }
  if (entries.length > 0) await commitEntries(store, key, entries);
  const delivered = new Set<string>([...outcome.upserted.map((record) => record.id), ...deleted.map((record) => record.id), ...screened.ineligible.map((record) => record.id)]);
  return {
    upserted: outcome.upserted.length,
    deleted: deleted.length,
    unchanged,
    stale: outcome.stale,
    ineligible: screened.ineligible.length,
    stageChanges: outcome.stageChanges.length,
    filtered: screened.filtered,
    quarantined: outcome.quarantined,
    delivered,
  };
}

/** Writes entries without moving the cursor (the store's `commitEntries`, or a commit of the state as it is). */
export async function commitEntries(store: StateStore, key: StateKey, entries: readonly RecordEntry[]): Promise<void> {
  if (store.commitEntries) return store.commitEntries(key, entries);
  const state = (await store.getState(key)) ?? initialModelState();
  await store.commit(key, { state, entries });
}

/**
 * Reads one record fresh: the connector's getter for jobs, candidates and applications, else its
 * stream filtered by id. Resolves null when the provider says it does not exist.
 */
export async function fetchFresh(source: SyncSource, model: ModelName, id: string, signal?: AbortSignal): Promise<UnifiedRecord | null> {
  const lookup = lookupOf(source, model);
  if (lookup) {
    try {
      return await lookup(id, signal ? { signal } : {});
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }
  const found = await findInStream(source, model, { ids: [id] }, signal);
  const record = found.records.find((candidate) => candidate.id === id || candidate.remote_id === id);
  if (record) return record;
  if (found.quarantined.length > 0) {
    throw new ValidationError(`The ${model} record ${id} failed validation; it was not delivered.`, {
      provider: source.provider,
      operation: 'fetch',
      issues: found.quarantined.flatMap((bad) => bad.issues ?? []),
      remoteId: found.quarantined[0]?.remote_id ?? null,
    });
  }
  return null;
}

/** Most records read from a filtered stream for one lookup (a stream that ignores its filter stops here). */
const maxStreamRecords = 1_000;

/** Reads a model's stream with list filters (bounded), for records that have no single-record getter. */
export async function findInStream(
  source: SyncSource,
  model: ModelName,
  filters: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<{ records: UnifiedRecord[]; quarantined: QuarantinedRecord[] }> {
  const records: UnifiedRecord[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const stream = source.syncModel(model, undefined, { ...filters, ...(signal ? { signal } : {}) } as never);
  for await (const page of stream.pages()) {
    records.push(...(page.records as UnifiedRecord[]));
    quarantined.push(...page.quarantined);
    if (records.length >= maxStreamRecords) break;
  }
  return { records, quarantined };
}
