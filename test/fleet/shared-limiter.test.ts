/**
 * The fleet's shared limiter on the real Redis (bottleneck's clustering over the installed
 * ioredis): limiters on separate connections, as in separate processes, space one credential's
 * requests together, see each other's pauses, and keep only a fingerprint of the credential in
 * Redis. The multi-process fleet test proves the same across real worker processes.
 */
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTeamtailorConnector } from '../../src/connectors/teamtailor/index.js';
import { credentialFingerprint, type LimiterContext } from '../../src/core/rate-limit.js';
import { SharedLimiters, sharedSpacingMs } from '../../src/fleet/shared-limiter.js';
import { canaryForms, canarySecret, startSandbox } from '../../src/testing/index.js';
import { assertReachable, redisService, uniqueName } from '../helpers/services.js';
import { deleteKeys, waitFor } from './helpers/fleet-context.js';

const redis = redisService();

describe.skipIf(redis.skipReason)('shared limiter (real Redis)', () => {
  let prefix: string;
  let admin: Redis;
  const opened: SharedLimiters[] = [];

  const limiters = (options: { idleMs?: number } = {}) => {
    const shared = new SharedLimiters({ client: new Redis(redis.url!), Redis, keyPrefix: prefix, logger: {}, ...options });
    opened.push(shared);
    return shared;
  };
  const context = (overrides: Partial<LimiterContext> = {}): LimiterContext => ({
    provider: 'gem',
    fingerprint: 'a1b2c3d4e5f60718',
    baseUrl: 'https://api.gem.com/ats/v0',
    rateLimit: { requests: 10, intervalMs: 1_000 },
    now: Date.now,
    ...overrides,
  });

  beforeEach(async () => {
    await assertReachable(redis.url!);
    prefix = uniqueName('limitertest');
    admin = new Redis(redis.url!);
  });
  afterEach(async () => {
    for (const shared of opened.splice(0)) await shared.close();
    await deleteKeys(admin, `${prefix}:*`);
    await deleteKeys(admin, `b_${prefix}:*`);
    await admin.quit();
  });

  it('limiters on two connections space one credential’s requests together', async () => {
    const first = limiters().factory(context());
    const second = limiters().factory(context());
    const starts: number[] = [];
    const task = async () => {
      starts.push(Date.now());
    };
    await Promise.all(Array.from({ length: 6 }, () => [first.schedule('read', task), second.schedule('read', task)]).flat());
    starts.sort((a, b) => a - b);
    const spacing = sharedSpacingMs({ requests: 10, intervalMs: 1_000 }, 250);
    expect(spacing).toBe(125);
    // 12 starts released one spacing apart by Redis's clock; local timers may only fire later.
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(11 * spacing - 20);
    await Promise.all([first.stop(), second.stop()]);
  });

  it('another credential, or another route of the same credential, has its own budget', async () => {
    const shared = limiters();
    const handles = [context(), context({ fingerprint: 'ffffffffffffffff' }), context({ baseUrl: 'https://cv.gem.com/v1' })].map((entry) => shared.factory(entry));
    await Promise.all(handles.map((handle) => handle.schedule('read', async () => undefined)));
    expect(shared.size).toBe(3);
    const settingsKeys = (await admin.keys(`b_${prefix}:*_settings`)).sort();
    expect(settingsKeys).toHaveLength(3);
    await Promise.all(handles.map((handle) => handle.stop()));
  });

  it('a pause one worker learns (a 429 with Retry-After) pauses the credential for every worker', async () => {
    const first = limiters().factory(context());
    const second = limiters().factory(context());
    expect(await second.pauseRemainingMs()).toBe(0);
    first.pauseFor(3_000);
    const seen = await waitFor(async () => {
      const remaining = await second.pauseRemainingMs();
      return remaining > 0 ? remaining : null;
    }, 'the pause in the second limiter');
    expect(seen).toBeGreaterThan(2_000);
    expect(seen).toBeLessThanOrEqual(3_000);
    // A shorter pause never shortens a longer one.
    first.pauseFor(500);
    const third = limiters().factory(context());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await third.pauseRemainingMs()).toBeGreaterThan(2_000);
    // A spent budget announced in headers pauses until the reset, for everyone.
    const other = limiters().factory(context({ fingerprint: '0123456789abcdef' }));
    other.observe({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '4' });
    const fourth = limiters().factory(context({ fingerprint: '0123456789abcdef' }));
    const announced = await waitFor(async () => {
      const remaining = await fourth.pauseRemainingMs();
      return remaining > 0 ? remaining : null;
    }, 'the announced pause');
    expect(announced).toBeGreaterThan(4_000);
    await Promise.all([first, second, third, other, fourth].map((limiter) => limiter.stop()));
  });

  it('an unused limiter is released after its idle time; a new one joins the same state', async () => {
    const shared = limiters({ idleMs: 100 });
    const limiter = shared.factory(context());
    await limiter.schedule('read', async () => undefined);
    await limiter.stop();
    expect(shared.size).toBe(1);
    await waitFor(() => shared.size === 0, 'the idle limiter to be released', 5_000);
    const again = shared.factory(context());
    await again.schedule('read', async () => undefined);
    expect(shared.size).toBe(1);
    await again.stop();
  });

  it('Redis holds a fingerprint of the credential, never the credential', async () => {
    const apiKey = canarySecret('fleet_limiter');
    const sandbox = await startSandbox('teamtailor', { records: 5 });
    const shared = limiters();
    const connector = createTeamtailorConnector({ apiKey, baseUrl: sandbox.url, limiter: shared.factory, retry: { maxRetries: 0 } });
    try {
      await expect(connector.checkConnection()).resolves.toMatchObject({ status: 'invalid_credentials' });
      const sandboxKey = createTeamtailorConnector({ ...(sandbox.connectorOptions as { apiKey: string }), baseUrl: sandbox.url, limiter: shared.factory });
      await sandboxKey.checkConnection();
      await sandboxKey.close();
    } finally {
      await connector.close();
      await sandbox.close();
    }
    const keys = [...(await admin.keys(`${prefix}:*`)), ...(await admin.keys(`b_${prefix}:*`))];
    expect(keys.some((key) => key.includes(credentialFingerprint('teamtailor', [apiKey])))).toBe(true);
    const dump: string[] = [...keys];
    for (const key of keys) {
      const type = await admin.type(key);
      if (type === 'hash') dump.push(JSON.stringify(await admin.hgetall(key)));
      if (type === 'string') dump.push(String(await admin.get(key)));
      if (type === 'zset') dump.push(JSON.stringify(await admin.zrange(key, 0, -1, 'WITHSCORES')));
    }
    for (const form of canaryForms(apiKey)) expect(dump.join('\n')).not.toContain(form);
  });
});
