/**
 * The house rules of docs/architecture.md, checked from the source: imports point down only
 * (each layer lists the layers it may import), and no module imports itself through a circle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../src');

/** Which layers each layer may import (its own is always allowed). */
const allowed: Record<string, readonly string[]> = {
  models: [],
  core: ['models'],
  actions: ['models', 'core'],
  connectors: ['models', 'core', 'actions'],
  sync: ['models', 'core', 'rules'],
  rules: ['models', 'core'],
  webhooks: ['models', 'core', 'sync'],
  postgres: ['models', 'core', 'sync'],
  fleet: ['models', 'core', 'actions', 'sync', 'postgres'],
  testing: ['models', 'core', 'actions', 'connectors', 'webhooks'],
  cli: ['models', 'core', 'actions', 'connectors', 'sync', 'testing', 'postgres', 'fleet', 'webhooks', 'rules'],
  '(root)': ['models', 'core', 'actions', 'connectors'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function layerOf(file: string): string {
  const parts = relative(root, file).split('/');
  return parts.length > 1 ? (parts[0] as string) : '(root)';
}

/** Relative imports and re-exports of each file, type-only ones included. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/\bfrom\s+'(\.[^']+)'/g)].map((match) =>
      normalize(join(dirname(file), (match[1] as string).replace(/\.js$/, '.ts'))),
    );
    graph.set(file, targets);
  }
  return graph;
}

describe('architecture: imports point down only', () => {
  const graph = importGraph();

  it('every layer imports only the layers below it', () => {
    const violations: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      const may = allowed[from];
      expect(may, `layer ${from} (${relative(root, file)}) is not in the layer table`).toBeDefined();
      for (const target of targets) {
        const to = layerOf(target);
        if (to !== from && !may?.includes(to)) violations.push(`${relative(root, file)} -> ${relative(root, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('no module reaches itself through its imports', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      stack.push(file);
      for (const target of graph.get(file) ?? []) {
        if (!graph.has(target)) continue;
        if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target].map((f) => relative(root, f)).join(' -> '));
        else if (!state.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('sees the whole tree (the checks above are not vacuous)', () => {
    expect(graph.size).toBeGreaterThan(100);
    const layers = new Set([...graph.keys()].map(layerOf));
    for (const layer of ['models', 'core', 'connectors', 'sync', 'testing']) expect(layers).toContain(layer);
  });
});
