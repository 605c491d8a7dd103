// What an npm user gets: the packed file list (npm pack --dry-run) must hold every page the
// README links to, so the connector pages and the guides open from node_modules/unified-ats.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import test from 'node:test';

const root = new URL('../../', import.meta.url);

function packedFiles() {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return new Set(JSON.parse(out)[0].files.map((file) => file.path));
}

test('every relative link of README.md points at a file the package ships', () => {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const links = [...readme.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)(?:#[^)]*)?\)/g)].map((match) => match[1].replace(/^\.\//, ''));
  assert.ok(links.length >= 5, `expected the README to link its docs, found ${links.length} links`);
  const files = packedFiles();
  const missing = links.filter((link) => !files.has(link));
  assert.deepEqual(missing, [], `README links to files the package does not ship: ${missing.join(', ')}`);
  for (const provider of ['teamtailor', 'gem', 'crelate', 'flatchr', 'jarvi']) {
    assert.ok(files.has(`docs/connectors/${provider}.md`), `docs/connectors/${provider}.md is not shipped`);
  }
});
