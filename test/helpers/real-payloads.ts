/**
 * Real provider response bodies from public sources (the providers' own client fixtures and doc
 * examples, with provenance in their README), kept OUTSIDE this repository in
 * `../shared/real-payloads/<provider>/` and read at test time, never copied in.
 *
 * - The folder is there (`REAL_PAYLOADS_DIR`, else `<repo>/../shared/real-payloads`): tests use it.
 * - It is missing (a clone elsewhere, such as CI's fresh clone in a temporary folder): the tests of
 *   that file are skipped with one printed line naming where it looked. The payloads are data
 *   outside the repository, not a service, so `REQUIRE_SERVICES=1` does not make them required;
 *   `REQUIRE_REAL_PAYLOADS=1` does (a run that must not test nothing).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the payloads live: `REAL_PAYLOADS_DIR`, else `<repo>/../shared/real-payloads`. */
export const realPayloadsRoot = process.env.REAL_PAYLOADS_DIR
  ? resolve(process.env.REAL_PAYLOADS_DIR)
  : resolve(import.meta.dirname, '..', '..', '..', 'shared', 'real-payloads');

/** One payload file: its name and parsed JSON body. */
export interface RealPayload {
  /** File name, e.g. `docs.candidates.list.json`. */
  name: string;
  /** The parsed JSON. */
  body: unknown;
}

/**
 * The payloads of one provider, or null when the folder is missing (one line printed).
 * @throws Error when the folder is missing and `REQUIRE_REAL_PAYLOADS=1`
 */
export function realPayloads(provider: string): RealPayload[] | null {
  const folder = join(realPayloadsRoot, provider);
  if (!existsSync(folder)) {
    const message = `real ${provider} payloads not found at ${folder}`;
    if (process.env.REQUIRE_REAL_PAYLOADS === '1') throw new Error(`${message} (REQUIRE_REAL_PAYLOADS=1 needs them)`);
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
