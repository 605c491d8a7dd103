/**
 * FileStateStore: round trips, torn-tail recovery (a crash while appending), corruption detection,
 * compaction, and the cost of a checkpoint, which must not grow with what was synced before.
 */
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionFolder } from '../../src/sync/file-state-store.js';
import { createSyncEngine, FileStateStore, StateCorruptError, type ModelState, type RecordEntry } from '../../src/sync/index.js';
import { propertySeed } from './helpers/mutations.js';
import { page, scriptedConnector, tag } from './helpers/scripted-connector.js';

const key = { connectionId: 'acme', model: 'tags' } as const;
let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'file-state-store-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const logPath = () => join(directory, connectionFolder('acme'), 'tags.log');
const state = (cursor: number): ModelState => ({ version: 1, cursor: new Date(cursor).toISOString(), highWater: new Date(cursor).toISOString(), lastFullScanAt: null });
const entry = (id: string, hash = `h-${id}`): RecordEntry => ({ id, remoteId: id, hash, changedAt: 1, deletedAt: null, scan: null });

async function allEntries(store: FileStateStore): Promise<RecordEntry[]> {
  const out: RecordEntry[] = [];
  for await (const batch of store.listEntries(key)) out.push(...batch);
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

describe('FileStateStore', () => {
  it('reads back what it committed, from a fresh instance', async () => {
    const store = new FileStateStore(directory);
    expect(await store.getState(key)).toBeNull();
    await store.commit(key, { state: state(1_000), entries: [entry('a'), entry('b')] });
    await store.commit(key, { state: state(2_000), entries: [entry('b', 'changed')] });
    const reopened = new FileStateStore(directory);
    expect(await reopened.getState(key)).toEqual(state(2_000));
    expect(await reopened.getEntries(key, ['b', 'missing', 'a'])).toEqual(expect.arrayContaining([entry('a'), entry('b', 'changed')]));
    expect(await allEntries(reopened)).toEqual([entry('a'), entry('b', 'changed')]);
    expect(await reopened.getState({ connectionId: 'ACME', model: 'tags' })).toBeNull();
  });

  it('E6: a log cut at any byte after its header (a crash while appending) reads back as the last whole checkpoint, and appends go on cleanly', async () => {
    const store = new FileStateStore(directory, { compact: false });
    const sizes: number[] = [];
    for (let index = 1; index <= 6; index += 1) {
      await store.commit(key, { state: state(index * 1_000), entries: [entry(`r${index}`), entry('shared', `v${index}`)] });
      sizes.push((await stat(logPath())).size);
    }
    const full = await readFile(logPath());
    // A log is created whole (header and first checkpoint, renamed into place): a crash can only
    // cut what was appended after that.
    const created = sizes[0]!;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: created, max: full.length }), async (cut) => {
        await writeFile(logPath(), full.subarray(0, cut));
        const whole = sizes.filter((size) => size <= cut).length;
        const recovered = new FileStateStore(directory, { compact: false });
        expect(await recovered.getState(key)).toEqual(state(whole * 1_000));
        expect((await allEntries(recovered)).length).toBe(whole + 1);
        expect((await stat(logPath())).size).toBe(sizes[whole - 1]);
        await recovered.commit(key, { state: state(99_000), entries: [entry('after')] });
        expect(await new FileStateStore(directory, { compact: false }).getState(key)).toEqual(state(99_000));
      }),
      { seed: propertySeed, numRuns: 200 },
    );
  });

  it('starts every log with a versioned format header, written with the first checkpoint', async () => {
    await new FileStateStore(directory).commit(key, { state: state(1_000), entries: [entry('a')] });
    const [header, first] = (await readFile(logPath(), 'utf8')).split('\n');
    expect(JSON.parse(header!.slice(9))).toEqual({ format: 'unified-ats/state-log', version: 1 });
    expect(JSON.parse(first!.slice(9))).toMatchObject({ s: state(1_000) });
  });

  it('a log overwritten with other text is StateCorruptError (not an empty state), and the file is left untouched', async () => {
    const store = new FileStateStore(directory);
    await store.commit(key, { state: state(1_000), entries: [entry('a'), entry('b')] });
    for (const text of ['hello, this is not a state log\nsecond line\n', 'no newline at all', '{"s":null,"e":[]}\n', '\n']) {
      await writeFile(logPath(), text);
      const error = await new FileStateStore(directory).getState(key).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(text)).toBeInstanceOf(StateCorruptError);
      expect((error as StateCorruptError).reason).toBe('not_a_log');
      expect(await readFile(logPath(), 'utf8')).toBe(text);
    }
  });

  it('a checksummed first line that is not a log line (another program\'s file) is StateCorruptError too', async () => {
    await mkdir(join(directory, connectionFolder('acme')), { recursive: true });
    const json = JSON.stringify({ hello: 'world' });
    await writeFile(logPath(), `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`);
    await expect(new FileStateStore(directory).getState(key)).rejects.toMatchObject({ name: 'StateCorruptError', reason: 'not_a_log' });
  });

  it('only ONE torn line after the last valid one is dropped; two damaged lines at the end are StateCorruptError, untouched', async () => {
    const store = new FileStateStore(directory);
    await store.commit(key, { state: state(1_000), entries: [entry('a')] });
    await store.commit(key, { state: state(2_000), entries: [entry('b')] });
    const good = await readFile(logPath());
    const twoBad = Buffer.concat([good, Buffer.from('garbage one\ngarbage two\n')]);
    await writeFile(logPath(), twoBad);
    await expect(new FileStateStore(directory).getState(key)).rejects.toMatchObject({ name: 'StateCorruptError', reason: 'damaged' });
    expect(Buffer.compare(await readFile(logPath()), twoBad)).toBe(0);
    const badThenTorn = Buffer.concat([good, Buffer.from('garbage one\npartial')]);
    await writeFile(logPath(), badThenTorn);
    await expect(new FileStateStore(directory).getState(key)).rejects.toBeInstanceOf(StateCorruptError);
    await writeFile(logPath(), Buffer.concat([good, Buffer.from('one torn line')]));
    expect(await new FileStateStore(directory).getState(key)).toEqual(state(2_000));
    expect(Buffer.compare(await readFile(logPath()), good)).toBe(0);
  });

  it('reads a log written before the header existed, and gives it the header when it is next loaded', async () => {
    await mkdir(join(directory, connectionFolder('acme')), { recursive: true });
    const line = (value: unknown) => {
      const json = JSON.stringify(value);
      return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
    };
    // The format of the previous release: no header, rows of six or seven elements.
    const old = line({ s: state(1_000), e: [['a', 'ra', 'h-a', 1, null, null], ['b', 'rb', 'h-b', 2, null, 'scan', 'scan-0']] }) + line({ s: state(2_000), e: [] });
    await writeFile(logPath(), old);
    const untouched = new FileStateStore(directory, { compact: false });
    expect(await untouched.getState(key)).toEqual(state(2_000));
    expect(await readFile(logPath(), 'utf8')).toBe(old);
    const migrated = new FileStateStore(directory);
    expect(await migrated.getState(key)).toEqual(state(2_000));
    expect(await migrated.getEntries(key, ['b'])).toEqual([{ id: 'b', remoteId: 'rb', hash: 'h-b', changedAt: 2, deletedAt: null, scan: 'scan', missingSince: 'scan-0' }]);
    expect((await readFile(logPath(), 'utf8')).split('\n')[0]).toContain('"format":"unified-ats/state-log"');
    expect(await allEntries(new FileStateStore(directory))).toHaveLength(2);
  });

  it('refuses a log written by a newer release (a format version it does not know)', async () => {
    await new FileStateStore(directory).commit(key, { state: state(1_000), entries: [] });
    const text = await readFile(logPath(), 'utf8');
    const json = JSON.stringify({ format: 'unified-ats/state-log', version: 2 });
    const header = `${crc32(json).toString(16).padStart(8, '0')} ${json}`;
    await writeFile(logPath(), [header, ...text.split('\n').slice(1)].join('\n'));
    await expect(new FileStateStore(directory).getState(key)).rejects.toMatchObject({ name: 'StateCorruptError', reason: 'newer_format' });
  });

  it('round-trips the stage and delivery fields of an entry', async () => {
    const full = { ...entry('a'), missingSince: 'scan-1', stageId: 'stage-7', deliveredAt: '2024-05-01T00:00:00.000Z' };
    await new FileStateStore(directory).commit(key, { state: state(1_000), entries: [full, entry('b')] });
    const reopened = new FileStateStore(directory);
    expect(await allEntries(reopened)).toEqual([full, entry('b')]);
  });

  it('compacts a log dominated by overwritten entries when it is loaded, atomically and without losing anything', async () => {
    const store = new FileStateStore(directory);
    const ids = Array.from({ length: 200 }, (_, index) => `id-${index}`);
    for (let round = 0; round < 20; round += 1) {
      await store.commit(key, { state: state(round * 1_000), entries: ids.map((id) => entry(id, `round-${round}`)) });
    }
    const before = (await stat(logPath())).size;
    const compacted = new FileStateStore(directory);
    expect(await compacted.getState(key)).toEqual(state(19_000));
    expect((await stat(logPath())).size).toBeLessThan(before / 5);
    expect(await readdir(join(directory, connectionFolder('acme')))).toEqual(['tags.log']);
    expect((await allEntries(new FileStateStore(directory))).every((found) => found.hash === 'round-19')).toBe(true);
  });

  it('keeps connection ids that differ only by case or punctuation apart', () => {
    expect(connectionFolder('Acme')).not.toBe(connectionFolder('acme'));
    expect(connectionFolder('a/b')).not.toBe(connectionFolder('a_b'));
    expect(connectionFolder('../../etc')).not.toContain('/');
  });
});

