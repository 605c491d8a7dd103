/**
 * One model's part of a run (docs/scenarios.md#cursor-algorithm): load the cursor, read from cursor − lookback (less after a complete read, decision 0078),
 * classify each page, hand it to `onBatch`, and checkpoint only once `onBatch` resolved; for a
 * full run, sweep what a complete scan did not return.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../core/logger.js';
import type { Page, QuarantinedRecord } from '../core/stream.js';
import type { ModelName } from '../models/registry.js';
import { classifyPage, type UnifiedRecord } from './classify.js';
import { advanceOrdered, afterCompleteRead, finishUnordered, laterOf, lowerBoundMs, toIso } from './cursor.js';
import { PageGuard } from './page-guard.js';
import type { QuarantineBudget } from './quarantine.js';
import type { ModelReport } from './report.js';
import { initialModelState, type InFlightRecord, type ModelState, type RecordEntry, type StateKey, type StateStore } from './state-store.js';
import { inFlightOf, recordInFlight } from './in-flight.js';
import { DeletionConfirmer, lookupOf } from './confirm-deletions.js';
import { deletionsHeld } from './deletion-guard.js';
import { PageReader, SourceFailure } from './page-reader.js';
import { sweepUnmarked } from './sweep.js';
import type { Eligibility, ScreenedPage } from './eligibility.js';
import type { FilteredRecord } from './report.js';
import { parseIsoToMs } from '../core/dates.js';
import type { AnySyncBatch, DeletionGuard, SyncProgress, SyncSource } from './types.js';

/** Everything one model's run needs. */
export interface ModelRunContext {
  source: SyncSource;
  store: StateStore;
  key: StateKey;
  mode: 'delta' | 'full';
  lookbackMs: number;
  /** Whether pages arrive sorted ascending by `changed_at` (per-page checkpoints are then safe). */
  ordered: boolean;
  volatileFields: ReadonlySet<string>;
  maxPages: number;
  /** Most single-record lookups to confirm deletions in this model's sweep. */
  maxDeletionLookups: number;
  /** When a complete scan's deletions are held back, or null when the guard is off. */
  deletionGuard: Required<DeletionGuard> | null;
  pageSize: number | undefined;
  clock: () => number;
  logger: Logger;
  quarantine: QuarantineBudget;
  /** The engine's `filter` and `createdAfter`. */
  eligibility: Eligibility;
  onBatch: (batch: AnySyncBatch) => Promise<void>;
  onProgress: ((progress: SyncProgress) => void) | undefined;
  signal: AbortSignal | undefined;
}

/** What a model's run carries from its start, through its scan, to its end. */
interface RunState {
  /** The state as last committed. */
  state: ModelState;
  /** The high-water mark before this run (the unordered cursor's stand-in for E4's bound). */
  highWaterBefore: string | null;
  /** Where the read starts (`cursor − lookback`, less after a complete read: `lowerBoundMs`), or null before the first sync. */
  lowerBound: number | null;
  /** The id of this full scan's marks, or null in a delta run. */
  scanId: string | null;
  /** The provider's clock when the read started (E4), from the first page; null when unknown. */
  upperBound: number | null;
  /** The greatest `changed_at` acknowledged in this run. */
  runHighWater: number | null;
  /** Whether the stream was read to its end. */
  complete: boolean;
  /** Whether the page guard ended the stream early (at the page cap, on empty pages). */
  stopped: boolean;
  /**
   * Provider ids of the records quarantined in this run: they exist, so the sweep never deletes
   * them. Bounded by the quarantine limit (the run stops past it).
   */
  quarantinedRemoteIds: Set<string>;
  /** A quarantined record had no remote id (a sweep could delete it by mistake). */
  unknownQuarantined: boolean;
}

