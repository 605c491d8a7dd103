/**
 * The fleet's statuses in PostgreSQL: one row per connection, in the state store's schema, next
 * to its tables (`<prefix>fleet_connections`), written by every worker after every run.
 *
 * The table holds the schedule as the caller gave it (so `enable` can restore it after the
 * provider refused the credentials), the last run's summary, the health colour and the counters
 * that decide it. Never a credential: errors are stored as class name and redacted message.
 * @module
 */
import { createHash } from 'node:crypto';
import { ConfigError } from '../core/errors.js';
import type { PostgresQueryable } from '../postgres/types.js';
import type { FleetConnectionStatus, Health, RunSummary, ScheduleOptions } from './types.js';

/** The table layout this release reads and writes. */
const tableVersion = 1;
const identifierPattern = /^[a-z_][a-z0-9_]*$/;
const tableSuffix = 'fleet_connections';

/** The part of a status row that a finished run writes. */
export interface RunRecord {
  run: RunSummary;
  health: Health;
  healthReason: string;
  consecutiveFailures: number;
  /** Set when the run was a complete full run. */
  fullCompleted: boolean;
  /** The next scheduled run, when known. */
  nextRunAt: string | null;
}

/** What a worker reads before a run. */
export interface RunContext {
  enabled: boolean;
  schedule: Required<ScheduleOptions> | null;
  lastFullAt: number | null;
  fullRequestedAt: number | null;
  consecutiveFailures: number;
}

/** Reads and writes the status rows. */
export class StatusTable {
  private readonly table: string;
  private readonly lockKey: string;
  private ready: Promise<void> | null = null;

  /**
   * @param database the state store's pool
   * @param schema the state store's schema (already checked by the store)
   * @param tablePrefix the state store's table prefix
   * @param beforeFirstUse makes sure the schema exists (the store's `ready()`)
   */
  constructor(
    private readonly database: PostgresQueryable,
    schema: string,
    tablePrefix: string,
    private readonly beforeFirstUse: () => Promise<void>,
  ) {
    const name = `${tablePrefix}${tableSuffix}`;
    if (!identifierPattern.test(schema) || !identifierPattern.test(name) || name.length > 63) {
      throw new ConfigError(
        `The fleet's status table "${name}" in schema "${schema}" is not a valid PostgreSQL name of at most 63 characters: use a shorter tablePrefix on the store.`,
        { provider: 'unified-ats', operation: 'createFleet' },
      );
    }
    this.table = `"${schema}"."${name}"`;
    this.lockKey = createHash('sha256').update(JSON.stringify(['unified-ats fleet schema', schema, name])).digest().readBigInt64BE(0).toString();
  }

  /** Creates the table when missing (serialised across processes by a transaction-level advisory lock). */
  ensure(): Promise<void> {
    if (!this.ready) {
      this.ready = this.create();
      // A failure (the server was down) is retried by the next call, not remembered.
      this.ready.catch(() => (this.ready = null));
    }
    return this.ready;
  }

  private async create(): Promise<void> {
    await this.beforeFirstUse();
    await this.database.query(`
      DO $unified_ats_fleet$
      BEGIN
        PERFORM pg_advisory_xact_lock(${this.lockKey});
        CREATE TABLE IF NOT EXISTS ${this.table} (
          connection_id text COLLATE "C" PRIMARY KEY,
          table_version integer NOT NULL DEFAULT ${tableVersion},
          enabled boolean NOT NULL DEFAULT true,
          disabled_reason text,
          schedule jsonb,
          state text NOT NULL DEFAULT 'idle',
          full_requested_at timestamptz,
          last_run jsonb,
          last_success_at timestamptz,
          last_full_at timestamptz,
          consecutive_failures integer NOT NULL DEFAULT 0,
          next_run_at timestamptz,
          health text,
          health_reason text,
          updated_at timestamptz NOT NULL DEFAULT now()
        );
      END
      $unified_ats_fleet$`);
    const { rows } = await this.database.query(`SELECT max(table_version) AS version FROM ${this.table}`);
    const found = rows[0]?.version;
    if (found !== null && found !== undefined && Number(found) > tableVersion) {
      throw new ConfigError(`The fleet's status table ${this.table} was written by a newer release (version ${String(found)}): upgrade unified-ats.`, {
        provider: 'unified-ats',
        operation: 'createFleet',
      });
    }
  }

  private async query(text: string, values: unknown[]) {
    await this.ensure();
    return this.database.query(text, values);
  }

  /** Stores the schedule and enables the connection. */
  async setSchedule(connectionId: string, schedule: Required<ScheduleOptions>, nextRunAt: string | null): Promise<void> {
    await this.query(
      `INSERT INTO ${this.table} (connection_id, schedule, next_run_at) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (connection_id) DO UPDATE SET schedule = excluded.schedule, next_run_at = excluded.next_run_at,
         enabled = true, disabled_reason = NULL, updated_at = now()`,
      [connectionId, JSON.stringify(schedule), nextRunAt],
    );
  }

  /** Forgets the schedule (the row and its history stay). */
  async clearSchedule(connectionId: string): Promise<void> {
    await this.query(
      `UPDATE ${this.table} SET schedule = NULL, next_run_at = NULL, state = CASE WHEN state = 'queued' THEN 'idle' ELSE state END, updated_at = now()
       WHERE connection_id = $1`,
      [connectionId],
    );
  }

