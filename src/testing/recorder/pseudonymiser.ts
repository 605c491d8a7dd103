/**
 * Consistent pseudonyms for recorded fixtures: the same real value always gets the same fake value
 * within one recording run (so an id in `candidates.page-1` and in `job-applications.list` still
 * match), and fake values come from counters, not hashes, so they cannot be reversed by guessing
 * (ids are sequential numbers, and a hash of one is easy to brute-force).
 * @module
 */

/** First fake id; far from typical small test ids so a missed real id stands out in review. */
const FIRST_FAKE_ID = 1_000_001;

/** Hands out fake values, one counter and one table per kind of value. */
export class Pseudonymiser {
  private readonly tables = new Map<string, Map<string, string>>();
  private nextId = FIRST_FAKE_ID;

  /** A fake numeric id (as a string) for a real id; the same real id always gets the same one. */
  id(real: string): string {
    return this.remember('id', real, () => String(this.nextId++));
  }

  /** The fake id already given to `real`, or undefined (for tests; the table is never written out). */
  lookupId(real: string): string | undefined {
    return this.tables.get('id')?.get(real);
  }

  /** A fake email on a reserved domain (`person-3@example.com`), keyed case-insensitively. */
  email(real: string): string {
    return this.remember('email', real.trim().toLowerCase(), (n) => `person-${n}@example.com`);
  }

  /** A fake phone number in the reserved 555-01xx range style. */
  phone(real: string): string {
    return this.remember('phone', real.replace(/\s+/g, ''), (n) => `+1555010${String(n).padStart(4, '0')}`);
  }

  /** A fake given name, family name or full name, by kind. */
  name(kind: 'given' | 'family' | 'full' | 'username', real: string): string {
    const label = { given: 'Given', family: 'Family', full: 'Person', username: 'user' }[kind];
    return this.remember(`name:${kind}`, real, (n) => `${label}${n}`);
  }

  /** Placeholder for free text that may hold personal data (a pitch, a note, a cover letter). */
  text(real: string): string {
    return this.remember('text', real, (n) => `[redacted text ${n}]`);
  }

  /** A fake file name keeping the extension (the connector derives MIME types from it). */
  fileName(real: string): string {
    const extension = /\.([A-Za-z0-9]{1,8})$/.exec(real)?.[1];
    return this.remember('file', real, (n) => `file-${n}${extension ? `.${extension.toLowerCase()}` : ''}`);
  }

  /**
   * A fake URL for a link outside the API (a signed S3 URL, a LinkedIn profile, a careersite page):
   * the query (signatures, tokens) is dropped and the path replaced, keeping the file extension.
   */
  externalUrl(real: string): string {
    let key = real;
    let extension = '';
    try {
      const parsed = new URL(real);
      key = `${parsed.origin}${parsed.pathname}`;
      extension = /\.([A-Za-z0-9]{1,8})$/.exec(parsed.pathname)?.[1]?.toLowerCase() ?? '';
    } catch {
      // not a URL after all: the whole value is the key
    }
    return this.remember('url', key, (n) => `https://redacted.example/file/${n}${extension ? `.${extension}` : ''}`);
  }

  /** A fake request id. */
  requestId(real: string): string {
    return this.remember('request-id', real, (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);
  }

  private remember(kind: string, real: string, make: (n: number) => string): string {
    let table = this.tables.get(kind);
    if (!table) {
      table = new Map();
      this.tables.set(kind, table);
    }
    let fake = table.get(real);
    if (fake === undefined) {
      fake = make(table.size + 1);
      table.set(real, fake);
    }
    return fake;
  }
}
