/**
 * A crash-safe append-only log of JSON lines, the storage format of `FileStateStore`.
 *
 * Each line is `<crc32 of the JSON, 8 hex digits> <JSON>\n`, appended with one write and made
 * durable with `fdatasync` before the append returns. A crash can only tear the *last* line (a
 * missing newline or a checksum that does not match); reading drops that torn tail and truncates
 * the file back to the last whole line, so the next append starts clean. A bad line followed by
 * good ones is not a crash artefact but corruption, and is reported instead of skipped.
 * Rewrites (compaction) go to a temporary file that is synced and then renamed over the log, so a
 * reader sees the old file or the new one, never a mix.
 * @module
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { AtsError } from '../core/errors.js';

/** Bytes read from disk at a time while loading a log. */
const readChunkBytes = 1 << 20;

/** A log whose middle is damaged (not a torn tail): the store refuses to guess. */
export class StateCorruptError extends AtsError {
  /** The damaged file. */
  readonly path: string;
  /** Byte offset of the first damaged line. */
  readonly offset: number;
  constructor(path: string, offset: number) {
    super(`State log ${path} is damaged at byte ${offset} (not a torn tail); restore it or delete it to resync.`, {
      provider: 'unified-ats',
      operation: 'FileStateStore.load',
    });
    this.path = path;
    this.offset = offset;
  }
}

/** What reading a log found. */
export interface LogContents {
  /** The parsed JSON of every whole, valid line, in order. */
  values: unknown[];
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
 * Reads a log, recovering from a torn tail by truncating it. A missing file reads as empty.
 * Throws {@link StateCorruptError} when a damaged line is followed by more data.
 */
export async function readLog(path: string): Promise<LogContents> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { values: [], tornBytes: 0, bytes: 0 };
    throw error;
  }
  try {
    const size = (await handle.stat()).size;
    const values: unknown[] = [];
    const buffer = Buffer.alloc(readChunkBytes);
    let pending = Buffer.alloc(0);
    let good = 0; // offset just past the last whole, valid line
    let damagedAt: number | null = null;
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
        // A torn tail may hold several damaged lines (zero-filled blocks), but never a valid one.
        if (value === undefined) damagedAt ??= good;
        else if (damagedAt !== null) throw new StateCorruptError(path, damagedAt);
        else {
          values.push(value);
          good += line.length + 1;
        }
      }
    }
    // What is left (a damaged last line, or bytes without a newline) is a torn tail.
    if (good < size) await handle.truncate(good);
    if (good < size) await handle.datasync();
    return { values, tornBytes: size - good, bytes: good };
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

/** Replaces a file atomically: write a temporary sibling, sync it, rename it over, sync the folder. */
export async function replaceFile(path: string, lines: readonly Buffer[]): Promise<number> {
  const temporary = `${path}.tmp`;
  await rm(temporary, { force: true });
  const bytes = await appendLines(temporary, lines);
  await rename(temporary, path);
  await syncDirectory(path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))) || '.');
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
