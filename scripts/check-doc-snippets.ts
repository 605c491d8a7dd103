/**
 * `npm run check:snippets` (run by .ci/run after the build): type-checks every ```ts block of
 * README.md and docs/**\/*.md against the packed package, as a user's strict project would see it.
 *
 * - `npm pack` builds the tarball; it is unpacked into a throwaway project's node_modules, next to
 *   links to this repository's other dependencies (zod, undici, @types/node, typescript).
 * - Each block is its own module (`<page>-<n>.ts`) in a strict, NodeNext, ESM project.
 * - A block fenced as ```ts fragment is not checked (a field list, an object literal's method).
 * - An HTML comment right before a block, `<!-- ts-context: declare const db: Database; -->`, is
 *   prepended to it: the context a reader has in mind, without printing it on the page.
 * Exits 1 listing every compiler error by page and block.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');

/** One checked block. */
export interface Snippet {
  /** The page it comes from, relative to the repository. */
  page: string;
  /** Its position among the page's ts blocks (1-based). */
  index: number;
  /** The line of its opening fence. */
  line: number;
  /** The code, with its context comment first. */
  code: string;
}

/** The ts blocks of one markdown page, without the `ts fragment` ones. */
export function extractSnippets(page: string, markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  let count = 0;
  for (let at = 0; at < lines.length; at += 1) {
    const fence = /^(\s*)```(\w+)(.*)$/.exec(lines[at] ?? '');
    if (!fence) continue;
    const end = lines.findIndex((line, index) => index > at && /^\s*```\s*$/.test(line));
    if (end === -1) break;
    if (fence[2] === 'ts' || fence[2] === 'typescript') {
      count += 1;
      if (!/\bfragment\b/.test(fence[3] ?? '')) {
        const previous = lines.slice(0, at).reverse().find((line) => line.trim() !== '') ?? '';
        const context = /^<!--\s*ts-context:([\s\S]*?)-->\s*$/.exec(previous.trim())?.[1]?.trim() ?? '';
        const indent = fence[1] ?? '';
        const body = lines.slice(at + 1, end).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
        snippets.push({ page, index: count, line: at + 1, code: `${context ? `${context}\n` : ''}${body.join('\n')}\nexport {};\n` });
      }
    }
    at = end;
  }
  return snippets;
}

function markdownPages(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'api' && dir.endsWith('docs') ? [] : walk(path);
      return entry.name.endsWith('.md') ? [path] : [];
    });
  return [join(root, 'README.md'), ...walk(join(root, 'docs'))];
}

function main(): number {
  const work = mkdtempSync(join(tmpdir(), 'unified-ats-snippets-'));
  try {
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' }).trim().split('\n').at(-1) ?? '';
    const modules = join(work, 'node_modules');
    mkdirSync(join(modules, 'unified-ats'), { recursive: true });
    execFileSync('tar', ['-xzf', join(work, basename(packed)), '-C', join(modules, 'unified-ats'), '--strip-components=1']);
    for (const entry of readdirSync(join(root, 'node_modules'))) {
      if (entry === '.bin' || entry === 'unified-ats') continue;
      symlinkSync(join(root, 'node_modules', entry), join(modules, entry));
    }
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'snippets', private: true, type: 'module' }));
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'], types: ['node'], noEmit: true, skipLibCheck: true },
        include: ['*.ts'],
      }),
    );
    const snippets = markdownPages().flatMap((path) => extractSnippets(relative(root, path), readFileSync(path, 'utf8')));
    const names = new Map<string, Snippet>();
    for (const snippet of snippets) {
      const name = `${snippet.page.replace(/[^A-Za-z0-9]+/g, '-')}-${snippet.index}.ts`;
      names.set(name, snippet);
      writeFileSync(join(work, name), snippet.code);
    }
    try {
      execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', work, '--pretty', 'false'], { cwd: work, encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const output = String((error as { stdout?: unknown }).stdout ?? error);
      for (const line of output.split('\n').filter(Boolean)) {
        const match = /^([^(]+)\((\d+),\d+\): (.*)$/.exec(line);
        const snippet = match ? names.get(basename(match[1] ?? '')) : undefined;
        console.error(snippet ? `${snippet.page}, ts block ${snippet.index} (line ${snippet.line}): ${match?.[3]}` : line);
      }
      return 1;
    }
    console.log(`${snippets.length} ts blocks from ${new Set(snippets.map((snippet) => snippet.page)).size} pages type-check against ${basename(packed)}.`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) process.exitCode = main();
