/**
 * Detects a listing that goes round in circles without its URLs repeating: a provider that
 * ignores both the filter and the page number and keeps answering the same records with "more"
 * would otherwise be read until the page cap (100,000 pages, hours of a rate limit). A listing
 * that brings no record id it has not seen before on {@link STALLED_PAGE_LIMIT} pages in a row
 * is stopped with `PaginationLoopError`.
 *
 * Legitimate listings can repeat a page's worth of ids once (time-keyset paging re-reads the rows
 * at its bound when a whole page shares one timestamp), never three times in a row.
 * @module
 */

/** Pages in a row without a new record id that end a listing. */
export const STALLED_PAGE_LIMIT = 3;

/**
 * Remembers every record id of one listing (as a 32-bit hash, so a million ids cost a few MB)
 * and counts consecutive pages that brought none it had not seen. A hash collision can only make
 * a new id look seen; a page of new ids all colliding is not a practical event.
 */
export class ProgressGuard {
  private readonly seen = new Set<number>();
  private stalled = 0;

  constructor(private readonly limit: number = STALLED_PAGE_LIMIT) {}

  /**
   * Records a page's ids; returns true when the listing has now gone `limit` pages in a row
   * without a new one. Items without an id count as new (nothing can be said about them), and
   * an empty page is left to the pagination's own end rules.
   */
  stalledAfter(ids: readonly (string | null)[]): boolean {
    if (ids.length === 0) return false;
    let fresh = false;
    for (const id of ids) {
      if (id === null) {
        fresh = true;
        continue;
      }
      const key = hash(id);
      if (!this.seen.has(key)) {
        this.seen.add(key);
        fresh = true;
      }
    }
    this.stalled = fresh ? 0 : this.stalled + 1;
    return this.stalled >= this.limit;
  }

  /** Pages in a row without a new id so far. */
  get stalledPages(): number {
    return this.stalled;
  }
}

/** FNV-1a, 32 bits, as a small integer (cheap to keep in a Set). */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value | 0;
}
