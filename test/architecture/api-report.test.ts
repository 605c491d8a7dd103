/**
 * The public surface is deliberate: the export names and kinds of every subpath, read from the
 * source entries, must equal the committed `api-report.json`. Changing the API means running
 * `npm run api-report` and committing the new report, where a reviewer sees it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildApiReport, reportPath, type ApiReport } from '../../scripts/api-report.js';

describe('API report', () => {
  const actual = buildApiReport();
  const committed = JSON.parse(readFileSync(reportPath, 'utf8')) as ApiReport;

  it('every subpath exports exactly what the committed report lists (run `npm run api-report` to accept a change)', () => {
    const added: string[] = [];
    const removed: string[] = [];
    const changed: string[] = [];
    for (const subpath of new Set([...Object.keys(actual), ...Object.keys(committed)])) {
      const now = actual[subpath] ?? {};
      const before = committed[subpath] ?? {};
      for (const name of Object.keys(now)) if (!(name in before)) added.push(`${subpath}: ${name} (${now[name]})`);
      for (const name of Object.keys(before)) if (!(name in now)) removed.push(`${subpath}: ${name}`);
      for (const name of Object.keys(now)) if (name in before && before[name] !== now[name]) changed.push(`${subpath}: ${name} ${before[name]} → ${now[name]}`);
    }
    expect({ added, removed, changed }).toEqual({ added: [], removed: [], changed: [] });
  }, 60_000);

  it('internals stay internal: no provider descriptor, sandbox store, random source or fixture matcher is exported', () => {
    const everything = Object.entries(actual).flatMap(([subpath, names]) => Object.keys(names).map((name) => `${subpath}:${name}`));
    for (const internal of ['gemDescriptor', 'jarviDescriptor', 'teamtailorDescriptor', 'crelateDescriptor', 'flatchrDescriptor', 'SandboxStore', 'SeededRandom', 'queryMatches']) {
      expect(everything.filter((entry) => entry.endsWith(`:${internal}`)), internal).toEqual([]);
    }
    expect(actual['unified-ats']?.unifiedId).toBe('function');
  });
});
