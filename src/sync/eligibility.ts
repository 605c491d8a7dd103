/**
 * Which records the engine delivers: the `filter` option (rules per model, evaluated with
 * `unified-ats/rules`) and `createdAfter`. A record that fails them is not delivered and is counted
 * as `filtered` with its reasons; a record delivered earlier that fails them now is delivered once
 * in the batch's `ineligible` list, and its entry becomes a tombstone (hash null), so it comes back
 * as an upsert the day it passes again (decision 0064).
 * @module
 */
import { parseIsoToMs } from '../core/dates.js';
import { ConfigError } from '../core/errors.js';
import type { ModelName } from '../models/registry.js';
import { compileRules, evaluate, RuleValidationError, type CompiledRules, type Evaluation } from '../rules/evaluate.js';
import type { UnifiedRecord } from './classify.js';
import type { FilteredRecord } from './report.js';
import type { RecordEntry } from './state-store.js';
import type { CreatedAfter, IneligibleRecord, SyncFilter } from './types.js';

/** The verdict on one record. */
export interface EligibilityCheck {
  /** Whether the record may be delivered. */
  eligible: boolean;
  /** Why not (empty when eligible). */
  reasons: string[];
  /** The rules' evaluation, or null when the model has no rules. */
  evaluation: Evaluation | null;
}

/** A page split by eligibility. */
export interface ScreenedPage<T> {
  /** Records to classify and deliver as usual (eligible ones, deletions, records without an id). */
  pass: T[];
  /** Records delivered earlier that are no longer eligible: delivered in `ineligible`. */
  ineligible: IneligibleRecord<T>[];
  /** Tombstones of the `ineligible` records' entries, written with the checkpoint. */
  entries: RecordEntry[];
  /** Records never delivered that are not eligible: counted, not delivered. */
  filtered: FilteredRecord[];
}

/** The engine's eligibility rules, validated once when the engine is created. */
export class Eligibility {
  readonly #rules = new Map<ModelName, CompiledRules>();
  readonly #createdAfter = new Map<ModelName, { ms: number; iso: string }>();
  readonly #clock: () => number;

  constructor(filter: SyncFilter | undefined, createdAfter: CreatedAfter | undefined, models: readonly ModelName[], clock: () => number, provider: string) {
    this.#clock = clock;
    const configError = (message: string) => new ConfigError(message, { provider, operation: 'createSyncEngine' });
    if (filter !== undefined && (typeof filter !== 'object' || filter === null || Array.isArray(filter))) throw configError('filter must be an object of rules per model ({ jobs: rules })');
    for (const [model, rules] of Object.entries(filter ?? {})) {
      if (!models.includes(model as ModelName)) throw configError(`filter: ${JSON.stringify(model)} is not one of this engine's models`);
      if (rules === undefined) continue;
      try {
        this.#rules.set(model as ModelName, compileRules(rules, 'createSyncEngine'));
      } catch (error) {
        if (error instanceof RuleValidationError) throw configError(`filter.${model}: ${error.message}`);
        throw error;
      }
    }
    if (createdAfter === undefined) return;
    const perModel = typeof createdAfter === 'string' || createdAfter instanceof Date ? Object.fromEntries(models.map((model) => [model, createdAfter])) : createdAfter;
    if (typeof perModel !== 'object' || perModel === null) throw configError('createdAfter must be a Date, an ISO string, or one per model');
    for (const [model, value] of Object.entries(perModel)) {
      if (!models.includes(model as ModelName)) throw configError(`createdAfter: ${JSON.stringify(model)} is not one of this engine's models`);
      if (value === undefined) continue;
      const ms = value instanceof Date ? value.getTime() : safeMs(value);
      if (ms === null || !Number.isFinite(ms)) throw configError(`createdAfter.${model} must be a valid Date or ISO 8601 string`);
      this.#createdAfter.set(model as ModelName, { ms, iso: new Date(ms).toISOString() });
    }
  }

  /** Whether the model has rules or a creation bound. */
  applies(model: ModelName): boolean {
    return this.#rules.has(model) || this.#createdAfter.has(model);
  }

  /** Checks one record of `model`; never throws for a record. */
  check(model: ModelName, record: unknown): EligibilityCheck {
    const reasons: string[] = [];
    const bound = this.#createdAfter.get(model);
    if (bound) {
      const created = safeMs((record as { remote_created_at?: unknown } | null)?.remote_created_at);
      // A record whose creation time is unknown is kept, as the list filter `created_after` does.
      if (created !== null && created < bound.ms) reasons.push(`created ${new Date(created).toISOString()}, before createdAfter ${bound.iso}`);
    }
    const rules = this.#rules.get(model);
    const evaluation = rules ? evaluate(rules, record, { now: this.#clock }) : null;
    if (evaluation && !evaluation.eligible) {
      if (evaluation.unmatched.length === 0) reasons.push(evaluation.summary);
      for (const unmatched of evaluation.unmatched) {
        for (const failed of unmatched.failed) reasons.push(`rule "${unmatched.rule.name}": ${failed.reason}`);
      }
    }
    return { eligible: reasons.length === 0, reasons, evaluation };
  }

  /**
   * Splits a page: eligible records (and deletions, and records the classifier will quarantine)
   * pass; the others are `ineligible` when a live entry says they were delivered (or a placeholder
   * that they may have been), else `filtered`.
   */
  screen<T extends UnifiedRecord>(model: ModelName, records: readonly T[], known: ReadonlyMap<string, RecordEntry>, scanId: string | null): ScreenedPage<T> {
    const page: ScreenedPage<T> = { pass: [], ineligible: [], entries: [], filtered: [] };
    if (!this.applies(model)) {
      page.pass = [...records];
      return page;
    }
    const now = new Date(this.#clock()).toISOString();
    for (const record of records) {
      if (typeof record?.id !== 'string' || typeof record.remote_id !== 'string' || record.remote_deleted_at) {
        page.pass.push(record);
        continue;
      }
      const { eligible, reasons } = this.check(model, record);
      if (eligible) {
        page.pass.push(record);
        continue;
      }
      const entry = known.get(record.id);
      // A live entry, or a placeholder: the record was, or may have been, delivered (0079).
      if (entry && entry.deletedAt === null) {
        page.ineligible.push({ id: record.id, remote_id: record.remote_id, record, reasons });
        page.entries.push(Object.assign({}, entry, { hash: null, deletedAt: now, scan: scanId ?? entry.scan, missingSince: null, deliveredAt: now }));
      } else {
        page.filtered.push({ id: record.id, remote_id: record.remote_id, reasons });
      }
    }
    return page;
  }
}

function safeMs(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  try {
    return parseIsoToMs(value);
  } catch {
    return null;
  }
}
