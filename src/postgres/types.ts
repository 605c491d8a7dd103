/**
 * The small structural types the PostgreSQL store needs of a driver: a `pg` `Pool` fits them, and
 * so does a thin wrapper around another driver (the tests wrap PGlite, PostgreSQL compiled to
 * WebAssembly). Declaring them here keeps `@types/pg` out of the published types.
 * @module
 */

/** What a query returns (only `rows` is read). */
export interface PostgresQueryResult {
  /** The rows, as objects keyed by column name. */
  rows: Record<string, unknown>[];
}

/** Anything that runs one parameterised statement. */
export interface PostgresQueryable {
  /** Runs `text` with `$1…$n` bound to `values`. */
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
}

/** A connection checked out of a pool (`pg.PoolClient`). */
export interface PostgresPoolClient extends PostgresQueryable {
  /** Returns it to the pool; an error (or `true`) destroys it instead. */
  release(error?: Error | boolean): void;
  /** `pg` clients emit `error` when their connection breaks while checked out. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  /** Removes an `error` listener. */
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/** A connection pool (`pg.Pool`). */
export interface PostgresPool extends PostgresQueryable {
  /** Checks out one connection (for the run lock, which lives as long as its session). */
  connect(): Promise<PostgresPoolClient>;
}
