/**
 * Reading the crash test's JSON Lines sink: every line is one delivered upsert or deletion, in
 * delivery order, across every child that ever ran.
 */
import { readFile } from 'node:fs/promises';
import { defaultVolatileFields, stableStringify } from '../../../src/sync/index.js';
import type { SinkLine } from '../sync-child.js';

/** Every line of the sink, in order. Throws on a damaged line (children drop torn tails first). */
export async function readSink(path: string): Promise<SinkLine[]> {
  const text = await readFile(path, 'utf8');
  if (text !== '' && !text.endsWith('\n')) throw new Error('the sink ends with a torn line');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as SinkLine;
      } catch {
        throw new Error(`sink line ${index + 1} is not JSON`);
      }
    });
}

/** The sink as a database applying it would hold it: last writer wins per (model, id). */
export function lastWriterWins(lines: readonly SinkLine[]): Map<string, Map<string, Record<string, unknown>>> {
  const byModel = new Map<string, Map<string, Record<string, unknown>>>();
  for (const line of lines) {
    let rows = byModel.get(line.model);
    if (!rows) byModel.set(line.model, (rows = new Map()));
    if (line.op === 'delete') rows.delete(line.id);
    else rows.set(line.id, line.record!);
  }
  return byModel;
}

/** A delivery older than one already delivered for the same record. */
export interface BackwardsDelivery {
  model: string;
  id: string;
  line: number;
  delivered: string;
  after: string;
}

/** Scans the sink in order for a version delivered after a newer one of the same record (E9). */
export function backwardsDeliveries(lines: readonly SinkLine[]): BackwardsDelivery[] {
  const newest = new Map<string, { ms: number; iso: string }>();
  const found: BackwardsDelivery[] = [];
  lines.forEach((line, index) => {
    if (line.op !== 'upsert' || line.remote_updated_at === null) return;
    const key = `${line.model}\u0000${line.id}`;
    const ms = Date.parse(line.remote_updated_at);
    const seen = newest.get(key);
    if (seen && ms < seen.ms) found.push({ model: line.model, id: line.id, line: index + 1, delivered: line.remote_updated_at, after: seen.iso });
    if (!seen || ms > seen.ms) newest.set(key, { ms, iso: line.remote_updated_at });
  });
  return found;
}

const volatile = new Set(defaultVolatileFields);

/** A record's content as the engine compares it: sorted keys, volatile fields left out. */
export function contentOf(record: Record<string, unknown>): string {
  return stableStringify(Object.fromEntries(Object.entries(record).filter(([key]) => !volatile.has(key))));
}