  /** A run was queued (by `syncNow`); `full` also asks the next run to be a full one. */
  async markQueued(connectionId: string, full: boolean): Promise<void> {
    await this.query(
      `INSERT INTO ${this.table} (connection_id, state, full_requested_at) VALUES ($1, 'queued', CASE WHEN $2 THEN now() END)
       ON CONFLICT (connection_id) DO UPDATE SET
         state = CASE WHEN ${this.table}.state = 'running' THEN 'running' ELSE 'queued' END,
         full_requested_at = CASE WHEN $2 THEN now() ELSE ${this.table}.full_requested_at END,
         updated_at = now()`,
      [connectionId, full],
    );
  }

  /** A worker took a run; returns what it needs to decide the mode. */
  async markRunning(connectionId: string): Promise<RunContext> {
    const { rows } = await this.query(
      `INSERT INTO ${this.table} (connection_id, state) VALUES ($1, 'running')
       ON CONFLICT (connection_id) DO UPDATE SET state = 'running', updated_at = now()
       RETURNING enabled, schedule, last_full_at, full_requested_at, consecutive_failures`,
      [connectionId],
    );
    const row = rows[0] ?? {};
    return {
      enabled: row.enabled !== false,
      schedule: parseJson(row.schedule) as Required<ScheduleOptions> | null,
      lastFullAt: epochOf(row.last_full_at),
      fullRequestedAt: epochOf(row.full_requested_at),
      consecutiveFailures: Number(row.consecutive_failures ?? 0),
    };
  }

  /** A run ended without an outcome (drained, or skipped): back to `queued` or `idle`. */
  async markState(connectionId: string, state: 'idle' | 'queued'): Promise<void> {
    await this.query(`UPDATE ${this.table} SET state = $2, updated_at = now() WHERE connection_id = $1`, [connectionId, state]);
  }

  /**
   * Records a finished run. A full request made before the run started is satisfied by a complete
   * full run; one made while it ran stays for the next run.
   */
  async recordRun(connectionId: string, record: RunRecord): Promise<void> {
    const ok = record.run.status === 'ok';
    await this.query(
      `UPDATE ${this.table} SET
         state = 'idle',
         last_run = $2::jsonb,
         health = $3,
         health_reason = $4,
         consecutive_failures = $5,
         last_success_at = CASE WHEN $6 THEN $7::timestamptz ELSE last_success_at END,
         last_full_at = CASE WHEN $8 THEN $7::timestamptz ELSE last_full_at END,
         full_requested_at = CASE WHEN $8 AND full_requested_at <= $9::timestamptz THEN NULL ELSE full_requested_at END,
         next_run_at = COALESCE($10::timestamptz, next_run_at),
         updated_at = now()
       WHERE connection_id = $1`,
      [
        connectionId,
        JSON.stringify(record.run),
        record.health,
        record.healthReason,
        record.consecutiveFailures,
        ok,
        record.run.finishedAt,
        record.fullCompleted,
        record.run.startedAt,
        record.nextRunAt,
      ],
    );
  }

  /** Stops scheduled runs of a connection until it is enabled again (credentials refused). */
  async disable(connectionId: string, reason: string): Promise<void> {
    await this.query(`UPDATE ${this.table} SET enabled = false, disabled_reason = $2, next_run_at = NULL, updated_at = now() WHERE connection_id = $1`, [
      connectionId,
      reason,
    ]);
  }

  /** Enables a connection again; returns its stored schedule (null when it has none). */
  async enable(connectionId: string): Promise<Required<ScheduleOptions> | null> {
    const { rows } = await this.query(
      `UPDATE ${this.table} SET enabled = true, disabled_reason = NULL, updated_at = now() WHERE connection_id = $1 RETURNING schedule`,
      [connectionId],
    );
    return (parseJson(rows[0]?.schedule) as Required<ScheduleOptions> | null) ?? null;
  }

  /** One connection's status, or null. */
  async get(connectionId: string): Promise<FleetConnectionStatus | null> {
    const { rows } = await this.query(`SELECT * FROM ${this.table} WHERE connection_id = $1`, [connectionId]);
    return rows[0] ? statusOfRow(rows[0]) : null;
  }

  /** Every status, by connection id. */
  async list(): Promise<FleetConnectionStatus[]> {
    const { rows } = await this.query(`SELECT * FROM ${this.table} ORDER BY connection_id`, []);
    return rows.map(statusOfRow);
  }
}

function statusOfRow(row: Record<string, unknown>): FleetConnectionStatus {
  return {
    connectionId: String(row.connection_id),
    enabled: row.enabled !== false,
    disabledReason: (row.disabled_reason as string | null) ?? null,
    schedule: (parseJson(row.schedule) as Required<ScheduleOptions> | null) ?? null,
    state: (row.state as FleetConnectionStatus['state']) ?? 'idle',
    lastRun: (parseJson(row.last_run) as RunSummary | null) ?? null,
    lastSuccessAt: isoOf(row.last_success_at),
    lastFullAt: isoOf(row.last_full_at),
    consecutiveFailures: Number(row.consecutive_failures ?? 0),
    nextRunAt: isoOf(row.next_run_at),
    health: (row.health as Health | null) ?? null,
    healthReason: (row.health_reason as string | null) ?? null,
    updatedAt: isoOf(row.updated_at) ?? new Date(0).toISOString(),
  };
}

function parseJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function epochOf(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const time = value instanceof Date ? value.getTime() : Date.parse(String(value));
  return Number.isNaN(time) ? null : time;
}

function isoOf(value: unknown): string | null {
  const time = epochOf(value);
  return time === null ? null : new Date(time).toISOString();
}
