/**
 * Public types of the fleet: its options, what the caller's `resolve` returns, schedules, the
 * status of a connection and the events.
 * @module
 */
import type { Logger } from '../core/logger.js';
import type { ModelName } from '../models/registry.js';
import type { PostgresStateStore } from '../postgres/postgres-state-store.js';
import type { SyncRunStatus } from '../sync/report.js';
import type { AnySyncBatch, SyncEngineOptions, SyncSource } from '../sync/types.js';
import type { LimiterFactory } from '../core/rate-limit.js';

/**
 * Where Redis is: a URL (`redis://user:password@host:6379/0`, `rediss://` for TLS) or ioredis
 * options (`{ host, port, password, tls }`). Every component of the fleet opens its own
 * connections from it.
 */
export type FleetRedisOptions =
  | string
  | {
      host?: string;
      port?: number;
      username?: string;
      password?: string;
      db?: number;
      tls?: Record<string, unknown>;
      [option: string]: unknown;
    };

/** What the fleet gives `resolve` for the connector it is about to run. */
export interface ResolveTools {
  /**
   * Pass it as the connector's `limiter` option: its limiters share each credential's budget with
   * every worker through Redis (keyed by provider and a hash of the credential).
   */
  limiter: LimiterFactory;
  /** The mode this run will use. */
  mode: 'delta' | 'full';
  /** Aborted when the worker drains or loses the job; pass it to anything slow you start. */
  signal: AbortSignal;
}

/** What `resolve` returns for one run of one connection. */
export interface ResolvedConnection {
  /**
   * A connector built for this run with the credentials you keep (the fleet never sees them
   * elsewhere and never stores them). The fleet closes it after the run when it has `close()`.
   */
  connector: SyncSource & { close?(): Promise<void> };
  /** The models to sync (default: every model the connector reads). */
  models?: readonly ModelName[];
  /** Writes one batch to your database: the engine's `onBatch` (idempotent, see the sync docs). */
  onBatch: (batch: AnySyncBatch) => Promise<void>;
  /** More engine options for this connection (lookback, page size, quarantine limit, logger). */
  engine?: Omit<SyncEngineOptions, 'connector' | 'store' | 'connectionId' | 'models'>;
}

/**
 * Returns the connector, models and sink of a connection, once per run. Called in the worker that
 * runs it, so credentials stay in your code (read them from your secret store here).
 */
export type ResolveConnection = (connectionId: string, tools: ResolveTools) => ResolvedConnection | Promise<ResolvedConnection>;

/** Options of {@link createFleet}. */
export interface FleetOptions {
  /** Redis, for the queues, the job schedulers, the events and the shared rate limits. */
  redis: FleetRedisOptions;
  /** The sync state, shared by every worker; the fleet keeps its statuses in the same schema. */
  store: PostgresStateStore;
  /** Builds the connector, models and sink of a connection for one run. */
  resolve: ResolveConnection;
  /**
   * Names the fleet's queues (`<name>-runs`, `<name>-ticks`), limiter keys and events, so several
   * fleets can share one Redis (default `unified-ats-fleet`). Letters, digits, `-`, `_` and `.`.
   */
  name?: string;
  /** BullMQ's key prefix in Redis (default `bull`). */
  prefix?: string;
  /** Failed runs in a row after which a connection turns red (default 3). */
  failuresBeforeRed?: number;
  /** Receives the fleet's warnings and debug lines (never a credential). */
  logger?: Logger;
}

/** How often a connection syncs. */
export interface ScheduleOptions {
  /** The period between two runs, in ms (at least 1,000). */
  every: number;
  /**
   * Spreads connections over the period: each connection starts at its own offset in
   * `[0, jitter)`, derived from its id, so a fleet scheduled at once does not run at once (default 0:
   * the first run is due now).
   */
  jitter?: number;
  /** The mode of a regular run (default `delta`). */
  mode?: 'delta' | 'full';
  /**
   * A full run (which also detects deletions) at least this often, in ms, in place of the next
   * delta once it is due (default 24 h); `null` for never.
   */
  fullEvery?: number | null;
}

/** Options of {@link Fleet.syncNow}. */
export interface SyncNowOptions {
  /** `delta` (default) or `full`. A full request also upgrades a run already queued. */
  mode?: 'delta' | 'full';
}

/** What {@link Fleet.syncNow} did. */
export interface SyncNowResult {
  /** The queued run (the one already queued or running when `deduplicated`). */
  jobId: string;
  /** True when a run of this connection was already queued or running: no second run starts. */
  deduplicated: boolean;
}

/** Green: last run ok. Yellow: partial, rate limited, quarantined records or a recent failure. Red: credentials refused, or failed too often in a row. */
export type Health = 'green' | 'yellow' | 'red';

/** How a run of the fleet ended. */
export type FleetRunStatus = SyncRunStatus | 'auth_failed' | 'skipped';

/** What one model did in a run. */
export interface ModelCounts {
  fetched: number;
  upserted: number;
  unchanged: number;
  deleted: number;
  quarantined: number;
  requests: number;
}

