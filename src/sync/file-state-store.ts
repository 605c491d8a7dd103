/**
 * A state store in a local folder, safe against crashes: one append-only log per
 * (connection, model) (see `append-log.ts`). A checkpoint appends one line holding the new state
 * and the entries its page changed, then `fdatasync`s, so it costs what the page costs whatever
 * has been synced before, and a crash loses at most the checkpoint being written (never a torn
 * file: a torn last line is dropped when the log is next read).
 *
 * Each log starts with a format header (`{"format":"unified-ats/state-log","version":1}`); logs
 * written before the header existed are read as version 1 and get the header at their next
 * rewrite. A log that is not a log (overwritten, damaged beyond its last line, or from a newer
 * release) is a `StateCorruptError`, never an empty state.
 *
 * A log is read into memory the first time its model is used (and again when a run takes the
 * model's lock, since another process may have appended in between); when it has grown past twice
 * the size of its live content it is compacted then, by an atomic rewrite. Runs take a lock file
 * per (connection, model) (`file-lock.ts`), so two processes never append to one log at once.
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelName } from '../models/registry.js';
import { appendLines, encodeLine, readLog, replaceFile, StateCorruptError } from './append-log.js';
import { takeFileLocks } from './file-lock.js';
import type { RunLock } from './run-lock.js';
import type { Checkpoint, EntryCounts, ListEntriesOptions, ModelState, RecordEntry, StateKey, StateStore } from './state-store.js';
import { batchedCopies, copiesOf, copyOfState, countIn, storedCopy } from './state-store.js';

/** Entries per line when a log is compacted (keeps lines far below any size limit). */
const snapshotEntriesPerLine = 1_000;
/** Compaction is skipped below this much garbage, whatever the ratio. */
const compactionSlackBytes = 64 * 1024;
/** The log format this release writes, in the header line of every log. */
export const stateLogFormat = { format: 'unified-ats/state-log', version: 1 } as const;

/**
 * An entry as stored: a positional array is about half the size of an object. Trailing nulls are
 * left out (`missingSince`, `stageId`, `deliveredAt`), so logs written before a field existed
 * still read, and entries that do not use one cost nothing.
 */
type EntryRow = [string, string, string | null, number | null, string | null, string | null, (string | null)?, (string | null)?, (string | null)?];

/** One log line: the state (when it changed) and entry rows. */
interface LogLine {
  s?: ModelState;
  e: EntryRow[];
}

