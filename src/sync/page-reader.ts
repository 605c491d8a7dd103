/**
 * Reading a connector's pages for the engine: its failures wrapped as {@link SourceFailure} (so the
 * engine can tell them from its own), and one page of read-ahead.
 * @module
 */
import type { Page } from '../core/stream.js';
import type { UnifiedRecord } from './classify.js';
import type { SyncSource } from './types.js';
import type { StateKey } from './state-store.js';

/** An error raised by the connector's stream (as opposed to the sink, the store or the engine). */
export class SourceFailure extends Error {
  constructor(readonly error: unknown) {
    super('connector stream failed');
  }
}

/**
 * The connector's pages, with its failures wrapped (as {@link SourceFailure}) so the engine can
 * tell them from its own.
 *
 * It can read one page ahead: once the engine accepted a page ({@link PageReader.readAhead}),
 * the next one is requested while the engine works on this one (store lookups, `onBatch`, the
 * checkpoint), so the provider's round trip overlaps them. Only the request runs early: nothing
 * of a page is delivered or acknowledged before the page ahead of it, and a page read ahead of a
 * run that stops is dropped.
 */
export class PageReader {
  readonly #iterator: AsyncIterator<Page<UnifiedRecord>> | null;
  #pending: Promise<{ result: IteratorResult<Page<UnifiedRecord>> } | { error: unknown }> | null = null;
  #finished = false;

  constructor(source: SyncSource, key: StateKey, since: string | null, options: { signal: AbortSignal | undefined; pageSize: number | undefined }) {
    try {
      const stream = source.syncModel(key.model, since ?? undefined, options);
      this.#iterator = (stream.pages() as AsyncIterable<Page<UnifiedRecord>>)[Symbol.asyncIterator]();
    } catch (error) {
      this.#iterator = null;
      this.#pending = Promise.resolve({ error });
    }
  }

  /** The next page, or null at the end of the stream. */
  async next(): Promise<Page<UnifiedRecord> | null> {
    const next = await (this.#pending ?? this.#request());
    this.#pending = null;
    if ('error' in next) {
      this.#finished = true;
      throw new SourceFailure(next.error);
    }
    if (next.result.done) {
      this.#finished = true;
      return null;
    }
    return next.result.value;
  }

  /** Requests the next page now (the current one passed the engine's checks). */
  readAhead(): void {
    if (!this.#finished) this.#pending ??= this.#request();
  }

  /** Ends the stream early: lets a request in flight end (an abort cancels it), then closes it. */
  async close(): Promise<void> {
    if (this.#finished || !this.#iterator) return;
    this.#finished = true;
    await this.#pending;
    await Promise.resolve(this.#iterator.return?.()).catch(() => undefined);
  }

  /** The iterator's next page, or the error it failed with (never a rejection left unheard). */
  #request(): Promise<{ result: IteratorResult<Page<UnifiedRecord>> } | { error: unknown }> {
    try {
      return this.#iterator!.next().then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
    } catch (error) {
      return Promise.resolve({ error });
    }
  }
}