describe('checkpoint cost', () => {
  /** Syncs `total` records in pages of 1,000, then measures a delta run that changes 100 of them. */
  async function bytesOfOneCheckpoint(total: number): Promise<{ bytes: number; growth: number; commits: number }> {
    const store = new FileStateStore(join(directory, String(total)));
    const width = 6;
    const recordAt = (index: number, name: string) => tag(`k${String(index).padStart(width, '0')}`, '2024-01-01T00:00:00.000Z', name);
    const initial = function* () {
      for (let start = 0; start < total; start += 1_000) {
        yield page(Array.from({ length: Math.min(1_000, total - start) }, (_, offset) => recordAt(start + offset, 'first')));
      }
    };
    const changed = [page(Array.from({ length: 100 }, (_, index) => ({ ...recordAt(index, 'second'), changed_at: '2024-01-02T00:00:00.000Z' })))];
    const connector = scriptedConnector([initial, changed]);
    const engine = createSyncEngine({ connector, store, connectionId: 'acme' });
    await engine.run({ mode: 'delta', onBatch: async () => {} });
    const path = join(directory, String(total), connectionFolder('acme'), 'tags.log');
    const sizeBefore = (await stat(path)).size;
    const written = store.bytesWritten;
    const report = await engine.run({ mode: 'delta', onBatch: async () => {} });
    expect(report.models[0]!.upserted).toBe(100);
    return { bytes: store.bytesWritten - written, growth: (await stat(path)).size - sizeBefore, commits: report.models[0]!.pages };
  }

  it('bytes written per checkpoint are the same after 1,000 and after 100,000 synced records', async () => {
    const small = await bytesOfOneCheckpoint(1_000);
    const large = await bytesOfOneCheckpoint(100_000);
    expect(small.commits).toBe(1);
    expect(small.bytes).toBeGreaterThan(0);
    // The file grows by exactly what was appended: nothing was rewritten.
    expect(small.growth).toBe(small.bytes);
    expect(large.growth).toBe(large.bytes);
    expect(large.bytes).toBe(small.bytes);
  });
});
