/**
 * A crash-safe append-only log of JSON lines, the storage format of `FileStateStore`.
 *
 * Each line is `<crc32 of the JSON, 8 hex digits> <JSON>\n`, appended with one write and made
 * durable with `fdatasync` before the append returns. A crash can only tear the *last* line (a
 * missing newline, a checksum that does not match, or zeros where the data never landed);
 * reading drops that one torn line and truncates the file back to the last whole line, so the
 * next append starts clean. Anything else is not a crash artefact but damage, reported as
 * `StateCorruptError` with the file left untouched: a first line that is not valid (a log
 * overwritten with other text, which must never read as an empty state), two or more bad lines
 * at the end, or a bad line followed by good ones. A new log is created whole (its first lines
 * written to a temporary file and renamed into place), so its first line is never torn.
 * Rewrites (compaction) go to a temporary file that is synced and then renamed over the log, so a
 * reader sees the old file or the new one, never a mix.
 * @module
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { AtsError } from '../core/errors.js';

/** Bytes read from disk at a time while loading a log. */
const readChunkBytes = 1 << 20;

/** Why a log cannot be read. */
export type StateCorruptReason = 'damaged' | 'not_a_log' | 'newer_format';

/**
 * A state log that is damaged beyond a torn last line, is not a state log at all (overwritten,
 * or another file), or was written by a newer release. The store refuses to guess and leaves the
 * file untouched.
 */
export class StateCorruptError extends AtsError {
  /** The file. */
  readonly path: string;
  /** Byte offset of the first damaged line (0 when the file is not a log). */
  readonly offset: number;
  /** What is wrong with it. */
  readonly reason: StateCorruptReason;
  constructor(path: string, offset: number, reason: StateCorruptReason = 'damaged', detail?: string) {
    const what = {
      damaged: `is damaged at byte ${offset} (more than a torn last line)`,
      not_a_log: 'does not start with a valid log line (overwritten, or not a state log)',
      newer_format: `was written by a newer release of unified-ats${detail ? ` (${detail})` : ''}`,
    }[reason];
    const advice = reason === 'newer_format' ? 'upgrade unified-ats, or delete it to resync' : 'restore it from a backup, or delete it to resync';
    super(`State log ${path} ${what}; it was left untouched: ${advice}.`, {
      provider: 'unified-ats',
      operation: 'FileStateStore.load',
    });
    this.path = path;
    this.offset = offset;
    this.reason = reason;
  }
}

/** What reading a log found. */
export interface LogContents {
  /** The parsed JSON of every whole, valid line, in order. */
  values: unknown[];
  /** The byte offset of each value's line. */
  offsets: number[];
  /** Bytes of the torn tail that was dropped and truncated away (0 when none). */
  tornBytes: number;
  /** Size of the file after recovery. */
  bytes: number;
}

/** Encodes one value as a log line. */
export function encodeLine(value: unknown): Buffer {
  const json = JSON.stringify(value);
  const checksum = crc32(json).toString(16).padStart(8, '0');
  return Buffer.from(`${checksum} ${json}\n`, 'utf8');
}

/** Decodes one line (without its newline), or returns undefined when it is damaged. */
function decodeLine(line: Buffer): unknown {
  const text = line.toString('utf8');
  const json = text.slice(9);
  if (text.length < 10 || text[8] !== ' ' || crc32(json).toString(16).padStart(8, '0') !== text.slice(0, 8)) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Reads a log, recovering from a torn last line by truncating it. A missing or empty file reads as
 * empty. Throws {@link StateCorruptError} for anything but a torn last line.
 */
export async function readLog(path: string): Promise<LogContents> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { values: [], offsets: [], tornBytes: 0, bytes: 0 };
    throw error;
  }
  try {
    const size = (await handle.stat()).size;
    const values: unknown[] = [];
    const offsets: number[] = [];
    const buffer = Buffer.alloc(readChunkBytes);
    let pending = Buffer.alloc(0);
    let good = 0; // offset just past the last whole, valid line
    let damagedLines = 0; // whole (newline-terminated) bad lines after the last valid one
    // Bounded: each pass consumes at least one byte of a file whose size is known.
    for (let position = 0; position < size; ) {
      const { bytesRead } = await handle.read(buffer, 0, readChunkBytes, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      pending = Buffer.concat([pending, buffer.subarray(0, bytesRead)]);
      for (let newline = pending.indexOf(0x0a); newline !== -1; newline = pending.indexOf(0x0a)) {
        const line = pending.subarray(0, newline);
        pending = pending.subarray(newline + 1);
        const value = decodeLine(line);
        if (value === undefined) {
          if (values.length === 0) throw new StateCorruptError(path, 0, 'not_a_log');
          damagedLines += 1;
        } else if (damagedLines > 0) throw new StateCorruptError(path, good, 'damaged');
        else {
          values.push(value);
          offsets.push(good);
          good += line.length + 1;
        }
      }
    }
    // What is left without a newline is an unfinished last line (torn, or a first line cut short).
    if (pending.length > 0 && values.length === 0) throw new StateCorruptError(path, 0, 'not_a_log');
    if (damagedLines + (pending.length > 0 ? 1 : 0) > 1) throw new StateCorruptError(path, good, 'damaged');
    if (good < size) await handle.truncate(good);
    if (good < size) await handle.datasync();
    return { values, offsets, tornBytes: size - good, bytes: good };
  } finally {
    await handle.close();
  }
}

/** Appends lines with one write and waits until they are on disk. Returns the bytes written. */
export async function appendLines(path: string, lines: readonly Buffer[]): Promise<number> {
  const data = lines.length === 1 ? lines[0]! : Buffer.concat(lines);
  const handle = await open(path, 'a');
  try {
    await handle.write(data);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  return data.length;
}

/**
 * Replaces (or creates) a file atomically: write a temporary sibling, sync it, rename it over, and
 * sync its folder and, when given, the folder above (a new folder's name lives there).
 */
export async function replaceFile(path: string, lines: readonly Buffer[], parentOfFolder?: string): Promise<number> {
  const temporary = `${path}.tmp`;
  await rm(temporary, { force: true });
  const bytes = await appendLines(temporary, lines);
  await rename(temporary, path);
  await syncDirectory(dirname(path));
  if (parentOfFolder !== undefined) await syncDirectory(parentOfFolder);
  return bytes;
}

/** Makes a new or renamed directory entry durable. Some platforms cannot sync a folder; that is fine. */
export async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}
