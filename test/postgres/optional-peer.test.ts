/**
 * `pg` is an optional peer dependency: only `unified-ats/postgres` (and the fleet, which is built on
 * it) may load it. In a child process where `pg` cannot be resolved (for `require` and `import`),
 * every other entry of the package loads, and the postgres entry fails with a `ConfigError` that
 * names the package and how to install it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entries } from '../../tsup.config.js';

const root = join(import.meta.dirname, '..', '..');
/** Entries documented to need `pg` (contract: the fleet's optional peers include it). */
const needsPg = new Set(['postgres/index', 'fleet/index']);

interface Imported {
  results: { entry: string; loaded: boolean; name?: string; message?: string }[];
  /** Lines the hiding hooks wrote: one per attempt to load `pg`. */
  attempts: string[];
}

function importWithoutPg(paths: string[]): Imported {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--require', join(import.meta.dirname, 'fixtures', 'hide-pg.cjs'), join(import.meta.dirname, 'fixtures', 'import-entries.ts'), ...paths],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
  expect(result.status, result.stderr).toBe(0);
  return {
    results: JSON.parse(result.stdout.trim().split('\n').at(-1)!),
    attempts: result.stderr.split('\n').filter((line) => line.startsWith('hidden-pg:')),
  };
}

describe('pg is an optional peer', () => {
  it('every entry but postgres (and fleet) loads without pg, and none of them asks for it', () => {
    const others = Object.entries(entries)
      .filter(([name]) => !needsPg.has(name))
      .map(([, source]) => join(root, source));
    expect(others.length).toBeGreaterThanOrEqual(8);
    const { results, attempts } = importWithoutPg(others);
    expect(results.filter((result) => !result.loaded)).toEqual([]);
    expect(results).toHaveLength(others.length);
    expect(attempts).toEqual([]);
  });

  it('importing unified-ats/postgres without pg is a ConfigError naming the package', () => {
    const { results, attempts } = importWithoutPg([join(root, entries['postgres/index'])]);
    const [result] = results;
    // tsx retries with file extensions (pg/index.js, …): the first attempt is the one that matters.
    expect(attempts[0]).toBe('hidden-pg: require("pg")');
    expect(result).toMatchObject({ loaded: false, name: 'ConfigError' });
    expect(result!.message).toContain('"pg" package');
    expect(result!.message).toContain('npm install pg');
  });
});
