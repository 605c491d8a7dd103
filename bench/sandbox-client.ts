/**
 * The bench side of `bench/server-process.ts`: forks the sandbox process, sends it commands and
 * makes sure it dies with the bench (normal exit, error, Ctrl-C).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SandboxOptions } from '../src/testing/index.js';
import type { LoggedRequest, ServerCommand, ServerReply } from './server-process.js';

export type { LoggedRequest };

/** Counters of the sandbox process. */
export interface RemoteStats {
  requests: number;
  rateLimited: number;
  faults: number;
  maxInFlight: number;
  connections: number;
  byRoute: Record<string, number>;
}

/** A sandbox running in its own process. */
export interface RemoteSandbox {
  url: string;
  credentials: Record<string, string>;
  /** Everything the provider's factory needs (credentials, `baseUrl`, address-dependent options). */
  connectorOptions: Record<string, string>;
  /** How long seeding and listening took, in ms. */
  seedMs: number;
  stats(): Promise<RemoteStats>;
  resetStats(): Promise<void>;
  /** Starts (and clears) or stops the log of request URLs. */
  recordUrls(on: boolean): Promise<void>;
  /** Returns and clears the logged request URLs (path and query, without the base path). */
  takeUrls(): Promise<string[]>;
  /** Returns and clears the logged requests (method, path and query, headers, body). */
  takeRequests(): Promise<LoggedRequest[]>;
  /** Edits `count` evenly spread candidates; returns their remote ids. */
  editCandidates(count: number): Promise<string[]>;
  /** Queries whose indexed answer differs from the sandbox's own (empty when the index is exact). */
  verifyIndex(): Promise<string[]>;
  close(): Promise<void>;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** Longest wait for one command (seeding 200,000 records on a busy machine takes tens of seconds). */
const COMMAND_TIMEOUT_MS = 180_000;

/** Starts a sandbox for `provider` in a child process on 127.0.0.1. */
export async function startRemoteSandbox(provider: string, options: SandboxOptions, settings: { indexed?: boolean } = {}): Promise<RemoteSandbox> {
  installExitHook();
  const script = fileURLToPath(new URL('./server-process.ts', import.meta.url));
  const child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  child.on('message', (message: ServerReply) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    clearTimeout(waiter.timer);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(`sandbox process: ${message.error}`));
  });
  child.once('exit', (code) => {
    for (const waiter of pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`sandbox process exited (code ${code})`));
    }
    pending.clear();
  });
  const send = <T>(command: ServerCommand): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`sandbox process did not answer ${command.type} within ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      child.send({ ...command, id });
    });
  let started: { url: string; credentials: Record<string, string>; connectorOptions: Record<string, string>; seedMs: number };
  try {
    started = await send({ type: 'start', provider, options, indexed: settings.indexed ?? true });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    ...started,
    stats: () => send<RemoteStats>({ type: 'stats' }),
    resetStats: () => send<void>({ type: 'reset-stats' }),
    recordUrls: (on) => send<void>({ type: 'record-urls', on }),
    takeUrls: () => send<string[]>({ type: 'take-urls' }),
    takeRequests: () => send<LoggedRequest[]>({ type: 'take-requests' }),
    editCandidates: (count) => send<string[]>({ type: 'edit-candidates', count }),
    verifyIndex: () => send<string[]>({ type: 'verify-index' }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await send<void>({ type: 'close' }).catch(() => undefined);
      // Bounded: a server that does not exit within 5 s is killed.
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
