/**
 * The real services some tests need: PostgreSQL (`DATABASE_URL`) and Redis (`REDIS_URL`).
 *
 * - Set: the test uses it.
 * - Not set, and `REQUIRE_SERVICES` is not `1`: the test file is skipped, with one line saying
 *   what was skipped and why (a fresh machine without the services still passes `npm test`).
 * - Not set, or not answering, with `REQUIRE_SERVICES=1` (CI, see `.ci/run`): the test fails.
 *
 * Tests that share a server must not share state: take a unique schema, table prefix, Redis key
 * prefix or queue name from {@link uniqueName}, and drop it afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';

/** What a test file learns about one service. */
export interface ServiceAvailability {
  /** The URL to connect to, or null when the tests of this file must be skipped. */
  url: string | null;
  /** Why they are skipped (null when `url` is set). */
  skipReason: string | null;
}

const required = () => process.env.REQUIRE_SERVICES === '1';
const announced = new Set<string>();

/** Reads one service's URL from the environment and decides: use, skip (with one line), or fail. */
function service(variable: 'DATABASE_URL' | 'REDIS_URL', what: string): ServiceAvailability {
  const url = process.env[variable];
  if (url) return { url, skipReason: null };
  if (required()) throw new Error(`${variable} is not set but REQUIRE_SERVICES=1: the ${what} tests cannot run.`);
  const reason = `${what} tests skipped: ${variable} is not set (set it, or REQUIRE_SERVICES=1 to make this an error)`;
  if (!announced.has(variable)) {
    announced.add(variable);
    process.stdout.write(`${reason}\n`);
  }
  return { url: null, skipReason: reason };
}

/** PostgreSQL for this test file (`DATABASE_URL`, e.g. `postgres://postgres@127.0.0.1:5432/test`). */
export function postgresService(): ServiceAvailability {
  return service('DATABASE_URL', 'PostgreSQL');
}

/** Redis for this test file (`REDIS_URL`, e.g. `redis://127.0.0.1:6379`). */
export function redisService(): ServiceAvailability {
  return service('REDIS_URL', 'Redis');
}

/**
 * Fails fast with a clear message when the service at `url` does not accept a TCP connection
 * within `timeoutMs` (a set URL whose server is down is an error, never a skip).
 */
export async function assertReachable(url: string, timeoutMs = 2_000): Promise<void> {
  const { hostname, port, protocol } = new URL(url);
  const defaultPort = protocol.startsWith('redis') ? 6379 : 5432;
  await new Promise<void>((resolve, reject) => {
    const socket = new Socket();
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`${protocol}//${hostname}:${port || defaultPort} is not reachable (${why}); start the service or unset the variable.`));
    };
    socket.setTimeout(timeoutMs, () => fail('timeout'));
    socket.once('error', (error) => fail(error.message));
    socket.connect(Number(port || defaultPort), hostname, () => {
      socket.end();
      resolve();
    });
  });
}

/** A name no other test run uses (schemas, table prefixes, Redis prefixes, queue names). */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}
