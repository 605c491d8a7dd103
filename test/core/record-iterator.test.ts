/**
 * The record-level iterator of every `SyncStream` (`createSyncStream`): records in page order
 * across empty pages, a fresh page producer per iteration and none before the first `next`, a
 * `break` that closes the producer (its clean-up runs, no further page is read), an error that
 * ends the iteration after the records before it, and `next` calls made at once answered in order.
 */
import { describe, expect, it } from 'vitest';
import { createSyncStream, type Page } from '../../src/core/stream.js';

const page = (records: number[]): Page<number> => ({ records, quarantined: [], checkpoint: null, requests: 1, warnings: [] });

function counted(pages: number[][], failAt?: number) {
  const log = { produced: 0, read: 0, closed: 0 };
  const stream = createSyncStream<number>(async function* () {
    log.produced += 1;
    try {
      for (const [index, records] of pages.entries()) {
        await Promise.resolve();
        if (index === failAt) throw new Error(`page ${index} failed`);
        log.read += 1;
        yield page(records);
      }
    } finally {
      log.closed += 1;
    }
  });
  return { stream, log };
}

describe('SyncStream records', () => {
  it('every record in page order, across empty pages; a fresh producer per iteration, none before the first next', async () => {
    const { stream, log } = counted([[1, 2], [], [3], [], [], [4, 5, 6]]);
    const iterator = stream[Symbol.asyncIterator]();
    expect(log.produced).toBe(0);
    const first: number[] = [];
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) first.push(step.value);
    expect(first).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    const second: number[] = [];
    for await (const record of stream) second.push(record);
    expect(second).toEqual(first);
    expect(log).toEqual({ produced: 2, read: 12, closed: 2 });
  });

  it('a break closes the producer: its clean-up runs and no further page is read', async () => {
    const { stream, log } = counted([[1, 2], [3, 4], [5, 6]]);
    const seen: number[] = [];
    for await (const record of stream) {
      seen.push(record);
      if (record === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(log).toEqual({ produced: 1, read: 2, closed: 1 });
  });

  it('an error ends the iteration after the records before it', async () => {
    const { stream, log } = counted([[1, 2], [3], [4]], 2);
    const iterator = stream[Symbol.asyncIterator]();
    const seen: number[] = [];
    await expect(
      (async () => {
        for (let step = await iterator.next(); !step.done; step = await iterator.next()) seen.push(step.value);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([1, 2, 3]);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(log.closed).toBe(1);
  });

  it('next calls made at once are answered in call order, across page boundaries', async () => {
    const { stream } = counted([[1], [2, 3], [], [4]]);
    const iterator = stream[Symbol.asyncIterator]();
    const steps = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(steps).toEqual([
      { value: 1, done: false },
      { value: 2, done: false },
      { value: 3, done: false },
      { value: 4, done: false },
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
  });
});
