import { HttpClient, type HttpClientOptions } from '../../src/core/http.js';
import { canarySecret } from '../../src/testing/canary.js';
import { captureLogger, type CapturedLogger } from './capture-logger.js';
import { seededRandom } from './seeded-random.js';

/** A client built for a test, with its canary secret and captured logs. */
export interface TestClient {
  client: HttpClient;
  /** The canary secret sent as the bearer token. */
  secret: string;
  logger: CapturedLogger;
}

/**
 * Builds the real `HttpClient` against a loopback base URL, with a canary bearer token, a
 * captured logger, a seeded jitter source and small delays (tests scale time down; every
 * override wins).
 */
export function createTestClient(baseUrl: string, overrides: Partial<HttpClientOptions> = {}): TestClient {
  const secret = canarySecret('bearer');
  const logger = captureLogger();
  const client = new HttpClient({
    provider: 'testprovider',
    baseUrl,
    headers: { authorization: `Bearer ${secret}`, accept: 'application/json' },
    secrets: [secret],
    timeoutMs: 2_000,
    logger,
    rateLimit: false,
    ...overrides,
    retry: { baseDelayMs: 10, random: seededRandom(42), ...overrides.retry },
  });
  return { client, secret, logger };
}

/** Milliseconds between consecutive recorded request arrivals. */
export function gapsBetween(requests: readonly { at: number }[]): number[] {
  return requests.slice(1).map((request, index) => request.at - (requests[index] as { at: number }).at);
}

/** Runs `work` and returns how long it took to settle, and its outcome. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = performance.now();
  try {
    const value = await work();
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}
