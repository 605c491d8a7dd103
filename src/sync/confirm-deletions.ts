/**
 * Confirms the deletions a complete full scan suggests (E5, E10). A record missing from a complete
 * scan is not always gone: page-number and offset pagination skip a live row when another row is
 * deleted during the scan (everything shifts one slot towards pages already read). So before a
 * sweep delivers a record as deleted:
 *
 * - where the connector has a single-record getter for the model, the record is looked up:
 *   `NotFoundError` confirms the deletion; a record found is live (and delivered if it changed);
 *   any other failure, or a lookup past the per-run budget, leaves it for the next full run;
 * - without a getter, the record must be missing from two consecutive complete scans: the first
 *   miss only marks the entry (`missingSince`), any sighting clears the mark, the second miss
 *   confirms.
 *
 * Scenario ids such as E5 are defined in docs/scenarios.md.
 * @module
 */
import { AuthError, NotFoundError, RateLimitError, UnsupportedError } from '../core/errors.js';
import type { ModelName } from '../models/registry.js';
import type { UnifiedRecord } from './classify.js';
import type { RecordEntry } from './state-store.js';
import type { SyncSource } from './types.js';

/** Fetches one record by its unified id; throws `NotFoundError` when it does not exist. */
export type RecordLookup = (id: string, options: { signal?: AbortSignal }) => Promise<UnifiedRecord>;

/** The getter of each model that has one in the connector contract. */
const getterOf: Partial<Record<ModelName, 'getJob' | 'getCandidate' | 'getApplication'>> = {
  jobs: 'getJob',
  candidates: 'getCandidate',
  applications: 'getApplication',
};

/** The source's single-record getter for `model`, or null when it has none. */
export function lookupOf(source: SyncSource, model: ModelName): RecordLookup | null {
  const name = getterOf[model];
  const getter = name ? source[name] : undefined;
  if (typeof getter !== 'function') return null;
  return (id, options) => (getter as (id: string, options: { signal?: AbortSignal }) => Promise<UnifiedRecord>).call(source, id, options);
}

/** The verdicts on one batch of entries a complete scan did not return. */
export interface DeletionVerdicts {
  /** Confirmed gone: deliver as deleted. */
  deleted: RecordEntry[];
  /** Looked up and found: live, to classify like a scanned record. */
  found: UnifiedRecord[];
  /** First miss without a getter: the entries with `missingSince` set, to commit. */
  marked: RecordEntry[];
  /** Left for the next full run (lookup budget spent, lookup failed). */
  deferred: number;
  /** Why lookups stopped or failed, once per kind (for the report's warnings). */
  notes: string[];
}

/** What a confirmer needs. */
export interface DeletionConfirmerOptions {
  /** The model's getter, or null. */
  lookup: RecordLookup | null;
  /** Most lookups in this run. */
  maxLookups: number;
  /** The complete scan whose misses are being confirmed. */
  scanId: string;
  signal: AbortSignal | undefined;
}

/** Confirms one model's suspected deletions, batch by batch, within one run's lookup budget. */
export class DeletionConfirmer {
  readonly #options: DeletionConfirmerOptions;
  #lookup: RecordLookup | null;
  #lookups = 0;
  /** Set when the provider refuses further lookups in this run (rate limit, credentials). */
  #stopped: string | null = null;
  readonly #noted = new Set<string>();

  constructor(options: DeletionConfirmerOptions) {
    this.#options = options;
    this.#lookup = options.lookup;
  }

  /** Lookups made so far. */
  get lookups(): number {
    return this.#lookups;
  }

  /** Decides on each entry; lookups run one at a time (they share the provider's rate limit). */
  async confirm(entries: readonly RecordEntry[]): Promise<DeletionVerdicts> {
    const verdicts: DeletionVerdicts = { deleted: [], found: [], marked: [], deferred: 0, notes: [] };
    for (const entry of entries) {
      if (this.#lookup === null) {
        if (entry.missingSince) verdicts.deleted.push(entry);
        else verdicts.marked.push({ ...entry, missingSince: this.#options.scanId });
        continue;
      }
      if (this.#stopped !== null || this.#lookups >= this.#options.maxLookups) {
        verdicts.deferred += 1;
        this.#note(verdicts, this.#stopped ?? `deletion lookups capped at ${this.#options.maxLookups} this run; the rest wait for the next full run`);
        continue;
      }
      this.#lookups += 1;
      try {
        verdicts.found.push(await this.#lookup(entry.id, { signal: this.#options.signal }));
      } catch (error) {
        this.#options.signal?.throwIfAborted();
        if (error instanceof NotFoundError) verdicts.deleted.push(entry);
        else if (error instanceof UnsupportedError) {
          // The connector declares the getter but cannot serve it: two scans must agree instead.
          this.#lookup = null;
          this.#note(verdicts, `no single-record lookup (${error.message}); deletions need two complete full scans`);
          if (entry.missingSince) verdicts.deleted.push(entry);
          else verdicts.marked.push({ ...entry, missingSince: this.#options.scanId });
        } else {
          verdicts.deferred += 1;
          const name = error instanceof Error ? error.name : 'Error';
          if (error instanceof RateLimitError || error instanceof AuthError) this.#stopped = `deletion lookups stopped by ${name}; the rest wait for the next full run`;
          this.#note(verdicts, this.#stopped ?? `a deletion lookup failed (${name}); that record waits for the next full run`);
        }
      }
    }
    return verdicts;
  }

  #note(verdicts: DeletionVerdicts, note: string): void {
    if (this.#noted.has(note)) return;
    this.#noted.add(note);
    verdicts.notes.push(note);
  }
}