/** Runs one model, filling `report` as it goes. Throws what stopped it (a {@link SourceFailure} when the connector did). */
export async function runModel(context: ModelRunContext, report: ModelReport): Promise<void> {
  const started = context.clock();
  const requestsBefore = context.source.requestCount;
  try {
    const stored = (await context.store.getState(context.key)) ?? initialModelState();
    // Records a crashed run may have delivered without their entries become placeholders (0079).
    const state = await recordInFlight(context.store, context.key, stored, (message) => warn(context, report, message));
    const run: RunState = {
      state,
      highWaterBefore: state.highWater,
      lowerBound: lowerBoundMs(state, context.lookbackMs),
      scanId: context.mode === 'full' ? randomBytes(6).toString('base64url') : null,
      upperBound: null,
      runHighWater: null,
      complete: false,
      stopped: false,
      quarantinedRemoteIds: new Set(),
      unknownQuarantined: false,
    };
    report.cursorBefore = report.cursorAfter = state.cursor;
    report.since = context.mode === 'delta' ? toIso(run.lowerBound) : null;
    if (run.scanId !== null) report.fullScan = 'interrupted';
    await scan(context, report, run);
    if (report.drift > 0) {
      context.logger.warn?.('sync drift: records changed before the last lower bound were not delivered by delta runs; a full run (mode: "full") repairs it, and regular drift calls for a larger lookbackMs', {
        model: context.key.model,
        drift: report.drift,
      });
    }
    if (run.complete) await finish(context, report, run);
  } finally {
    report.requests = context.source.requestCount - requestsBefore;
    report.durationMs = context.clock() - started;
  }
}

/** Reads every page: classify, deliver, then checkpoint (E6). */
async function scan(context: ModelRunContext, report: ModelReport, run: RunState): Promise<void> {
  const { key } = context;
  const guard = new PageGuard(context.source.provider, key.model, context.maxPages);
  const reader = new PageReader(context.source, context.key, report.since, { signal: context.signal, pageSize: context.pageSize });
  try {
    const first = await reader.next();
    let current = first === null ? null : await admit(context, report, run, guard, reader, first, []);
    // Bounded by the stream and the page guard (which stops endless and looping streams).
    for (let index = 0; current !== null; index += 1) current = await scanPage(context, report, run, guard, reader, current, index === 0);
    if (run.stopped) return;
  } finally {
    await reader.close();
  }
  run.complete = true;
}

/** A page that passed the page checks, with the entries of its records and the filter's verdict. */
interface Admitted {
  page: Page<UnifiedRecord>;
  known: Map<string, RecordEntry>;
  screened: ScreenedPage<UnifiedRecord>;
}

/**
 * Counts and checks a page; once it passed, requests the one after it (read-ahead), reads its
 * records' entries, as they will be once `written` (the entries of the page before) is committed,
 * and screens it with the filter.
 * Null when the page guard stopped the stream (`run.stopped`); throws a {@link SourceFailure} for a
 * looping stream.
 */
async function admit(context: ModelRunContext, report: ModelReport, run: RunState, guard: PageGuard, reader: PageReader, page: Page<UnifiedRecord>, written: readonly RecordEntry[]): Promise<Admitted | null> {
  report.pages += 1;
  if (report.pages === 1) run.upperBound = serverTimeOf(page);
  if (checkPage(guard, page) === 'stop') {
    const why = `stopped at the page cap (${context.maxPages}, maxPagesPerModel) after ${guard.emptyInARow} empty pages in a row`;
    warn(context, report, `${why}; the stream is treated as unfinished`);
    run.stopped = true;
    return null;
  }
  reader.readAhead();
  // A record without a string id (a hand-written source) is quarantined by classifyPage.
  const ids = page.records.map((record) => record?.id).filter((id): id is string => typeof id === 'string');
  const known = new Map((await context.store.getEntries(context.key, ids)).map((entry) => [entry.id, entry]));
  // Those ids may be on this page too (a shifted page).
  for (const entry of written) known.set(entry.id, entry);
  return { page, known, screened: context.eligibility.screen(context.key.model, page.records, known, run.scanId) };
}

/**
 * One page: classify, deliver, then checkpoint (E6). The checkpoint waits for the next page
 * (read ahead since this one was admitted) and records that page's records without a live entry
 * as in flight (decision 0079); the next page is returned, admitted, or null at the end.
 */
