/**
 * `bullmq`, `ioredis` and `pg` are optional peer dependencies: only `unified-ats/fleet` needs all
 * three. In a child process where they cannot be resolved, every other entry of the package loads
 * without asking for bullmq or ioredis, and the fleet entry fails with a `ConfigError` naming the
 * missing package and how to install it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entries } from '../../tsup.config.js';

const root = join(import.meta.dirname, '..', '..');

interface Imported {
  results: { entry: string; loaded: boolean; name?: string; message?: string }[];
  attempts: string[];
}

function importWithout(hidden: string[], paths: string[]): Imported {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--require', join(import.meta.dirname, 'fixtures', 'hide-modules.cjs'), join(root, 'test', 'postgres', 'fixtures', 'import-entries.ts'), ...paths],
    { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, HIDDEN_MODULES: hidden.join(',') } },
  );
  expect(result.status, result.stderr).toBe(0);
  return {
    results: JSON.parse(result.stdout.trim().split('\n').at(-1)!),
    attempts: result.stderr.split('\n').filter((line) => line.startsWith('hidden-module:')),
  };
}

describe('bullmq and ioredis are optional peers', () => {
  it('every entry but the fleet loads without them, and none asks for them', () => {
    const others = Object.entries(entries)
      .filter(([name]) => name !== 'fleet/index')
      .map(([, source]) => join(root, source));
    const { results, attempts } = importWithout(['bullmq', 'ioredis'], others);
    expect(results.filter((result) => !result.loaded)).toEqual([]);
    expect(results).toHaveLength(others.length);
    expect(attempts).toEqual([]);
  });

  it.each(['bullmq', 'ioredis', 'pg'])('importing unified-ats/fleet without %s is a ConfigError naming it', (missing) => {
    const { results, attempts } = importWithout([missing], [join(root, entries['fleet/index'])]);
    const [result] = results;
    expect(attempts[0]).toBe(`hidden-module: require("${missing}")`);
    expect(result).toMatchObject({ loaded: false, name: 'ConfigError' });
    expect(result!.message).toMatch(new RegExp(`^unified-ats/fleet needs the "${missing}" package`));
    expect(result!.message).toContain('npm install bullmq ioredis pg');
  });
});
