/**
 * The docs' ts blocks are type-checked in CI (`npm run check:snippets`); this checks how blocks are
 * picked: `ts fragment` blocks are skipped, a `ts-context` comment is prepended, other languages
 * are ignored.
 */
import { describe, expect, it } from 'vitest';
import { extractSnippets } from '../../scripts/check-doc-snippets.js';

const page = [
  '# Title',
  '```sh',
  'npm test',
  '```',
  '<!-- ts-context: declare const ats: { close(): Promise<void> }; -->',
  '```ts',
  'await ats.close();',
  '```',
  '```ts fragment',
  'onBatch: async () => {},',
  '```',
  '  ```ts',
  '  const indented = 1;',
  '  ```',
].join('\n');

describe('doc snippet extraction', () => {
  it('takes ts blocks with their context, skips fragments and other languages, and numbers blocks as they appear', () => {
    const snippets = extractSnippets('docs/page.md', page);
    expect(snippets.map((snippet) => [snippet.index, snippet.line])).toEqual([
      [1, 6],
      [3, 12],
    ]);
    expect(snippets[0]?.code).toBe('declare const ats: { close(): Promise<void> };\nawait ats.close();\nexport {};\n');
    expect(snippets[1]?.code).toBe('const indented = 1;\nexport {};\n');
  });
});
