/**
 * Comments in `src/` may cite short tags (a sync scenario such as `E4`, a provider fact such as
 * Teamtailor's `A7.3` or Gem's `§6.1`) only when the tag is defined in a page that ships with the
 * package (decision 0069):
 *
 * - files under `src/connectors/<p>/` and `src/testing/sandboxes/<p>/` cite their provider's tags
 *   (see `PROVIDER_TAGS`, plus Crelate's and Jarvi's `quirk N`), defined in
 *   `docs/connectors/sources/<p>.md`; every other tag they cite is a scenario;
 * - every other file cites scenarios only, defined in `docs/scenarios.md`.
 *
 * A definition is an HTML anchor, `<a id="a7-3"></a>` (see `anchorOf`). A comment must not cite a
 * document that does not ship: the design and research notes (`shared/...`, `reliability.md`,
 * `contract.md`, or `architecture.md` / `performance.md` other than the ones in `docs/`).
 *
 * Only comments are scanned (the TypeScript parser finds them, so a `//` inside a string or a
 * regular expression is not one). Tokens that look like tags but are not are listed in `NOT_TAGS`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const SCENARIOS_PAGE = 'docs/scenarios.md';

/** Providers whose research tags have a page in docs/connectors/sources/, and the tag shape of each. */
export const PROVIDER_TAGS: Record<string, RegExp> = {
  teamtailor: /^A\d/, // part A of the Teamtailor & Flatchr notes: A1, A6.8, A7.3
  flatchr: /^[BF]\d/, // part B of the same notes (B5.2, B9 #1) and its list of sources (F5)
  gem: /^§/, // sections of the Gem notes: §2.1, §6.3
  crelate: /^A\.\d/, // part A of the Jarvi & Crelate notes: A.7.3
  jarvi: /^B\.\d/, // part B of the same notes: B.6.2
};

/**
 * Tokens that have a tag's shape but name something else. `followedBy`, when set, limits the
 * exemption to that context (so `S3`, the crash scenario, stays checked everywhere else).
 */
export const NOT_TAGS: readonly { token: string; followedBy?: RegExp; reason: string }[] = [
  { token: 'RE2', reason: 'the regular-expression engine (re2js) behind the rules `matches` operator' },
  { token: 'V8', reason: "Node's JavaScript engine" },
  { token: 'S3', followedBy: /^ (key|keys|URL|URLs|object)\b/, reason: 'Amazon S3, where Flatchr keeps CV files' },
  { token: 'E.164', reason: 'the ITU phone number format' },
  { token: 'SHA256', reason: 'the hash function' },
  { token: 'ISO8601', reason: 'the date format standard' },
  { token: 'UTF8', reason: 'the text encoding' },
  ...['P50', 'P90', 'P95', 'P99'].map((token) => ({ token, reason: 'a latency percentile (P1–P7 are benchmark scenarios)' })),
  ...['ES2022', 'ES2023'].map((token) => ({ token, reason: 'an ECMAScript edition' })),
];

/** A tag (E4, A6.8, A.7.3, §6.1), with an optional numbered item of a checklist (`B9 #1`, `A.11 #8`). */
const TAG = /(?<![\w.§])(§\d+(?:\.\d+)*|[A-Z]{1,2}\.?\d+(?:\.\d+)*)(?![\w])(?: #(\d+))?/g;

/**
 * A numbered quirk of a provider's checklist (`quirk 4`): Crelate's and Jarvi's comments cite them
 * so, defined on their sources page under `quirk-4`. Anywhere else it has no page to point at.
 */
const QUIRK = /\bquirk (\d+)\b/g;

/** Citations of documents that do not ship with the package. */
const UNSHIPPED: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /\bshared\/(api|design|real-payloads|hooks)\b/, what: 'the shared research/design folder' },
  { pattern: /\breliability(\.md)?\s*§|\breliability\.md\b/, what: 'the design notes reliability.md' },
  { pattern: /\bcontract(\.md)?\s*§|\bcontract\.md\b/, what: 'the design notes contract.md' },
  { pattern: /(?<!docs\/)\barchitecture\.md\b/, what: 'the design notes architecture.md (docs/architecture.md is fine)' },
  { pattern: /(?<!docs\/)\bperformance\.md\b/, what: 'the design notes performance.md (docs/performance.md is fine)' },
  { pattern: /\b(teamtailor-and-flatchr|jarvi-and-crelate)\.md\b|\bapi\/gem\.md\b/, what: 'the provider research notes' },
];

/** One finding of the scan. */
export interface Finding {
  file: string;
  line: number;
  /** The tag as written (`B9 #1`), or the matched text of a path citation. */
  cited: string;
  /** Where the tag must be defined, or null for a path citation. */
  page: string | null;
  /** The anchor that must exist on `page`. */
  anchor: string | null;
}

/** The anchor a tag is defined under: lower case, dots to dashes, `§` to `sec-`, `#n` to `-item-n`. */
export function anchorOf(tag: string, item?: string): string {
  const base = tag.toLowerCase().replace(/^§/, 'sec-').replace(/\./g, '-');
  return item ? `${base}-item-${item}` : base;
}

