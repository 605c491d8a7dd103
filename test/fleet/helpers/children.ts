/**
 * Worker processes of the multi-process fleet test: started with `node --import tsx`, watched
 * through their stdout lines, stopped by their own pid (SIGTERM to drain, SIGKILL to crash).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ChildSettings } from '../worker-child.js';

const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
const childSource = join(repositoryRoot, 'test', 'fleet', 'worker-child.ts');
/** Most output characters kept per child (diagnostics only). */
const outputLimit = 8_000;

/** A running worker process and what it said. */
export interface WorkerChild {
  process: ChildProcess;
  /** `batch <id>` lines, in order. */
  batches: string[];
  /** `done <id>` lines: runs this worker finished. */
  done: string[];
  /** Resolves on `ready`; rejects when the child exits first. */
  ready: Promise<void>;
  /** Resolves with the exit code and signal, and the output. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Whether it printed `drained`. */
  drained: boolean;
}

/** Children not yet seen exiting, so `afterAll` can kill strays. */
export const liveChildren = new Set<ChildProcess>();

/** Starts one worker process. */
export function startWorkerChild(settings: ChildSettings): WorkerChild {
  const child = spawn(process.execPath, ['--import', 'tsx', childSource], {
    cwd: repositoryRoot,
    env: { ...process.env, FLEET_CHILD: JSON.stringify(settings) },
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
  const worker: WorkerChild = { process: child, batches: [], done: [], ready, exited: null as never, drained: false };
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    stdout = (stdout + chunk).slice(-outputLimit);
    pending += chunk;
    // Bounded: each pass removes one line from what arrived.
    for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n')) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line === 'ready') markReady();
      else if (line === 'drained') worker.drained = true;
      else if (line.startsWith('batch ')) worker.batches.push(line.slice('batch '.length));
      else if (line.startsWith('done ')) worker.done.push(line.slice('done '.length));
    }
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-outputLimit);
  });
  worker.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      liveChildren.delete(child);
      failReady(new Error(`worker exited before it was ready (code ${code}, signal ${signal}): ${stderr}`));
      child.on('close', () => resolve({ code, signal, stdout, stderr }));
    });
  });
  return worker;
}

/** Kills every child still running (SIGKILL), by its own pid. */
export function killStrays(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
  liveChildren.clear();
}

/** Resolves with `promise`, or rejects after `ms` naming `what`. */
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
