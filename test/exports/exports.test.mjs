// Imports every subpath of the built package (dist/) through its own name, as a user would,
// and checks the named exports exist. Run after `npm run build`: node --test test/exports/
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';

const subpaths = JSON.parse(readFileSync(new URL('./subpaths.json', import.meta.url), 'utf8'));
const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

test('every exports-map subpath is listed in subpaths.json', () => {
  const listed = Object.keys(subpaths).map((name) => name.replace(/^unified-ats/, '.'));
  const mapped = Object.keys(packageJson.exports).filter((key) => key !== './package.json');
  assert.deepEqual([...mapped].sort(), [...listed].sort());
});

for (const [specifier, names] of Object.entries(subpaths)) {
  test(`import ${specifier}`, async () => {
    const module = await import(specifier);
    for (const name of names) assert.ok(name in module, `${specifier} lacks ${name}`);
  });
}

test('the bin in package.json runs from dist and prints the usage', async () => {
  const { spawnSync } = await import('node:child_process');
  const bin = new URL(`../../${packageJson.bin['unified-ats']}`, import.meta.url);
  const result = spawnSync(process.execPath, [bin.pathname, '--help'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /Usage:/);
  const bad = spawnSync(process.execPath, [bin.pathname, 'sync', 'no-such-provider'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(bad.status, 2);
});
