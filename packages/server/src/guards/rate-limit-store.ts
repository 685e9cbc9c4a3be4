/**
 * Where rate-limit buckets live. The in-memory store serves one process; the interface allows a
 * shared store (Redis) later, since every method may return a promise.
 *
 * @module
 */
import { TokenBucket, type TakeResult, type TokenBucketRule } from './token-bucket.js';

/**
 * A keyed collection of token buckets. Implementations may be synchronous (in memory) or
 * asynchronous (a network store); callers handle both.
 *
 * A store must stay bounded: it may forget a bucket at any time, since a forgotten bucket comes
 * back full (the only harm is a fresh burst for that key).
 *
 * @example
 * ```ts
 * const store: RateLimitStore = new MemoryRateLimitStore();
 * const result = await store.consume('conn:c1:msg', 1, { capacity: 40, refillPerSecond: 20 }, Date.now());
 * ```
 */
export interface RateLimitStore {
  /**
   * Takes `cost` tokens from the bucket `key` (created full with `rule` on first use).
   * The same key should always be used with the same rule; a different rule replaces the old one.
   */
  consume(key: string, cost: number, rule: TokenBucketRule, now: number): TakeResult | Promise<TakeResult>;
  /** Forgets the bucket `key` (for example when its connection closed). Optional. */
  delete?(key: string): void | Promise<void>;
}

/**
 * Options of {@link MemoryRateLimitStore}.
 *
 * @example
 * ```ts
 * new MemoryRateLimitStore({ maxKeys: 50_000, sweepIntervalMs: 10_000 });
 * ```
 */
export interface MemoryRateLimitStoreOptions {
  /** Most buckets kept; past it the least recently used is evicted. Default 100,000 (about 15 MB worst case). */
  readonly maxKeys?: number;
  /** At most this often (clock ms), a `consume` also drops every bucket that has refilled to full. Default 30,000. */
  readonly sweepIntervalMs?: number;
}

/**
 * Default {@link MemoryRateLimitStoreOptions}.
 *
 * @example
 * ```ts
 * DEFAULT_MEMORY_STORE_OPTIONS.maxKeys; // 100000
 * ```
 */
export const DEFAULT_MEMORY_STORE_OPTIONS: Required<MemoryRateLimitStoreOptions> = {
  maxKeys: 100_000,
  sweepIntervalMs: 30_000,
};

/** A bucket with the mark of the second-chance eviction: used since it was last passed over. */
class StoredBucket extends TokenBucket {
  used = false;
}

/**
 * An in-memory, bounded {@link RateLimitStore}. Past `maxKeys` the least recently used bucket is
 * evicted, found the "second chance" way: buckets sit in a `Map` in insertion order, a `consume`
 * only marks its bucket used (no reordering per message), and eviction moves marked buckets to
 * the back, unmarked, until it meets an unmarked one. A sweep (run from `consume`, at most every
 * `sweepIntervalMs`, no timer) drops buckets that are full again, since a full bucket behaves
 * exactly like a missing one. Memory therefore follows the keys active recently, never the keys
 * ever seen.
 *
 * @example
 * ```ts
 * const store = new MemoryRateLimitStore();
 * store.consume('ip:203.0.113.9', 1, { capacity: 20, refillPerSecond: 10 }, Date.now()); // { ok: true, ... }
 * ```
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, StoredBucket>();
  private readonly maxKeys: number;
  private readonly sweepIntervalMs: number;
  private lastSweep: number | undefined;

  /** @param options - size bound and sweep interval */
  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.maxKeys = options.maxKeys ?? DEFAULT_MEMORY_STORE_OPTIONS.maxKeys;
    this.sweepIntervalMs = options.sweepIntervalMs ?? DEFAULT_MEMORY_STORE_OPTIONS.sweepIntervalMs;
    if (!Number.isInteger(this.maxKeys) || this.maxKeys < 1) throw new RangeError('maxKeys must be a positive integer');
    if (!(this.sweepIntervalMs >= 0)) throw new RangeError('sweepIntervalMs must be >= 0');
  }

  /** How many buckets are held now. */
  get size(): number {
    return this.buckets.size;
  }

  /**
   * Takes tokens synchronously. See {@link RateLimitStore.consume}.
   *
   * @example
   * ```ts
   * store.consume('user:alice:msg', 1, { capacity: 100, refillPerSecond: 50 }, Date.now());
   * ```
   */
  consume(key: string, cost: number, rule: TokenBucketRule, now: number): TakeResult {
    this.maybeSweep(now);
    let bucket = this.buckets.get(key);
    if (bucket) {
      bucket.used = true;
      if (bucket.rule !== rule && (bucket.rule.capacity !== rule.capacity || bucket.rule.refillPerSecond !== rule.refillPerSecond)) {
        bucket.setRule(rule, now);
      }
    } else {
      bucket = new StoredBucket(rule, now);
      while (this.buckets.size >= this.maxKeys) this.evictOldest();
      this.buckets.set(key, bucket);
    }
    return bucket.take(cost, now);
  }

  /**
   * Forgets one bucket.
   *
   * @example
   * ```ts
   * store.delete('conn:c1:msg');
   * ```
   */
  delete(key: string): void {
    this.buckets.delete(key);
  }

  /**
   * Drops every bucket that is full at `now`. Runs by itself from `consume`; call it directly
   * only to force one.
   *
   * @example
   * ```ts
   * store.sweep(Date.now());
   * ```
   */
  sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.isFull(now)) this.buckets.delete(key);
    }
  }

  private maybeSweep(now: number): void {
    if (this.lastSweep === undefined) this.lastSweep = now;
    else if (now - this.lastSweep >= this.sweepIntervalMs) this.sweep(now);
  }

  /** Evicts the oldest bucket not used since it was last passed over (each is passed over at most once). */
  private evictOldest(): void {
    for (const [key, bucket] of this.buckets) {
      this.buckets.delete(key);
      if (!bucket.used) return;
      bucket.used = false;
      this.buckets.set(key, bucket); // a second chance, at the back
    }
  }
}
