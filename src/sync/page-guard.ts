/**
 * Defends the engine against a connector that never ends (S11, S12, E14): a page seen again and
 * again, more pages than any real listing has, or empty pages forever. Connectors guard their own
 * pagination too; this is the last line, at the level where every connector looks the same.
 *
 * Scenario ids such as S11 are defined in docs/scenarios.md.
 * @module
 */
import { hash } from 'node:crypto';
import { PaginationLoopError } from '../core/errors.js';
import type { Page } from '../core/stream.js';
import type { ModelName } from '../models/registry.js';

/** A page may come back once (a connector stepping back a page, E5); the third sighting is a loop. */
const maxSightings = 2;
/**
 * Fingerprints remembered (the most recent ones): a loop repeats recent pages, and remembering
 * every page of a million-record scan would make the engine's memory grow with the account. A
 * cycle longer than this is still stopped by the page cap.
 */
const rememberedPages = 4_096;

/** What to do with a page. */
export type PageVerdict = 'continue' | 'stop';

/**
 * Watches one model's stream of pages. Empty pages alone prove nothing (a client-side filter or a
 * fan-out model yields them legitimately, many in a row), so they only count against the page cap.
 */
export class PageGuard {
  readonly #provider: string;
  readonly #model: ModelName;
  readonly #maxPages: number;
  readonly #sightings = new Map<string, number>();
  #pages = 0;
  #emptyInARow = 0;

  constructor(provider: string, model: ModelName, maxPages: number) {
    this.#provider = provider;
    this.#model = model;
    this.#maxPages = maxPages;
  }

  /** Empty pages received since the last page with content. */
  get emptyInARow(): number {
    return this.#emptyInARow;
  }

  /**
   * Checks the next page. Throws `PaginationLoopError` when a page keeps coming back, or when the
   * page cap is passed by a page with content. Returns `stop` when the cap is passed by an empty
   * page (S12: a stream paging on past its end is ended, and treated as unfinished).
   */
  check(page: Page<{ id: string; changed_at: string | null }>): PageVerdict {
    this.#pages += 1;
    const empty = page.records.length === 0 && page.quarantined.length === 0;
    this.#emptyInARow = empty ? this.#emptyInARow + 1 : 0;
    if (this.#pages > this.#maxPages) {
      if (empty) return 'stop';
      this.#fail(`went past ${this.#maxPages} pages (maxPagesPerModel)`);
    }
    if (empty) return 'continue';
    const fingerprint = fingerprintOf(page);
    const sightings = (this.#sightings.get(fingerprint) ?? 0) + 1;
    // Re-inserted, so the map's insertion order is the order of last sighting.
    this.#sightings.delete(fingerprint);
    this.#sightings.set(fingerprint, sightings);
    if (this.#sightings.size > rememberedPages) this.#sightings.delete(this.#sightings.keys().next().value!);
    if (sightings > maxSightings) this.#fail('returned the same page again and again');
    return 'continue';
  }

  #fail(why: string): never {
    throw new PaginationLoopError(`${this.#provider} ${this.#model} stream ${why}; stopping`, {
      provider: this.#provider,
      operation: `sync ${this.#model}`,
      status: null,
    });
  }
}

/**
 * Identifies a page by the ids and versions it holds (and the ids it quarantined). One string and
 * one-shot `hash` per page: cheaper than feeding a hash object once per record. Fingerprints live
 * only in memory for one run, so their form is free to change.
 */
function fingerprintOf(page: Page<{ id: string; changed_at: string | null }>): string {
  let text = '';
  // `?.`: a malformed record (quarantined later, in classification) must not throw here.
  for (const record of page.records) text += `${String(record?.id)}\u0000${String(record?.changed_at ?? '')}\u0001`;
  for (const bad of page.quarantined) text += `q${bad.remote_id ?? ''}\u0001`;
  return hash('sha256', text, 'base64url').slice(0, 22);
}
