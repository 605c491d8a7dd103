/**
 * A state store in a local folder, safe against crashes: one append-only log per
 * (connection, model) (see `append-log.ts`). A checkpoint appends one line holding the new state
 * and the entries its page changed, then `fdatasync`s, so it costs what the page costs whatever
 * has been synced before, and a crash loses at most the checkpoint being written (never a torn
 * file: a torn last line is dropped when the log is next read).
 *
 * A log is read into memory the first time its model is used; when it has grown past twice the
 * size of its live content it is compacted then, by an atomic rewrite. One process at a time may
 * use a folder (a second writer would interleave lines).
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { appendLines, encodeLine, readLog, replaceFile, syncDirectory } from './append-log.js';
import type { Checkpoint, ModelState, RecordEntry, StateKey, StateStore } from './state-store.js';
import { batchedCopies, copiesOf } from './state-store.js';

/** Entries per line when a log is compacted (keeps lines far below any size limit). */
const snapshotEntriesPerLine = 1_000;
/** Entries handed out per batch by `listEntries`. */
/** Compaction is skipped below this much garbage, whatever the ratio. */
const compactionSlackBytes = 64 * 1024;

/**
 * An entry as stored: a positional array is about half the size of an object. The seventh
 * element (`missingSince`) is left out when null, so logs written before it existed still read.
 */
type EntryRow = [string, string, string | null, number | null, string | null, string | null, (string | null)?];

/** One log line: the state (when it changed) and entry rows. */
interface LogLine {
  s?: ModelState;
  e: EntryRow[];
}

interface LoadedLog {
  path: string;
  folder: string;
  /** Whether the file exists on disk yet (its first append must also make its name durable). */
  exists: boolean;
  state: ModelState | null;
  entries: Map<string, RecordEntry>;
  /** Serialises appends to this log. */
  queue: Promise<void>;
}

/** Options of {@link FileStateStore}. */
export interface FileStateStoreOptions {
  /** Compact a log when it is loaded and has grown past twice its live size (default true). */
  compact?: boolean;
}

/** Keeps sync state in `directory`, one crash-safe log per connection and model. */
export class FileStateStore implements StateStore {
  readonly #directory: string;
  readonly #compact: boolean;
  readonly #logs = new Map<string, Promise<LoadedLog>>();
  #bytesWritten = 0;

  /** @param directory the folder to keep state in (created when missing). */
  constructor(directory: string, options: FileStateStoreOptions = {}) {
    this.#directory = directory;
    this.#compact = options.compact ?? true;
  }

  /** Bytes appended by checkpoints since this store was created (compactions excluded). */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /** {@inheritDoc StateStore.getState} */
  async getState(key: StateKey): Promise<ModelState | null> {
    const state = (await this.#log(key)).state;
    return state ? { ...state } : null;
  }

  /** {@inheritDoc StateStore.getEntries} */
  async getEntries(key: StateKey, ids: readonly string[]): Promise<RecordEntry[]> {
    const { entries } = await this.#log(key);
    return copiesOf(entries, ids);
  }

  /** {@inheritDoc StateStore.listEntries} */
  async *listEntries(key: StateKey): AsyncIterable<readonly RecordEntry[]> {
    const { entries } = await this.#log(key);
    yield* batchedCopies(entries);
  }

  /** {@inheritDoc StateStore.commit} */
  async commit(key: StateKey, checkpoint: Checkpoint): Promise<void> {
    const log = await this.#log(key);
    const line: LogLine = { s: checkpoint.state, e: checkpoint.entries.map(toRow) };
    const write = log.queue.then(async () => {
      // One line per checkpoint: a torn append loses the whole checkpoint, never half of it.
      this.#bytesWritten += await appendLines(log.path, [encodeLine(line)]);
      if (!log.exists) {
        // A new file's name lives in its folder (and a new folder's in the store's directory).
        await syncDirectory(log.folder);
        await syncDirectory(this.#directory);
        log.exists = true;
      }
      for (const entry of checkpoint.entries) log.entries.set(entry.id, { ...entry });
      log.state = { ...checkpoint.state };
    });
    // A failed append must not block later ones; the caller still sees the failure.
    log.queue = write.catch(() => undefined);
    await write;
  }

  #log(key: StateKey): Promise<LoadedLog> {
    const folder = join(this.#directory, connectionFolder(key.connectionId));
    const path = join(folder, `${key.model}.log`);
    let log = this.#logs.get(path);
    if (!log) {
      log = this.#load(folder, path);
      // A failed load is retried on the next call rather than cached.
      log.catch(() => this.#logs.delete(path));
      this.#logs.set(path, log);
    }
    return log;
  }

  async #load(folder: string, path: string): Promise<LoadedLog> {
    await mkdir(folder, { recursive: true });
    const contents = await readLog(path);
    const log: LoadedLog = { path, folder, exists: contents.bytes > 0, state: null, entries: new Map(), queue: Promise.resolve() };
    for (const value of contents.values) {
      const line = value as LogLine;
      if (line.s) log.state = line.s;
      for (const row of line.e) log.entries.set(row[0], fromRow(row));
    }
    if (this.#compact) await compactIfLarge(log, contents.bytes);
    return log;
  }
}

/** Rewrites a log as a snapshot of its live content when garbage dominates it. */
async function compactIfLarge(log: LoadedLog, fileBytes: number): Promise<void> {
  if (fileBytes < compactionSlackBytes) return;
  const rows = [...log.entries.values()].map(toRow);
  const lines: Buffer[] = [];
  for (let start = 0; start === 0 || start < rows.length; start += snapshotEntriesPerLine) {
    const line: LogLine = { e: rows.slice(start, start + snapshotEntriesPerLine) };
    if (start === 0 && log.state) line.s = log.state;
    lines.push(encodeLine(line));
  }
  const snapshotBytes = lines.reduce((sum, line) => sum + line.length, 0);
  if (fileBytes > 2 * snapshotBytes + compactionSlackBytes) await replaceFile(log.path, lines);
}

function toRow(entry: RecordEntry): EntryRow {
  const row: EntryRow = [entry.id, entry.remoteId, entry.hash, entry.changedAt, entry.deletedAt, entry.scan];
  if (entry.missingSince) row.push(entry.missingSince);
  return row;
}

function fromRow(row: EntryRow): RecordEntry {
  const entry: RecordEntry = { id: row[0], remoteId: row[1], hash: row[2], changedAt: row[3], deletedAt: row[4], scan: row[5] };
  if (row[6]) entry.missingSince = row[6];
  return entry;
}

/**
 * A folder name for a connection id: readable, safe on every file system (lower case, so
 * case-insensitive systems cannot merge two ids) and unique thanks to a hash of the exact id.
 */
export function connectionFolder(connectionId: string): string {
  const readable = connectionId.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').slice(0, 40);
  const digest = createHash('sha256').update(connectionId, 'utf8').digest('hex').slice(0, 12);
  return `${readable}-${digest}`;
}
