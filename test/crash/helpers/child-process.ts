/**
 * Starting and stopping the crash test's child processes, with a bound on every wait.
 *
 * The child is bundled once per test file with esbuild (a dependency of tsx and tsup): a bundled
 * child starts in about 0.4 s where `node --import tsx` takes about 1.7 s on a shared machine, and
 * the test starts a few dozen of them. When esbuild cannot be loaded, `node --import tsx` runs the
 * TypeScript source directly: slower, same behaviour.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ChildJob } from '../sync-child.js';

/** The repository root (the children resolve `tsx` and the sources from it). */
export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
const childSource = join(repositoryRoot, 'test', 'crash', 'sync-child.ts');
/** Most stdout/stderr characters kept per child (diagnostics only). */
const outputLimit = 8_000;

/** How to start a child: a command and its arguments before nothing else. */
export interface ChildCommand {
  command: string;
  args: string[];
  /** `bundle` (esbuild) or `tsx`. */
  kind: 'bundle' | 'tsx';
  /** Removes what `prepareChild` built. */
  cleanup?: () => Promise<void>;
}

/** Builds the child once into `directory`; falls back to tsx. */
export async function prepareChild(directory: string): Promise<ChildCommand> {
  try {
    const { build } = await import('esbuild');
    // Inside the repository (an ignored cache folder), so the bundle resolves `pg`, which stays
    // external: unified-ats/postgres requires it from its own location at runtime.
    const outfile = join(repositoryRoot, 'node_modules', '.cache', 'unified-ats-crash', `${basename(directory)}-sync-child.mjs`);
    await build({
      entryPoints: [childSource],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
      external: ['pg', 'pg-native', 'pg-cloudflare'],
      // Bundled CommonJS dependencies call `require`; ESM output has to provide it.
      banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    });
    return { command: process.execPath, args: [outfile], kind: 'bundle', cleanup: () => rm(outfile, { force: true }) };
  } catch {
    return { command: process.execPath, args: ['--import', 'tsx', childSource], kind: 'tsx' };
  }
}

/** How a child ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running child and what it has said so far. */
export interface RunningChild {
  process: ChildProcess;
  /** Batches the child announced (at the start of each `onBatch`). */
  batches: number;
  /** Resolves when the child printed `ready`; rejects if it exits first. */
  ready: Promise<void>;
  /** Resolves when the child exited, however it ended. */
  exited: Promise<ChildExit>;
  /** Called on each announced batch. */
  onBatch: (() => void) | null;
}

/** Children not yet seen exiting, so `afterAll` can kill strays. */
export const liveChildren = new Set<ChildProcess>();

/** Starts one child for `job`. */
export function startChild(command: ChildCommand, job: ChildJob): RunningChild {
  const child = spawn(command.command, command.args, {
    cwd: repositoryRoot,
    env: { ...process.env, CRASH_CHILD_JOB: JSON.stringify(job) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  let stdout = '';
  let stderr = '';
  let pending = '';
  let markReady!: () => void;
  let failReady!: (error: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined);
  const running: RunningChild = { process: child, batches: 0, ready, exited: null as never, onBatch: null };
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    stdout = (stdout + chunk).slice(-outputLimit);
    pending += chunk;
    // Bounded: each pass removes one line from what arrived.
    for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n')) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line === 'ready') markReady();
      if (line.startsWith('batch ')) {
        running.batches += 1;
        running.onBatch?.();
      }
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-outputLimit);
  });
  running.exited = new Promise<ChildExit>((resolve) => {
    child.on('exit', (code, signal) => {
      liveChildren.delete(child);
      failReady(new Error(`child exited before it was ready (code ${code}, signal ${signal}): ${stderr}`));
      // 'exit' can fire before the pipes are drained; 'close' follows once they are.
      child.on('close', () => resolve({ code, signal, stdout, stderr }));
    });
  });
  return running;
}

/** Resolves with `promise`, or rejects after `ms` with `what` in the message. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Kills every child still running (SIGKILL), by its own pid. */
export function killStrays(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
  liveChildren.clear();
}