/** The provider whose sources page a file's provider tags belong to, or null. */
export function providerOf(file: string): string | null {
  const match = /^src\/(?:connectors|testing\/sandboxes)\/([^/]+)\//.exec(file.split(sep).join('/'));
  return match && match[1] !== undefined && match[1] in PROVIDER_TAGS ? match[1] : null;
}

/** The page that must define `tag` when `file` cites it. */
export function pageFor(file: string, tag: string): string {
  const provider = providerOf(file);
  if (provider && (PROVIDER_TAGS[provider] as RegExp).test(tag)) return `docs/connectors/sources/${provider}.md`;
  return SCENARIOS_PAGE;
}

/** The comments of a TypeScript source, with the line each starts on (1-based). */
export function commentsOf(fileName: string, text: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const seen = new Map<number, string>();
  const collect = (ranges: readonly ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) seen.set(range.pos, text.slice(range.pos, range.end));
  };
  const visit = (node: ts.Node): void => {
    collect(ts.getLeadingCommentRanges(text, node.pos));
    collect(ts.getTrailingCommentRanges(text, node.end));
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...seen.entries()]
    .sort(([a], [b]) => a - b)
    .map(([pos, comment]) => ({ line: source.getLineAndCharacterOfPosition(pos).line + 1, text: comment }));
}

function isNotATag(comment: string, match: RegExpMatchArray): boolean {
  const token = match[1] as string;
  const after = comment.slice((match.index ?? 0) + token.length);
  return NOT_TAGS.some((entry) => entry.token === token && (!entry.followedBy || entry.followedBy.test(after)));
}

/** Every tag and path citation in the comments of one file (`file` is relative to the repository). */
export function scanSource(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  for (const comment of commentsOf(file, text)) {
    const lines = comment.text.split('\n');
    lines.forEach((lineText, offset) => {
      const line = comment.line + offset;
      for (const { pattern } of UNSHIPPED) {
        const hit = pattern.exec(lineText);
        if (hit) findings.push({ file, line, cited: hit[0], page: null, anchor: null });
      }
      for (const match of lineText.matchAll(TAG)) {
        if (isNotATag(lineText, match)) continue;
        const tag = match[1] as string;
        const item = match[2];
        findings.push({ file, line, cited: item ? `${tag} #${item}` : tag, page: pageFor(file, tag), anchor: anchorOf(tag, item) });
      }
      for (const match of lineText.matchAll(QUIRK)) {
        const provider = providerOf(file);
        const page = provider === 'crelate' || provider === 'jarvi' ? `docs/connectors/sources/${provider}.md` : SCENARIOS_PAGE;
        findings.push({ file, line, cited: match[0], page, anchor: `quirk-${match[1] as string}` });
      }
    });
  }
  return findings;
}

/** The anchors a markdown page defines (`<a id="…"></a>`). */
export function anchorsOf(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1] as string));
}