async function scanPage(context: ModelRunContext, report: ModelReport, run: RunState, guard: PageGuard, reader: PageReader, current: Admitted, first: boolean): Promise<Admitted | null> {
  const { store, key } = context;
  const { page, known, screened } = current;
  context.signal?.throwIfAborted();
  for (const warning of page.warnings) warn(context, report, warning);
  report.fetched += page.records.length;
  if (first) {
    // Nothing checkpointed before the first page recorded its records as in flight.
    const next = withInFlight(run.state, inFlightOf(screened.pass, known));
    await checkpoint(store, key, run.state, next, []);
    run.state = next;
  }
  const outcome = classifyPage(screened.pass, known, {
    volatileFields: context.volatileFields,
    now: context.clock(),
    scanId: run.scanId,
    driftBefore: run.lowerBound,
    stages: key.model === 'applications',
  });
  // Filtered records still count for the cursor: they were read.
  if (screened.pass.length < page.records.length) {
    const passed = new Set(screened.pass);
    for (const record of page.records) if (!passed.has(record)) outcome.highWater = laterOf(outcome.highWater, changedMs(record));
  }
  // The connector's quarantine and the engine's (records it could not process) count as one
  // page against the limit, checked before anything of the page is delivered.
  const quarantined = outcome.quarantined.length === 0 ? page.quarantined : [...page.quarantined, ...outcome.quarantined];
  quarantine(context, report, run, quarantined, page.records.length - outcome.quarantined.length);
  if (outcome.upserted.length > 0 || outcome.deleted.length > 0 || screened.ineligible.length > 0) {
    await context.onBatch({ model: key.model, upserted: outcome.upserted, deleted: outcome.deleted, stageChanges: outcome.stageChanges, ineligible: screened.ineligible } as AnySyncBatch);
  }
  // Acknowledged: only now may the cursor move (E6). Unordered models keep it until the end (E8).
  run.runHighWater = laterOf(run.runHighWater, outcome.highWater);
  const written = screened.entries.length === 0 ? outcome.entries : [...screened.entries, ...outcome.entries];
  let upcoming: Admitted | null = null;
  let failure: SourceFailure | null = null;
  try {
    const nextPage = await reader.next();
    if (nextPage !== null) upcoming = await admit(context, report, run, guard, reader, nextPage, written);
  } catch (error) {
    // The connector failed (or looped): this page is still checkpointed before the run ends.
    if (!(error instanceof SourceFailure)) throw error;
    failure = error;
  }
  // A run aborted meanwhile (a worker shutting down) stops before the next page: nothing is in flight.
  const ahead = upcoming && !context.signal?.aborted ? inFlightOf(upcoming.screened.pass, upcoming.known) : [];
  const moved = context.ordered ? advanceOrdered(run.state, outcome.highWater, run.upperBound) : run.state;
  const next = withInFlight(moved, ahead);
  await checkpoint(store, key, run.state, next, written);
  run.state = next;
  report.cursorAfter = next.cursor;
  report.upserted += outcome.upserted.length;
  report.deleted += outcome.deleted.length;
  report.stageChanges += outcome.stageChanges.length;
  report.ineligible += screened.ineligible.length;
  addFiltered(report, screened.filtered);
  report.unchanged += outcome.unchanged;
  report.stale += outcome.stale;
  report.drift += outcome.drift;
  progress(context, report, 'scan');
  if (failure) throw failure;
  return upcoming;
}

/** `state` with `inFlight` (left out when empty); the same object when nothing changes. */
function withInFlight(state: ModelState, inFlight: readonly InFlightRecord[]): ModelState {
  if (inFlight.length === 0) {
    if (state.inFlight === undefined) return state;
    const { inFlight: _dropped, ...rest } = state;
    return rest;
  }
  return { ...state, inFlight };
}

/**
 * After a complete read: the unordered cursor (E8) and the clock the read started at (which
 * narrows the next lookback, decision 0078), then a full run's sweep (E10).
 */
async function finish(context: ModelRunContext, report: ModelReport, run: RunState): Promise<void> {
  const { store, key } = context;
  const cursorMoved = context.ordered ? run.state : finishUnordered(run.state, run.highWaterBefore, run.runHighWater, run.upperBound);
  const next = afterCompleteRead(cursorMoved, run.upperBound);
  await checkpoint(store, key, run.state, next, []);
  run.state = next;
  report.cursorAfter = next.cursor;
  if (run.scanId === null) return;
  if (run.unknownQuarantined) {
    warn(context, report, 'a quarantined record had no remote id, so deletions cannot be told apart from it; sweep skipped');
    return;
  }
  // The scan is complete; from here on only the confirmation and delivery of its deletions can fail.
  report.fullScan = 'complete';
  if (await deletionsHeld(context, report, run, (message) => warn(context, report, message))) {
    await store.commit(key, { state: { ...run.state, lastFullScanAt: toIso(context.clock()) }, entries: [] });
    return;
  }
  const confirmer = new DeletionConfirmer({
    lookup: lookupOf(context.source, key.model),
    maxLookups: context.maxDeletionLookups,
    scanId: run.scanId,
    signal: context.signal,
  });
  const swept = await sweepUnmarked({
    store,
    key,
    scanId: run.scanId,
    quarantinedRemoteIds: run.quarantinedRemoteIds,
    state: run.state,
    confirmer,
    volatileFields: context.volatileFields,
    now: context.clock,
    deliver: (model, upserted, deleted, stageChanges) => context.onBatch({ model, upserted, deleted, stageChanges, ineligible: [] } as unknown as AnySyncBatch),
    stages: key.model === 'applications',
    onQuarantined: (records, processed) => quarantine(context, report, run, records, processed),
    onBatchDone: () => progress(context, report, 'sweep'),
    onNote: (note) => warn(context, report, note),
  });
  report.deleted += swept.deleted;
  report.upserted += swept.upserted;
  report.stageChanges += swept.stageChanges;
  report.unchanged += swept.unchanged;
  report.stale += swept.stale;
  report.deletionsPending = swept.pending;
  report.deletionLookups = confirmer.lookups;
  await store.commit(key, { state: { ...run.state, lastFullScanAt: toIso(context.clock()) }, entries: [] });
}

