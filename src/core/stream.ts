/**
 * `SyncStream<T>`: what every `sync*` method returns. Iterate it for records, or call `.pages()`
 * for provider pages with their quarantined records and a resume checkpoint. Nothing is fetched
 * until iteration starts, and only one page is held at a time.
 *
 * Scenario ids such as E2 are defined in docs/scenarios.md.
 */

/** A record that failed validation: which one and where, never its values. */
export interface QuarantinedRecord {
  /** The provider's id of the record, when it had one. */
  remote_id: string | null;
  /**
   * Why it was set aside: its raw item failed the wire schema, the mapper threw, the mapped
   * record failed the unified schema, or (`content`, set by the sync engine) the record could not
   * be processed: content nested past the engine's depth limit, or a value that cannot be hashed.
   */
  reason: 'wire_schema' | 'unified_schema' | 'mapping' | 'content';
  /** Paths of the failing fields (zod issue paths) and the issue codes. */
  issues: { path: (string | number)[]; code: string }[];
}

/** One provider page, mapped. */
export interface Page<T> {
  /** The records of this page that passed validation. */
  records: T[];
  /** Records of this page that were set aside, with the reason. */
  quarantined: QuarantinedRecord[];
  /**
   * An opaque checkpoint: pass it as `since` to resume after this page. It is the highest
   * `changed_at` delivered so far when the stream is sorted by it, and null otherwise (an unsorted
   * stream can only be resumed from where it started).
   */
  checkpoint: string | null;
  /** HTTP requests this page took (including sideloads, excluding retries). */
  requests: number;
  /** Non-fatal notes about the page (an empty page with a next link, a filter the API ignored). */
  warnings: string[];
  /**
   * The provider's clock when it served the page (its `Date` header), as a UTC ISO string; null or
   * absent when unknown. For a page built from several responses (a fan-out, a join, a list read
   * whole and handed out in pages) it is the earliest clock among the responses its records came
   * from, never a later one. The sync engine caps its cursor at the first page's value (E2, E4).
   */
  serverTime?: string | null;
}

/**
 * Options every `sync*` method takes after `since`. Each method also takes its model's list
 * filters next to these (`FiltersOf<M>`: `ids`, `emails`, `job_ids` / `jobId`, `statuses`...).
 */
export interface SyncOptions {
  /** Cancels the stream (requests, backoff sleeps). */
  signal?: AbortSignal;
  /** Records per provider page, up to the provider's maximum (default: the maximum). */
  pageSize?: number;
}

/** An async iterable of records, with `.pages()` for page-level control. */
export interface SyncStream<T> extends AsyncIterable<T> {
  /** Provider pages with quarantine information and resume checkpoints. */
  pages(): AsyncIterable<Page<T>>;
}

/** Builds a `SyncStream` from a page producer (called afresh for every iteration). */
export function createSyncStream<T>(produce: () => AsyncIterable<Page<T>>): SyncStream<T> {
  return {
    pages: produce,
    [Symbol.asyncIterator]: () => recordIterator(produce),
  };
}

/**
 * The records of the pages of `produce`, one by one. A record already read from its page is handed
 * out at once (one settled promise), where an async generator's `yield*` costs several promise
 * turns per record; a page is read only when the previous one is used up. Calls to `next` made
 * before an earlier one settled are answered in call order. An error ends the iteration after it
 * is thrown; `return` (a `break` out of `for await`) closes the page iterator, so the stream's own
 * clean-up runs.
 */
function recordIterator<T>(produce: () => AsyncIterable<Page<T>>): AsyncIterableIterator<T> {
  let pages: AsyncIterator<Page<T>> | null = null;
  let records: readonly T[] = [];
  let index = 0;
  let finished = false;
  let pending: Promise<void> | null = null;
  const next = (): Promise<IteratorResult<T>> => {
    if (pending !== null) return pending.then(next, next);
    if (index < records.length) return Promise.resolve({ value: records[index++] as T, done: false });
    if (finished) return Promise.resolve({ value: undefined, done: true });
    pages ??= produce()[Symbol.asyncIterator]();
    pending = pages.next().then(
      (step) => {
        pending = null;
        if (step.done) finished = true;
        else {
          records = step.value.records;
          index = 0;
        }
      },
      (error: unknown) => {
        pending = null;
        finished = true;
        throw error;
      },
    );
    return pending.then(next);
  };
  const iterator: AsyncIterableIterator<T> = {
    next,
    async return(value?: unknown): Promise<IteratorResult<T>> {
      finished = true;
      records = [];
      await pages?.return?.();
      return { value: value as T, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** A stream that throws `error` when iterated (an unsupported model). */
export function failingStream<T>(error: () => Error): SyncStream<T> {
  return createSyncStream<T>(async function* () {
    yield* [];
    throw error();
  });
}