/** The findings a set of pages does not answer: path citations, and tags with no anchor on their page. */
export function problems(findings: readonly Finding[], pages: ReadonlyMap<string, Set<string>>): string[] {
  return findings.flatMap((finding) => {
    if (finding.page === null) return [`${finding.file}:${finding.line} cites "${finding.cited}", which does not ship; point at a docs/ page`];
    const anchors = pages.get(finding.page);
    if (!anchors) return [`${finding.file}:${finding.line} cites ${finding.cited}, but ${finding.page} does not exist`];
    return anchors.has(finding.anchor as string) ? [] : [`${finding.file}:${finding.line} cites ${finding.cited}, not defined in ${finding.page} (#${finding.anchor})`];
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function loadPages(): Map<string, Set<string>> {
  const pages = new Map<string, Set<string>>();
  for (const page of [SCENARIOS_PAGE, ...Object.keys(PROVIDER_TAGS).map((provider) => `docs/connectors/sources/${provider}.md`)]) {
    try {
      pages.set(page, anchorsOf(readFileSync(join(root, page), 'utf8')));
    } catch {
      // A missing page is reported by `problems` for each tag that needs it.
    }
  }
  return pages;
}

const EVIDENCE = /\b(documented|observed|INFERRED)\b/;

describe('comment citations in src/', () => {
  const files = sourceFiles(join(root, 'src')).map((path) => relative(root, path).split(sep).join('/'));
  const findings = files.flatMap((file) => scanSource(file, readFileSync(join(root, file), 'utf8')));
  const pages = loadPages();

  it('finds citations (the scan is not vacuous)', () => {
    expect(files.length).toBeGreaterThan(100);
    // Tags are found, and every page that defines tags is reachable: cited by a comment in src/,
    // or linked from the documentation page it serves (a connector whose comments now say their
    // reasons in words still has its sources page linked from docs/connectors/<provider>.md).
    const cited = new Set(findings.map((finding) => finding.page));
    expect(cited.size).toBeGreaterThan(1);
    for (const page of pages.keys()) {
      const provider = /^docs\/connectors\/sources\/([a-z]+)\.md$/.exec(page)?.[1];
      const linked = provider !== undefined && readFileSync(join(root, 'docs', 'connectors', `${provider}.md`), 'utf8').includes(`(sources/${provider}.md)`);
      expect(cited.has(page) || linked, page).toBe(true);
    }
    expect(findings.some((finding) => finding.cited === 'E10' && finding.file === 'src/sync/sweep.ts')).toBe(true);
  });

  it('every cited tag is defined on the page its file points at, and no comment cites an unshipped document', () => {
    expect(problems(findings, pages)).toEqual([]);
  });

  it('every definition on a provider sources page states its evidence level', () => {
    for (const provider of Object.keys(PROVIDER_TAGS)) {
      const page = `docs/connectors/sources/${provider}.md`;
      const rows = readFileSync(join(root, page), 'utf8')
        .split('\n')
        .filter((line) => /^\|.*<a id="/.test(line));
      expect(rows.length, page).toBeGreaterThan(0);
      for (const row of rows) expect(row, `${page}: ${row.slice(0, 60)}`).toMatch(EVIDENCE);
    }
  });

  it('each anchor is defined once per page', () => {
    for (const page of pages.keys()) {
      const all = [...readFileSync(join(root, page), 'utf8').matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1]);
      expect(all.length, page).toBe(new Set(all).size);
    }
  });
});

describe('the citation scanner', () => {
  const source = [
    '/**',
    ' * Reads pages (E4) and moves stages (A7.3, see shared/api/teamtailor-and-flatchr.md part A).',
    ' * Runs on RE2 in V8; CVs are S3 keys. Checklist item B9 #1, quirk 4.',
    ' */',
    "const url = 'https://x.test/E99'; // trailing comment citing E98",
    'const pattern = /\\/\\/ E97 is not a comment/;',
    'const text = `// E96 in a template`;',
    '/* reliability §1.3 and performance.md P1, but docs/performance.md is fine */',
    'export {};',
  ].join('\n');

  it('reports tags and path citations found in comments only, skipping non-tags', () => {
    const findings = scanSource('src/connectors/teamtailor/example.ts', source);
    expect(findings.map((finding) => [finding.line, finding.cited, finding.page, finding.anchor])).toEqual([
      [2, 'shared/api', null, null],
      [2, 'teamtailor-and-flatchr.md', null, null],
      [2, 'E4', SCENARIOS_PAGE, 'e4'],
      [2, 'A7.3', 'docs/connectors/sources/teamtailor.md', 'a7-3'],
      [3, 'B9 #1', SCENARIOS_PAGE, 'b9-item-1'],
      [3, 'quirk 4', SCENARIOS_PAGE, 'quirk-4'],
      [5, 'E98', SCENARIOS_PAGE, 'e98'],
      [8, 'reliability §', null, null],
      [8, 'performance.md', null, null],
      [8, '§1.3', SCENARIOS_PAGE, 'sec-1-3'],
      [8, 'P1', SCENARIOS_PAGE, 'p1'],
    ]);
  });

  it('routes provider tags by folder', () => {
    expect(pageFor('src/connectors/flatchr/wire.ts', 'B5.2')).toBe('docs/connectors/sources/flatchr.md');
    expect(pageFor('src/testing/sandboxes/gem/sandbox.ts', '§6.1')).toBe('docs/connectors/sources/gem.md');
    expect(pageFor('src/connectors/gem/mappers/common.ts', 'B8')).toBe(SCENARIOS_PAGE);
    expect(pageFor('src/connectors/crelate/wire.ts', 'A.7.1')).toBe('docs/connectors/sources/crelate.md');
    expect(pageFor('src/connectors/crelate/actions.ts', 'B8')).toBe(SCENARIOS_PAGE);
    expect(pageFor('src/sync/sweep.ts', 'A7.3')).toBe(SCENARIOS_PAGE);
    expect(scanSource('src/connectors/jarvi/reads.ts', '// filters ignored (quirk 4)\n')[0]).toMatchObject({ page: 'docs/connectors/sources/jarvi.md', anchor: 'quirk-4' });
    expect(anchorOf('A.7.10')).toBe('a-7-10');
    expect(anchorOf('§9.12')).toBe('sec-9-12');
    expect(anchorOf('§3')).not.toBe(anchorOf('S3'));
  });

  it('fails a citation that its page does not define, and one of an unshipped document', () => {
    const findings = scanSource('src/sync/example.ts', '// Sweeps (E10), loops (E99); see reliability.md.\nexport {};\n');
    const pages = new Map([[SCENARIOS_PAGE, anchorsOf('| <a id="e10"></a>E10 | deletions |')]]);
    expect(problems(findings, pages)).toEqual([
      'src/sync/example.ts:1 cites "reliability.md", which does not ship; point at a docs/ page',
      'src/sync/example.ts:1 cites E99, not defined in docs/scenarios.md (#e99)',
    ]);
    expect(problems(findings.filter((finding) => finding.cited === 'E10'), pages)).toEqual([]);
  });
});
