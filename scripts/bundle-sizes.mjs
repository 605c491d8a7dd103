// Bytes each ESM entry of dist/ loads: the entry file plus every chunk it imports, transitively
// (tsup splits shared code into chunks, so an entry file alone says little). Run after a build:
//   node scripts/bundle-sizes.mjs            -> a table
//   node scripts/bundle-sizes.mjs --json     -> { entry: bytes }
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

function closure(file, seen = new Set()) {
  if (seen.has(file) || !existsSync(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) closure(join(dirname(file), match[1]), seen);
  return seen;
}

const sizes = {};
for (const [subpath, target] of Object.entries(packageJson.exports)) {
  if (typeof target !== 'object') continue;
  const entry = join(dist, '..', target.import.default);
  const files = closure(entry);
  sizes[subpath] = [...files].reduce((sum, file) => sum + statSync(file).size, 0);
}
if (process.argv.includes('--json')) console.log(JSON.stringify(sizes, null, 2));
else for (const [subpath, bytes] of Object.entries(sizes)) console.log(`${subpath.padEnd(16)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB  (${relative(process.cwd(), dist)})`);