/** Most filtered records listed per model report (the count is always exact). */
const maxListedFiltered = 100;

/** Counts filtered records and lists the first ones with their reasons. */
export function addFiltered(report: ModelReport, filtered: readonly FilteredRecord[]): void {
  report.filtered += filtered.length;
  for (const record of filtered) {
    if (report.filteredRecords.length >= maxListedFiltered) break;
    report.filteredRecords.push(record);
  }
}

/** A record's provider `changed_at` in epoch ms, or null when absent or unreadable. */
function changedMs(record: UnifiedRecord): number | null {
  try {
    return parseIsoToMs(record?.changed_at);
  } catch {
    return null;
  }
}

/** A page the guard rejects is the connector's failure (a loop), so only this model stops. */
function checkPage(guard: PageGuard, page: Page<UnifiedRecord>): ReturnType<PageGuard['check']> {
  try {
    return guard.check(page);
  } catch (error) {
    throw new SourceFailure(error);
  }
}

/** The page's `serverTime` in epoch ms, or null when the connector does not report it. */
function serverTimeOf(page: Page<unknown>): number | null {
  const ms = page.serverTime ? Date.parse(page.serverTime) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
}

/** Writes a checkpoint when it changes something. */
async function checkpoint(store: StateStore, key: StateKey, before: ModelState, after: ModelState, entries: RecordEntry[]): Promise<void> {
  if (entries.length === 0 && before.cursor === after.cursor && before.highWater === after.highWater && before.readStartedAt === after.readStartedAt && before.inFlight === after.inFlight) return;
  await store.commit(key, { state: after, entries });
}

/**
 * Reports quarantined records (the connector's and the engine's), remembers their provider ids so
 * the sweep spares them, and counts them against the limit (which throws past it).
 */
function quarantine(context: ModelRunContext, report: ModelReport, run: RunState, records: readonly QuarantinedRecord[], processed: number): void {
  if (records.length === 0) return;
  report.quarantined.push(...records);
  for (const bad of records) {
    if (bad.remote_id === null) run.unknownQuarantined = true;
    else run.quarantinedRemoteIds.add(bad.remote_id);
  }
  context.quarantine.admit(context.key.model, records.length, Math.max(0, processed));
}

/** Distinct warnings listed per model; more are counted, not listed (a noisy stream must not grow memory). */
const maxListedWarnings = 100;
/** Warnings raised per model report (duplicates and unlisted ones included). */
const raisedWarnings = new WeakMap<ModelReport, number>();

/** How many warnings a model's run raised (each is also logged), listed or not. */
export function warningsRaised(report: ModelReport): number {
  return raisedWarnings.get(report) ?? report.warnings.length;
}

function warn(context: ModelRunContext, report: ModelReport, message: string): void {
  raisedWarnings.set(report, (raisedWarnings.get(report) ?? 0) + 1);
  context.logger.warn?.(message, { model: context.key.model });
  if (report.warnings.length < maxListedWarnings && !report.warnings.includes(message)) report.warnings.push(message);
}

function progress(context: ModelRunContext, report: ModelReport, phase: SyncProgress['phase']): void {
  context.onProgress?.({
    model: report.model as ModelName,
    phase,
    pages: report.pages,
    fetched: report.fetched,
    upserted: report.upserted,
    deleted: report.deleted,
    unchanged: report.unchanged,
  });
}
