/**
 * The examples in docs/*.md marked ```ts runnable are run as they are written, with their
 * `unified-ats/...` imports pointed at the source entries (the same entries tsup builds), so a
 * documented example that stops working fails here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '../..');
const docs = join(root, 'docs');

/** Subpath (`rules`, `` for the root) → source file, read from tsup.config.ts. */
function entryMap(): Map<string, string> {
  const text = readFileSync(join(root, 'tsup.config.ts'), 'utf8');
  const map = new Map<string, string>();
  for (const match of text.matchAll(/'([\w/-]+)': '(src\/[\w/.-]+)'/g)) map.set((match[1] as string).replace(/\/?index$/, ''), join(root, match[2] as string));
  map.set('', join(root, 'src/index.ts'));
  return map;
}

function runnableBlocks(): { name: string; code: string }[] {
  const out: { name: string; code: string }[] = [];
  for (const file of readdirSync(docs).filter((name) => name.endsWith('.md'))) {
    const text = readFileSync(join(docs, file), 'utf8');
    let index = 0;
    for (const match of text.matchAll(/```ts runnable\n([\s\S]*?)```/g)) out.push({ name: `${file} #${(index += 1)}`, code: match[1] as string });
  }
  return out;
}

const entries = entryMap();
const directory = mkdtempSync(join(tmpdir(), 'unified-ats-doc-examples-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('runnable examples in docs/', () => {
  const blocks = runnableBlocks();

  it('finds the examples (the check is not vacuous)', () => {
    expect(blocks.map((block) => block.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^rules\.md/), expect.stringMatching(/^webhooks\.md/)]));
  });

  it.each(blocks)('$name runs', async ({ name, code }) => {
    const rewritten = code.replace(/from '(unified-ats(?:\/[\w-]+)?)'/g, (_whole, specifier: string) => {
      const subpath = specifier.replace(/^unified-ats\/?/, '');
      const source = entries.get(subpath);
      if (!source) throw new Error(`${name}: no entry for ${specifier}`);
      return `from ${JSON.stringify(source)}`;
    });
    const file = join(directory, `${name.replace(/[^\w]+/g, '-')}.ts`);
    writeFileSync(file, rewritten);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await import(file);
    } finally {
      log.mockRestore();
    }
  });
});
