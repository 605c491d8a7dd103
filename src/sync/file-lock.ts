/**
 * The run lock of `FileStateStore`: one lock file per (connection, model) next to its log,
 * created with `O_EXCL` and holding the owner's process id and host name. A lock whose owner
 * process is gone (same host, no such process: it crashed or was killed) is taken over; a live
 * owner, or one on another host (which cannot be checked), makes the run fail with
 * `RunInProgressError` naming the file.
 *
 * Limits: two processes taking over the same stale lock at the same instant can both succeed (the
 * check and the takeover are two steps); and a folder shared over a network file system may not
 * honour `O_EXCL`. Use `PostgresStateStore` when several machines share state.
 * @module
 */
import { hostname } from 'node:os';
import { open, readFile, rm } from 'node:fs/promises';
import type { ModelName } from '../models/registry.js';
import { RunInProgressError } from './run-lock.js';

/** Lock files held by this process (two store objects on one folder must also exclude each other). */
const heldByThisProcess = new Set<string>();

/** What a lock file holds. */
interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/** Takes the lock file of each model (`paths[i]` for `models[i]`), all or none. */
export async function takeFileLocks(connectionId: string, models: readonly ModelName[], paths: readonly string[]): Promise<() => Promise<void>> {
  const taken: string[] = [];
  const releaseAll = async () => {
    for (const path of taken.splice(0)) {
      heldByThisProcess.delete(path);
      await rm(path, { force: true });
    }
  };
  for (const [index, path] of paths.entries()) {
    const busy = await takeOne(path);
    if (busy !== null) {
      await releaseAll();
      throw new RunInProgressError(connectionId, [models[index]!], { where: busy });
    }
    taken.push(path);
  }
  return releaseAll;
}

/** Takes one lock file; returns null when taken, or why it is busy. */
async function takeOne(path: string): Promise<string | null> {
  if (heldByThisProcess.has(path)) return 'another run in this process';
  // Two attempts: the second follows the removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      try {
        const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
        await handle.writeFile(`${JSON.stringify(owner)}\n`);
      } finally {
        await handle.close();
      }
      heldByThisProcess.add(path);
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(path);
    if (owner === 'gone') continue;
    if (owner !== null && (owner.host !== hostname() || (owner.pid !== process.pid && isAlive(owner.pid)))) {
      return `lock file ${path} held by process ${owner.pid} on ${owner.host} since ${owner.since}; if that process is gone, delete the file`;
    }
    // Its owner is dead, or is this process without holding it (a leftover), or the file is
    // unreadable (a crash while it was being written): stale.
    await rm(path, { force: true });
  }
  return `lock file ${path} keeps coming back`;
}

async function readOwner(path: string): Promise<LockOwner | null | 'gone'> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? { pid: owner.pid, host: owner.host, since: String(owner.since) } : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return null;
  }
}

/** Whether a process with this id exists on this host (EPERM: it exists, owned by someone else). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
