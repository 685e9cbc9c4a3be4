/**
 * The Redis rate-limit store: the token bucket's rules (the same as the server's in-memory
 * TokenBucket), atomic across nodes, bounded (full buckets vanish, others expire), and what
 * happens when Redis cannot be reached.
 */
import { MemoryRateLimitStore } from '@parley/server';
import { createClient } from 'redis';
import { afterEach, expect, it } from 'vitest';
import { createRedisRateLimitStore, isRedisUnavailable, type RedisRateLimitStore } from '../src/index.js';
import { deleteKeys, REDIS_URL, describeRedis, uniquePrefix } from './helpers/redis.js';
import { TcpProxy, hostPort } from './helpers/tcp-proxy.js';

describeRedis('@parley/redis rate-limit store', () => {
  const stores: RedisRateLimitStore[] = [];
  const proxies: TcpProxy[] = [];
  const prefix = uniquePrefix('rl');

  const store = async (options: Parameters<typeof createRedisRateLimitStore>[0] = {}): Promise<RedisRateLimitStore> => {
    const s = createRedisRateLimitStore({ url: REDIS_URL, prefix, ...options });
    stores.push(s);
    // Connected once a first command goes through.
    for (let i = 0; i < 200; i++) {
      if (await s.consume('probe', 0, { capacity: 1, refillPerSecond: 1 }, 0).then(() => true, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return s;
  };

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await Promise.all(proxies.splice(0).map((p) => p.cut()));
    await deleteKeys(prefix);
  });

  it('takes tokens until the bucket is empty, then refuses with the wait until the next one', async () => {
    const s = await store();
    const rule = { capacity: 3, refillPerSecond: 0.5 };
    const taken = [];
    for (let i = 0; i < 3; i++) taken.push(await s.consume('k', 1, rule, 0));
    expect(taken.map((r) => r.ok)).toEqual([true, true, true]);
    expect(taken[2]?.remaining).toBeCloseTo(0, 1);
    const refused = await s.consume('k', 1, rule, 0);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(1000);
    expect(!refused.ok && refused.retryAfterMs).toBeLessThanOrEqual(2000);
  });

  it('lets a cost above the capacity through only from a full bucket, leaving it in debt', async () => {
    const s = await store();
    const rule = { capacity: 10, refillPerSecond: 1 };
    const big = await s.consume('bytes', 25, rule, 0);
    expect(big).toMatchObject({ ok: true });
    expect(big.remaining).toBeCloseTo(-15, 1);
    expect((await s.consume('bytes', 1, rule, 0)).ok).toBe(false);
  });

  it('is atomic across nodes: 100 concurrent takes from two clients on a bucket of 50 let exactly 50 through', async () => {
    const [a, b] = [await store(), await store()];
    const rule = { capacity: 50, refillPerSecond: 0.001 };
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).consume('shared', 1, rule, 0)));
    expect(results.filter((r) => r.ok)).toHaveLength(50);
  });

  it('forgets full buckets and expires the others when they would be full again', async () => {
    const s = await store();
    const admin = createClient({ url: REDIS_URL });
    await admin.connect();
    try {
      await s.consume('slow', 1, { capacity: 2, refillPerSecond: 1 }, 0);
      const ttl = await admin.pTTL(`${prefix}slow`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1001);
      await s.consume('free', 0, { capacity: 2, refillPerSecond: 1 }, 0);
      expect(await admin.exists(`${prefix}free`)).toBe(0);
      await s.delete('slow');
      expect(await admin.exists(`${prefix}slow`)).toBe(0);
    } finally {
      await admin.close();
    }
  });

  it('while Redis is unreachable: rejects with -32050, or uses the fallback store', async () => {
    const { host, port } = hostPort(REDIS_URL);
    const cable = new TcpProxy(host, port);
    proxies.push(cable);
    await cable.start();
    const plain = await store({ url: cable.url });
    const backed = await store({ url: cable.url, fallback: new MemoryRateLimitStore() });
    await cable.cut();
    const rule = { capacity: 1, refillPerSecond: 0.001 };
    expect(isRedisUnavailable(await plain.consume('x', 1, rule, 0).catch((error: unknown) => error))).toBe(true);
    expect(await backed.consume('x', 1, rule, Date.now())).toMatchObject({ ok: true });
    expect(await backed.consume('x', 1, rule, Date.now())).toMatchObject({ ok: false });
  });
});