/** The last run of a connection. */
export interface RunSummary {
  /** The queue's id of the run. */
  runId: string;
  /** `delta` or `full`. */
  mode: 'delta' | 'full';
  /** `schedule` (the job scheduler) or `now` (`syncNow`). */
  trigger: 'schedule' | 'now';
  /** How it ended. */
  status: FleetRunStatus;
  /** When it was due (scheduled runs) or asked for (`syncNow`), UTC ISO. */
  dueAt: string | null;
  /** When it started and finished (UTC ISO). */
  startedAt: string;
  finishedAt: string;
  /** Per model counts. */
  models: Partial<Record<ModelName, ModelCounts>>;
  /** The error that stopped it (class name and redacted message), or null. */
  error: { name: string; message: string } | null;
  /** When the provider's limit stopped it: how long it asked to wait, in ms. */
  retryAfterMs: number | null;
}

/** Everything the fleet knows about one connection. */
export interface FleetConnectionStatus {
  connectionId: string;
  /** False after the provider refused the credentials: no scheduled run until {@link Fleet.enable}. */
  enabled: boolean;
  /** Why it is disabled. */
  disabledReason: string | null;
  /** The schedule, or null when unscheduled. */
  schedule: Required<ScheduleOptions> | null;
  /** `running` while a worker runs it, `queued` while a run waits, `idle` otherwise. */
  state: 'idle' | 'queued' | 'running';
  /** The last finished run, or null before the first. */
  lastRun: RunSummary | null;
  /** When a run last ended `ok` (UTC ISO). */
  lastSuccessAt: string | null;
  /** When a complete full run last ended (UTC ISO). */
  lastFullAt: string | null;
  /** Failed runs in a row (0 after a successful one). */
  consecutiveFailures: number;
  /** When the next scheduled run is due (UTC ISO), or null. */
  nextRunAt: string | null;
  /** The colour, or null before the first run. */
  health: Health | null;
  /** Why it has that colour. */
  healthReason: string | null;
  /** When this status last changed (UTC ISO). */
  updatedAt: string;
}

/** Sent after every run, to every fleet object listening (any process). */
export interface RunFinishedEvent {
  connectionId: string;
  run: RunSummary;
  health: Health;
  healthReason: string;
  consecutiveFailures: number;
  enabled: boolean;
}

/** The events of {@link Fleet.on}. */
export interface FleetEvents {
  'run:finished': RunFinishedEvent;
}

/** Options of {@link Fleet.startWorker}. */
export interface WorkerOptions {
  /** Runs at once in this worker (default 4). */
  concurrency?: number;
  /**
   * How long a job stays locked to this worker without renewal, in ms (default 30,000). A worker
   * that dies stops renewing; its run is picked up again after this and `stalledIntervalMs`.
   */
  lockDurationMs?: number;
  /** How often workers look for runs whose worker died, in ms (default 30,000). */
  stalledIntervalMs?: number;
  /** Times a run may be picked up again after its worker died before it fails (default 3). */
  maxStalledCount?: number;
  /** Wait before retrying a run that found its connection busy (another run holds its lock), ms (default 5,000). */
  busyRetryMs?: number;
  /** Times a rate-limited run is retried after the provider's Retry-After before waiting for the schedule (default 2). */
  rateLimitRetries?: number;
  /** Longest Retry-After the worker waits for by re-queuing the run, in ms (default 15 minutes). */
  maxRetryAfterMs?: number;
}

/** A running worker. */
export interface FleetWorker {
  /** Runs in progress in this worker. */
  readonly running: number;
  /**
   * Drains: stops taking runs, lets each run in progress finish its current page and checkpoint,
   * puts the interrupted runs back in the queue for another worker, then closes. Call it on
   * SIGTERM.
   */
  close(): Promise<void>;
}

/** The fleet: schedules, runs and statuses of many connections, on BullMQ, Redis and PostgreSQL. */
export interface Fleet {
  /** Schedules a connection (idempotent: scheduling again replaces the schedule). Re-enables it. */
  schedule(connectionId: string, options: ScheduleOptions): Promise<void>;
  /** Stops a connection's scheduled runs and removes its queued run (a run in progress finishes). */
  unschedule(connectionId: string): Promise<void>;
  /** Runs a connection now, ahead of scheduled work; a run already queued or running is not doubled. */
  syncNow(connectionId: string, options?: SyncNowOptions): Promise<SyncNowResult>;
  /** Re-enables a connection disabled by refused credentials, and restores its schedule. */
  enable(connectionId: string): Promise<void>;
  /** Starts a worker in this process. */
  startWorker(options?: WorkerOptions): Promise<FleetWorker>;
  /** The status of one connection, or null when the fleet never saw it. */
  status(connectionId: string): Promise<FleetConnectionStatus | null>;
  /** The statuses of every connection, by id. */
  statuses(): Promise<FleetConnectionStatus[]>;
  /** Listens to an event from every worker (through Redis); returns a function that stops listening. */
  on<E extends keyof FleetEvents>(event: E, listener: (payload: FleetEvents[E]) => void): () => void;
  /** Closes the workers started here, the queues and the connections (not the store). */
  close(): Promise<void>;
}