interface LoadedLog {
  path: string;
  folder: string;
  /** Whether the file exists on disk yet (its first write creates it whole, with the header). */
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
    return state ? copyOfState(state) : null;
  }

  /** {@inheritDoc StateStore.getEntries} */
  async getEntries(key: StateKey, ids: readonly string[]): Promise<RecordEntry[]> {
    const { entries } = await this.#log(key);
    return copiesOf(entries, ids);
  }

  /** {@inheritDoc StateStore.listEntries} */
  async *listEntries(key: StateKey, options?: ListEntriesOptions): AsyncIterable<readonly RecordEntry[]> {
    const { entries } = await this.#log(key);
    yield* batchedCopies(entries, options);
  }

  /** {@inheritDoc StateStore.countEntries} */
  async countEntries(key: StateKey, scanId: string): Promise<EntryCounts> {
    return countIn((await this.#log(key)).entries, scanId);
  }

  /** {@inheritDoc StateStore.commit} */
  async commit(key: StateKey, checkpoint: Checkpoint): Promise<void> {
    await this.#append(key, checkpoint.entries, checkpoint.state);
  }

  /** {@inheritDoc StateStore.commitEntries} One log line without a state. */
  async commitEntries(key: StateKey, entries: readonly RecordEntry[]): Promise<void> {
    if (entries.length > 0) await this.#append(key, entries, null);
  }

  async #append(key: StateKey, entries: readonly RecordEntry[], state: ModelState | null): Promise<void> {
    const log = await this.#log(key);
    const value: LogLine = { e: entries.map(toRow) };
    if (state) value.s = state;
    const line = encodeLine(value);
    const write = log.queue.then(async () => {
      if (log.exists) {
        // One line per checkpoint: a torn append loses the whole checkpoint, never half of it.
        this.#bytesWritten += await appendLines(log.path, [line]);
      } else {
        // A new log is created whole, header first, by rename: its first line is never torn.
        await mkdir(log.folder, { recursive: true });
        this.#bytesWritten += await replaceFile(log.path, [encodeLine(stateLogFormat), line], this.#directory);
        log.exists = true;
      }
      for (const entry of entries) log.entries.set(entry.id, storedCopy(entry));
      if (state) log.state = copyOfState(state);
    });
    // A failed append must not block later ones; the caller still sees the failure.
    log.queue = write.catch(() => undefined);
    await write;
  }

  /**
   * {@inheritDoc StateStore.acquireRunLock} A lock file per model next to its log; the logs of
   * the locked models are read again from disk, since another process may have run them since.
   */
  async acquireRunLock(connectionId: string, models: readonly ModelName[]): Promise<RunLock> {
    const folder = join(this.#directory, connectionFolder(connectionId));
    await mkdir(folder, { recursive: true });
    const release = await takeFileLocks(
      connectionId,
      models,
      models.map((model) => join(folder, `${model}.lock`)),
    );
    for (const model of models) {
      const path = join(folder, `${model}.log`);
      const cached = this.#logs.get(path);
      // Let pending appends of this store finish before forgetting what it holds.
      if (cached) await cached.then((log) => log.queue).catch(() => undefined);
      this.#logs.delete(path);
    }
    return { release };
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
    const contents = await readLog(path);
    const log: LoadedLog = { path, folder, exists: contents.bytes > 0, state: null, entries: new Map(), queue: Promise.resolve() };
    const headed = isHeader(contents.values[0]);
    if (headed) {
      const { version } = contents.values[0] as { version: unknown };
      if (version !== stateLogFormat.version) throw new StateCorruptError(path, 0, 'newer_format', `format version ${String(version)}; this release reads ${stateLogFormat.version}`);
    }
    for (const [index, value] of contents.values.entries()) {
      if (index === 0 && headed) continue;
      // A checksummed line that is not a log line: another program's file, not a torn write.
      if (!isLogLine(value)) throw new StateCorruptError(path, contents.offsets[index]!, index === 0 ? 'not_a_log' : 'damaged');
      if (value.s) log.state = value.s;
      for (const row of value.e) log.entries.set(row[0], fromRow(row));
    }
    // A log from before the header existed gets one at its next rewrite (now, when compacting).
    if (this.#compact && log.exists) await compactIfLarge(log, contents.bytes, !headed, this.#directory);
    return log;
  }
}

function isHeader(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === stateLogFormat.format;
}

function isLogLine(value: unknown): value is LogLine {
  return typeof value === 'object' && value !== null && Array.isArray((value as LogLine).e);
}

/** Rewrites a log as a snapshot of its live content when garbage dominates it, or when it lacks the header. */
async function compactIfLarge(log: LoadedLog, fileBytes: number, withoutHeader: boolean, directory: string): Promise<void> {
  if (fileBytes < compactionSlackBytes && !withoutHeader) return;
  const rows = [...log.entries.values()].map(toRow);
  const lines: Buffer[] = [encodeLine(stateLogFormat)];
  for (let start = 0; start === 0 || start < rows.length; start += snapshotEntriesPerLine) {
    const line: LogLine = { e: rows.slice(start, start + snapshotEntriesPerLine) };
    if (start === 0 && log.state) line.s = log.state;
    lines.push(encodeLine(line));
  }
  const snapshotBytes = lines.reduce((sum, line) => sum + line.length, 0);
  if (withoutHeader || fileBytes > 2 * snapshotBytes + compactionSlackBytes) await replaceFile(log.path, lines, directory);
}

function toRow(entry: RecordEntry): EntryRow {
  const row: EntryRow = [
    entry.id,
    entry.remoteId,
    entry.hash,
    entry.changedAt,
    entry.deletedAt,
    entry.scan,
    entry.missingSince ?? null,
    entry.stageId ?? null,
    entry.deliveredAt ?? null,
  ];
  while (row.length > 6 && row[row.length - 1] === null) row.pop();
  return row;
}

function fromRow(row: EntryRow): RecordEntry {
  const entry: RecordEntry = { id: row[0], remoteId: row[1], hash: row[2], changedAt: row[3], deletedAt: row[4], scan: row[5] };
  if (row[6]) entry.missingSince = row[6];
  if (row[7]) entry.stageId = row[7];
  if (row[8]) entry.deliveredAt = row[8];
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
