/**
 * Real provider response bodies from public sources (the providers' own client fixtures and doc
 * examples, with provenance in their README), kept OUTSIDE this repository in
 * `../shared/real-payloads/<provider>/` and read at test time, never copied in.
 *
 * - The folder is there: tests use it.
 * - It is missing (a clone elsewhere): the tests of that file are skipped with one printed line,
 *   except with `REQUIRE_SERVICES=1` (CI on this workplace's machines, where it exists): then
 *   its absence fails the run instead of silently testing nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the payloads live: `<repo>/../shared/real-payloads`. */
export const realPayloadsRoot = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'real-payloads');

/** One payload file: its name and parsed JSON body. */
export interface RealPayload {
  /** File name, e.g. `docs.candidates.list.json`. */
  name: string;
  /** The parsed JSON. */
  body: unknown;
}

/**
 * The payloads of one provider, or null when the folder is missing outside CI (one line printed).
 * @throws Error when the folder is missing and `REQUIRE_SERVICES=1`
 */
export function realPayloads(provider: string): RealPayload[] | null {
  const folder = join(realPayloadsRoot, provider);
  if (!existsSync(folder)) {
    const message = `real ${provider} payloads not found at ${folder}`;
    if (process.env.REQUIRE_SERVICES === '1') throw new Error(`${message} (REQUIRE_SERVICES=1 needs them)`);
    process.stdout.write(`${message}: those tests are skipped\n`);
    return null;
  }
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, body: JSON.parse(readFileSync(join(folder, name), 'utf8')) as unknown }));
}

/** One payload by file name (throws when it is not there, so a renamed file fails loudly). */
export function realPayload(payloads: readonly RealPayload[], name: string): unknown {
  const found = payloads.find((payload) => payload.name === name);
  if (!found) throw new Error(`real payload ${name} not found (have: ${payloads.map((payload) => payload.name).join(', ')})`);
  return found.body;
}
