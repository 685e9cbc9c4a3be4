/**
 * Test access to the real Redis at `REDIS_URL` (default `redis://127.0.0.1:6379`): a probe that
 * decides whether the Redis suites run, unique key prefixes per test, and key cleanup.
 *
 * Outside CI a missing Redis skips the suites with a message; under `CI=true` they run and fail.
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { beforeAll, describe } from 'vitest';

/** The Redis the tests use. */
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Whether Redis answered PING at startup (`reason` says why not). */
export interface RedisProbe {
  readonly ok: boolean;
  readonly reason: string;
}

/** Pings Redis once, within 2 s. */
export async function probeRedis(): Promise<RedisProbe> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const pong = await client.ping();
    return { ok: pong === 'PONG', reason: `PING answered ${pong}` };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    if (client.isOpen) client.destroy();
  }
}

/** The probe result, taken once per test file. */
export const probe = await probeRedis();

/** Whether the Redis suites are skipped: only outside CI, when Redis does not answer. */
export const skipRedis = !probe.ok && process.env['CI'] !== 'true';

if (skipRedis) {
  console.warn(
    `@parley/redis tests skipped: no Redis at ${REDIS_URL} (${probe.reason}). ` +
      'Install and start one (`apt-get install -y redis-server`) or set REDIS_URL; under CI=true these tests fail instead.',
  );
}

/**
 * A suite that needs Redis: skipped (with the message above) when Redis is missing outside CI;
 * under `CI=true` it runs, and every test of it fails at once, naming the missing Redis.
 */
export function describeRedis(name: string, body: () => void): void {
  describe.skipIf(skipRedis)(name, () => {
    beforeAll(() => {
      if (!probe.ok) throw new Error(`No Redis at ${REDIS_URL} (${probe.reason}); CI=true requires one (apt-get install -y redis-server)`);
    });
    body();
  });
}

/** A key prefix no other test (or run) uses. */
export function uniquePrefix(label: string): string {
  return `parley-test:${label}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(prefix: string): Promise<number> {
  const client = createClient({ url: REDIS_URL });
  client.on('error', () => undefined);
  await client.connect();
  let deleted = 0;
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length > 0) deleted += await client.unlink(keys);
    }
  } finally {
    client.destroy();
  }
  return deleted;
}

/** Runs one command on a client of its own (tests that set Redis state by hand). */
export async function redisCommand(args: string[]): Promise<unknown> {
  const client = createClient({ url: REDIS_URL });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.sendCommand(args);
  } finally {
    client.destroy();
  }
}

/** Polls `check` every 10 ms until it holds; fails with `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
