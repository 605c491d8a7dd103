/**
 * The quarantine budget of a run (B3): records that failed validation are reported and the run
 * goes on, until too many fail, which usually means the provider changed its format; the run then
 * stops before delivering the offending page, so the cursor does not move past it.
 *
 * Scenario ids such as B3 are defined in docs/scenarios.md.
 * @module
 */
import { AtsError } from '../core/errors.js';
import type { ModelName } from '../models/registry.js';
import type { QuarantineLimit } from './types.js';

/** Default: at most this many quarantined records per run. */
const defaultPerRun = 50;
/** Default: at most this share of a page. */
const defaultPageShare = 0.1;

/** Too many records failed validation; the run stopped without acknowledging the page. */
export class QuarantineLimitError extends AtsError {
  /** The model whose page went over the limit. */
  readonly model: ModelName;
  /** Which limit: per run or per page. */
  readonly limit: 'per_run' | 'page_share';
  constructor(message: string, options: { provider: string; model: ModelName; limit: 'per_run' | 'page_share' }) {
    super(message, { provider: options.provider, operation: `sync ${options.model}`, retryable: false });
    this.model = options.model;
    this.limit = options.limit;
  }
}

/** Normalises the `quarantineLimit` option. */
export function resolveQuarantineLimit(option: number | QuarantineLimit | undefined): Required<QuarantineLimit> {
  const limit = typeof option === 'number' ? { perRun: option } : (option ?? {});
  const perRun = limit.perRun ?? defaultPerRun;
  const pageShare = limit.pageShare ?? defaultPageShare;
  if (!Number.isInteger(perRun) || perRun < 0) throw new RangeError('quarantineLimit.perRun must be a non-negative integer');
  if (!(pageShare >= 0 && pageShare <= 1)) throw new RangeError('quarantineLimit.pageShare must be between 0 and 1');
  return { perRun, pageShare };
}

/** Counts quarantined records over one run. */
export class QuarantineBudget {
  readonly #limit: Required<QuarantineLimit>;
  readonly #provider: string;
  #count = 0;

  constructor(limit: Required<QuarantineLimit>, provider: string) {
    this.#limit = limit;
    this.#provider = provider;
  }

  /**
   * Counts a page's quarantined records (`bad`, beside `valid` good ones); throws
   * {@link QuarantineLimitError} past a limit.
   */
  admit(model: ModelName, bad: number, valid: number): void {
    if (bad === 0) return;
    this.#count += bad;
    const share = bad / (bad + valid);
    if (bad > 1 && share > this.#limit.pageShare) {
      throw new QuarantineLimitError(
        `${bad} of ${bad + valid} ${model} records on one page failed validation (limit ${this.#limit.pageShare * 100}%)`,
        { provider: this.#provider, model, limit: 'page_share' },
      );
    }
    if (this.#count > this.#limit.perRun) {
      throw new QuarantineLimitError(`${this.#count} records failed validation in this run (limit ${this.#limit.perRun})`, {
        provider: this.#provider,
        model,
        limit: 'per_run',
      });
    }
  }
}
