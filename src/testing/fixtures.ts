/**
 * Exchange fixtures: `fixtures/<provider>/<resource>.<scenario>.json`, each one request and the
 * response a provider gives to it. The ones in this repository are reconstructed from the
 * providers' documentation and public client fixtures (each provider's `fixtures/<provider>/README.md`
 * says from what); only `npm run record` captures recorded ones from a live account, into
 * `fixtures/<provider>/recorded/`. The format (`RecordedExchangeSchema`, named after what
 * the recorder writes) is the same for both. Mapper tests read them directly; transport and
 * connector tests serve them as msw handlers over loopback (see `msw-loopback.ts`), so both use the
 * same bytes.
 * @module
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';

/** HTTP methods a fixture can hold. */
export const FixtureMethodSchema = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** A query value: one string, or several for a repeated key. */
const QueryValueSchema = z.union([z.string(), z.array(z.string())]);

/**
 * One exchange (reconstructed or recorded). Strict, so a misspelt key in a hand-edited fixture fails loudly instead
 * of silently matching everything.
 */
export const RecordedExchangeSchema = z.strictObject({
  request: z.strictObject({
    method: FixtureMethodSchema,
    /** The resource path, below the connector's base URL (`/candidates`). */
    path: z.string().startsWith('/'),
    /** Query parameters that must be present with these values (others are ignored). */
    query: z.record(z.string(), QueryValueSchema).optional(),
    /** The JSON body that was sent (informational: matching does not use it). */
    body: z.unknown().optional(),
  }),
  response: z.strictObject({
    status: z.number().int().min(100).max(599),
    headers: z.record(z.string(), z.string()),
    /** JSON, or a string sent as-is (an HTML error page, a malformed body). */
    body: z.unknown(),
  }),
});

/** One exchange (reconstructed or recorded). */
export type RecordedExchange = z.infer<typeof RecordedExchangeSchema>;

/** A fixture with where it came from. */
export interface Fixture extends RecordedExchange {
  /** `<resource>.<scenario>` from the file name (`candidates.page-1`). */
  name: string;
  /** The file it was read from, when it came from a file. */
  file?: string;
}

/** Fixture file names: `<resource>.<scenario>.json`. */
const FIXTURE_FILE = /^[a-z0-9][a-z0-9_-]*\.[a-z0-9][a-z0-9_-]*\.json$/i;

/**
 * Reads and validates one fixture file. Throws naming the file and the invalid paths.
 * @param file path to a `<resource>.<scenario>.json` file
 */
export async function loadFixture(file: string): Promise<Fixture> {
  const text = await readFile(file, 'utf8');
  return parseFixture(JSON.parse(text) as unknown, basename(file).replace(/\.json$/, ''), file);
}

/**
 * Validates an already parsed fixture.
 * @param value the parsed JSON
 * @param name `<resource>.<scenario>`
 * @param file where it came from, for error messages
 */
export function parseFixture(value: unknown, name: string, file?: string): Fixture {
  const parsed = RecordedExchangeSchema.safeParse(value);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
    throw new Error(`Invalid fixture ${file ?? name}: ${paths}`);
  }
  return { ...parsed.data, name, ...(file ? { file } : {}) };
}

/**
 * Loads every fixture of a provider, sorted by name: `<root>/<provider>/*.json`, optionally only
 * one resource's (`candidates.*.json`).
 * @param root the fixtures folder (`fixtures`)
 * @param provider the provider's folder name
 * @param resource only fixtures whose name starts with `<resource>.`
 */
export async function loadFixtures(root: string, provider: string, resource?: string): Promise<Fixture[]> {
  const folder = join(root, provider);
  const names = (await readdir(folder)).filter(
    (name) => FIXTURE_FILE.test(name) && (resource === undefined || name.startsWith(`${resource}.`)),
  );
  names.sort();
  return Promise.all(names.map((name) => loadFixture(join(folder, name))));
}

/**
 * Whether `url`'s query holds every key of `expected` with the same value(s). Keys the fixture does
 * not mention are ignored, so a fixture does not break when a connector adds a parameter.
 */
export function queryMatches(url: URL, expected: RecordedExchange['request']['query']): boolean {
  for (const [key, value] of Object.entries(expected ?? {})) {
    const actual = url.searchParams.getAll(key);
    const wanted = Array.isArray(value) ? value : [value];
    if (actual.length !== wanted.length || wanted.some((item, index) => actual[index] !== item)) return false;
  }
  return true;
}
