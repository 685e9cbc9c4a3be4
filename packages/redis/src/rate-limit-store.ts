/**
 * A rate-limit store in Redis, so per-user and per-IP limits hold across every node: each
 * `consume` is one atomic Lua token bucket on the Redis clock (nodes with skewed clocks still
 * agree). A bucket that refills to full is deleted (a full bucket behaves like a missing one),
 * and every other bucket expires when it would be full again, so Redis holds only buckets in use.
 *
 * @module
 */
import type { RateLimitStore, TakeResult, TokenBucketRule } from '@parley/server';
import { createClient, ErrorReply } from 'redis';
import type { RedisConnection } from './connection.js';
import { isTransientReply, redisUnavailable } from './errors.js';
import { LuaScript } from './lua.js';

/** KEYS: the bucket. ARGV: cost, capacity, refill per second. Returns `{ok, tokens, retryAfterMs}`. */
const TAKE = new LuaScript(`local cost, cap, rate = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local v = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens, updated = tonumber(v[1]), tonumber(v[2])
if tokens == nil or updated == nil then tokens, updated = cap, now end
if now > updated then
  tokens = math.min(cap, tokens + (now - updated) * rate / 1000)
  updated = now
end
if tokens > cap then tokens = cap end
local spend = math.max(cost, 0)
local needed = math.min(spend, cap)
local ok, retry = 0, 0
if tokens >= needed then
  tokens = tokens - spend
  ok = 1
else
  retry = math.max(1, math.ceil((needed - tokens) * 1000 / rate))
end
if tokens >= cap then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(updated))
  redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) * 1000 / rate) + 1)
end
return {ok, tostring(tokens), retry}`);

/**
 * Options of {@link createRedisRateLimitStore}. Give `url` or `client` (neither: `redis://127.0.0.1:6379`).
 *
 * @example
 * ```ts
 * createRedisRateLimitStore({ url: process.env.REDIS_URL, fallback: new MemoryRateLimitStore() });
 * ```
 */
export interface RedisRateLimitStoreOptions {
  /** Redis URL; the store owns (and closes) its client. */
  readonly url?: string | undefined;
  /** A node-redis client to share (it is connected if needed, never closed by the store). */
  readonly client?: RedisConnection;
  /** Prefix of the bucket keys. Default `parley:rl:`. */
  readonly prefix?: string;
  /** Longest wait for Redis per `consume`, in ms. Default 1,000. */
  readonly commandTimeoutMs?: number;
  /**
   * Used while Redis cannot be reached (limits then hold per node). Without it, `consume`
   * rejects and the server's rate limiter lets the message through (and reports the failure
   * through its `onStoreError`).
   */
  readonly fallback?: RateLimitStore;
}

/**
 * The Redis `RateLimitStore`. Make it with {@link createRedisRateLimitStore}.
 *
 * @example
 * ```ts
 * const store = createRedisRateLimitStore({ url: process.env.REDIS_URL });
 * await store.consume('user:alice:msg', 1, { capacity: 40, refillPerSecond: 20 }, Date.now());
 * ```
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly client: RedisConnection;
  private readonly owned: boolean;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly fallback: RateLimitStore | undefined;

  /** @param options - see {@link RedisRateLimitStoreOptions} */
  constructor(options: RedisRateLimitStoreOptions = {}) {
    this.prefix = options.prefix ?? 'parley:rl:';
    this.timeoutMs = options.commandTimeoutMs ?? 1000;
    this.fallback = options.fallback;
    if (options.client) {
      this.client = options.client;
      this.owned = false;
    } else {
      const client: RedisConnection = createClient({
        url: options.url ?? 'redis://127.0.0.1:6379',
        disableOfflineQueue: true,
        socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 6), 2000), connectTimeout: this.timeoutMs },
      });
      this.client = client;
      this.owned = true;
    }
    if (this.owned) this.client.on('error', () => undefined); // reconnects by itself; consume fails fast meanwhile
    if (!this.client.isOpen) this.client.connect().catch(() => undefined);
  }

  /**
   * See `RateLimitStore.consume`. `now` is not used: buckets run on the Redis clock.
   *
   * @example
   * ```ts
   * const result = await store.consume('ip:203.0.113.9', 1, { capacity: 20, refillPerSecond: 10 }, Date.now());
   * ```
   */
  async consume(key: string, cost: number, rule: TokenBucketRule, now: number): Promise<TakeResult> {
    let reply: unknown;
    try {
      reply = await this.run(TAKE, [this.prefix + key], [cost, rule.capacity, rule.refillPerSecond]);
    } catch (error) {
      if (this.fallback && !(error instanceof ErrorReply)) return this.fallback.consume(key, cost, rule, now);
      throw error;
    }
    const [ok, tokens, retryAfterMs] = reply as [number, string, number];
    const remaining = Number(tokens);
    return ok === 1 ? { ok: true, remaining } : { ok: false, retryAfterMs, remaining };
  }

  /**
   * See `RateLimitStore.delete`.
   *
   * @example
   * ```ts
   * await store.delete('conn:c1:msg');
   * ```
   */
  async delete(key: string): Promise<void> {
    await this.fallback?.delete?.(key);
    await this.send(['DEL', this.prefix + key]);
  }

  /**
   * Closes the client if the store made it.
   *
   * @example
   * ```ts
   * await store.close();
   * ```
   */
  async close(): Promise<void> {
    if (!this.owned) return;
    if (this.client.isReady) await this.client.close();
    else if (this.client.isOpen) this.client.destroy();
  }

  private run(script: LuaScript, keys: string[], args: number[]): Promise<unknown> {
    return script.run((command) => this.send(command), keys, args);
  }

  private async send(args: readonly string[]): Promise<unknown> {
    if (!this.client.isReady) throw redisUnavailable();
    try {
      return await this.client.sendCommand(args, { timeout: this.timeoutMs });
    } catch (error) {
      if (error instanceof ErrorReply && !isTransientReply(error)) throw error;
      throw redisUnavailable(error);
    }
  }
}

/**
 * Makes a {@link RedisRateLimitStore}: pass it as the server's `rateLimit.store`, so limits
 * hold across every node sharing the Redis.
 *
 * @example
 * ```ts
 * import { createParleyServer } from '@parley/server';
 * import { createRedisAdapter, createRedisRateLimitStore } from '@parley/redis';
 *
 * const parley = createParleyServer({
 *   adapter: createRedisAdapter({ url: process.env.REDIS_URL }),
 *   rateLimit: { store: createRedisRateLimitStore({ url: process.env.REDIS_URL }) },
 * });
 * ```
 */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions = {}): RedisRateLimitStore {
  return new RedisRateLimitStore(options);
}
