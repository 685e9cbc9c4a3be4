import { CloseCode, ErrorCode, ParleyError } from '@parley/protocol';
import { describe, expect, it } from 'vitest';

import { DEFAULT_RATE_LIMITS, resolveRateLimitOptions } from '../../src/guards/rate-limit-options.js';
import { MemoryRateLimitStore, type RateLimitStore } from '../../src/guards/rate-limit-store.js';
import { createRateLimiter, type RateLimitVerdict } from '../../src/guards/rate-limiter.js';

function clock(start = 0): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** Only scope under test on; everything else off. */
const only = { connection: false, user: false, ip: false, abuse: false } as const;

function sync(v: RateLimitVerdict | Promise<RateLimitVerdict>): RateLimitVerdict {
  if (v instanceof Promise) throw new Error('expected a synchronous verdict from the memory store');
  return v;
}

describe('createRateLimiter', () => {
  it('answers RateLimited with data.retryAfterMs and keeps the connection', () => {
    const c = clock();
    const limiter = createRateLimiter({ ...only, connection: { messagesPerSecond: 2, burst: 2 }, now: c.now });
    const conn = limiter.forConnection({ connectionId: 'c1' });
    expect(sync(conn.checkFrame(10)).ok).toBe(true);
    expect(sync(conn.checkFrame(10)).ok).toBe(true);
    const refused = sync(conn.checkFrame(10));
    expect(refused).toMatchObject({ ok: false, scope: 'connection', retryAfterMs: 500, close: false });
    if (refused.ok) return;
    expect(refused.error).toBeInstanceOf(ParleyError);
    expect(refused.error.toJSON()).toEqual({
      code: ErrorCode.RateLimited,
      message: 'Rate limited',
      data: { retryAfterMs: 500, scope: 'connection' },
    });
    c.advance(500);
    expect(sync(conn.checkFrame(10)).ok).toBe(true);
  });

  it('counts every message of a batch', () => {
    const limiter = createRateLimiter({ ...only, connection: { messagesPerSecond: 1, burst: 10 }, now: () => 0 });
    const conn = limiter.forConnection({ connectionId: 'c1' });
    expect(sync(conn.checkFrame(100, 8)).ok).toBe(true);
    expect(sync(conn.checkFrame(100, 3)).ok).toBe(false);
    expect(sync(conn.checkFrame(100, 2)).ok).toBe(true);
  });

  it('limits bytes per second separately from messages', () => {
    const c = clock();
    const limiter = createRateLimiter({
      ...only,
      connection: { messagesPerSecond: 1000, burst: 1000, bytesPerSecond: 1000, bytesBurst: 1000 },
      now: c.now,
    });
    const conn = limiter.forConnection({ connectionId: 'c1' });
    expect(sync(conn.checkFrame(600)).ok).toBe(true);
    expect(sync(conn.checkFrame(600))).toMatchObject({ ok: false, scope: 'connection', retryAfterMs: 200 });
  });

  it("shares the user bucket across all of a user's connections", () => {
    const limiter = createRateLimiter({ ...only, user: { messagesPerSecond: 1, burst: 3 }, now: () => 0 });
    const a = limiter.forConnection({ connectionId: 'a' });
    const b = limiter.forConnection({ connectionId: 'b' });
    const other = limiter.forConnection({ connectionId: 'x', userId: 'bob' });
    expect(sync(a.checkFrame(1)).ok).toBe(true); // no user yet: user scope does not apply
    a.identify('alice');
    b.identify('alice');
    expect(sync(a.checkFrame(1)).ok).toBe(true);
    expect(sync(b.checkFrame(1)).ok).toBe(true);
    expect(sync(a.checkFrame(1)).ok).toBe(true);
    expect(sync(b.checkFrame(1))).toMatchObject({ ok: false, scope: 'user' });
    expect(sync(other.checkFrame(1)).ok).toBe(true);
  });

  it('limits per IP across connections', () => {
    const limiter = createRateLimiter({ ...only, ip: { messagesPerSecond: 1, burst: 2 }, now: () => 0 });
    const a = limiter.forConnection({ connectionId: 'a', ip: '198.51.100.1' });
    const b = limiter.forConnection({ connectionId: 'b', ip: '198.51.100.1' });
    const c = limiter.forConnection({ connectionId: 'c', ip: '198.51.100.2' });
    expect(sync(a.checkFrame(1)).ok).toBe(true);
    expect(sync(b.checkFrame(1)).ok).toBe(true);
    expect(sync(a.checkFrame(1))).toMatchObject({ ok: false, scope: 'ip' });
    expect(sync(c.checkFrame(1)).ok).toBe(true);
  });

  it('a message refused by a narrow scope does not drain the wider shared ones', () => {
    const limiter = createRateLimiter({
      ...only,
      connection: { messagesPerSecond: 1, burst: 1 },
      ip: { messagesPerSecond: 1, burst: 5 },
      now: () => 0,
    });
    const flooder = limiter.forConnection({ connectionId: 'f', ip: '198.51.100.1' });
    for (let i = 0; i < 100; i++) sync(flooder.checkFrame(1));
    const neighbour = limiter.forConnection({ connectionId: 'n', ip: '198.51.100.1' });
    expect(sync(neighbour.checkFrame(1)).ok).toBe(true); // the IP bucket lost only the flooder's one accepted message
  });

  it('applies tighter per-method limits per connection or per user', () => {
    const limiter = createRateLimiter({
      ...only,
      methods: {
        'chat.send': { messagesPerSecond: 1, burst: 2 },
        'chat.typing': { messagesPerSecond: 1, burst: 1, per: 'user' },
      },
      now: () => 0,
    });
    const a = limiter.forConnection({ connectionId: 'a', userId: 'alice' });
    const b = limiter.forConnection({ connectionId: 'b', userId: 'alice' });
    expect(sync(a.checkMethod('chat.send')).ok).toBe(true);
    expect(sync(a.checkMethod('chat.send')).ok).toBe(true);
    expect(sync(a.checkMethod('chat.send'))).toMatchObject({ ok: false, scope: 'method' });
    expect(sync(b.checkMethod('chat.send')).ok).toBe(true); // per connection
    expect(sync(a.checkMethod('chat.typing')).ok).toBe(true);
    expect(sync(b.checkMethod('chat.typing')).ok).toBe(false); // per user
    expect(sync(a.checkMethod('chat.history')).ok).toBe(true); // no limit for that method
    expect(sync(a.checkMethod('__proto__')).ok).toBe(true);
  });

  it('has a default limit on rpc.refresh that can be turned off', () => {
    const on = createRateLimiter({ ...only, now: () => 0 }).forConnection({ connectionId: 'c' });
    const results = Array.from({ length: 6 }, () => sync(on.checkMethod('rpc.refresh')).ok);
    expect(results).toEqual([true, true, true, true, true, false]);
    const off = createRateLimiter({ ...only, methods: { 'rpc.refresh': false }, now: () => 0 }).forConnection({ connectionId: 'c' });
    for (let i = 0; i < 20; i++) expect(sync(off.checkMethod('rpc.refresh')).ok).toBe(true);
  });

  it(`gives a close verdict (${CloseCode.RateLimited}) only after sustained abuse`, () => {
    const c = clock();
    const limiter = createRateLimiter({
      ...only,
      connection: { messagesPerSecond: 1, burst: 1 },
      abuse: { maxViolations: 5, windowMs: 1000 },
      now: c.now,
    });
    const conn = limiter.forConnection({ connectionId: 'c1' });
    sync(conn.checkFrame(1));
    const closes: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      const v = sync(conn.checkFrame(1));
      closes.push(!v.ok && v.close);
    }
    expect(closes).toEqual([false, false, false, false, false, true]);

    // A client that backs off is never closed: one rejection per 200 ms refills as fast as it drains.
    const polite = limiter.forConnection({ connectionId: 'c2' });
    for (let i = 0; i < 50; i++) {
      const v = sync(polite.checkFrame(1));
      expect(!v.ok && v.close).toBe(false);
      c.advance(200);
    }
  });

  it('advertises the per-connection bucket, or null when connections have no message limit', () => {
    expect(createRateLimiter().advertised()).toEqual({
      messagesPerSecond: DEFAULT_RATE_LIMITS.connection.messagesPerSecond,
      bytesPerSecond: DEFAULT_RATE_LIMITS.connection.bytesPerSecond,
      burst: DEFAULT_RATE_LIMITS.connection.burst,
    });
    expect(createRateLimiter({ connection: { burst: 7 }, user: { burst: 3 } }).advertised()).toMatchObject({ burst: 7 });
    expect(createRateLimiter({ connection: false }).advertised()).toBeNull();
    expect(createRateLimiter({ connection: { messagesPerSecond: Infinity } }).advertised()).toBeNull();
    const noBytes = createRateLimiter({ ...only, connection: { bytesPerSecond: Infinity } }).advertised();
    expect(noBytes).toMatchObject({ messagesPerSecond: 20, bytesPerSecond: Number.MAX_SAFE_INTEGER });
    expect(JSON.parse(JSON.stringify(noBytes))).toEqual(noBytes);
  });

  it('works with an asynchronous store', async () => {
    const memory = new MemoryRateLimitStore();
    const store: RateLimitStore = { consume: async (...args) => Promise.resolve(memory.consume(...args)) };
    const limiter = createRateLimiter({ ...only, connection: { messagesPerSecond: 1, burst: 1 }, ip: { burst: 1 }, store, now: () => 0 });
    const conn = limiter.forConnection({ connectionId: 'c', ip: '1' });
    const first = conn.checkFrame(1);
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toEqual({ ok: true });
    expect(await conn.checkFrame(1)).toMatchObject({ ok: false, scope: 'connection' });
    const other = limiter.forConnection({ connectionId: 'd', ip: '1' });
    expect(await other.checkFrame(1)).toMatchObject({ ok: false, scope: 'ip' });
  });

  it('fails open and reports when the store throws or rejects', async () => {
    const errors: unknown[] = [];
    const throwing: RateLimitStore = {
      consume: () => {
        throw new Error('down');
      },
    };
    const rejecting: RateLimitStore = { consume: () => Promise.reject(new Error('timeout')) };
    const a = createRateLimiter({ store: throwing, onStoreError: (e) => errors.push(e) }).forConnection({ connectionId: 'a' });
    expect(await a.checkFrame(1)).toEqual({ ok: true });
    const b = createRateLimiter({ store: rejecting, onStoreError: (e) => errors.push(e) }).forConnection({ connectionId: 'b' });
    expect(await b.checkFrame(1)).toEqual({ ok: true });
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });

  it("dispose forgets the connection's own buckets", () => {
    const store = new MemoryRateLimitStore();
    const limiter = createRateLimiter({ ...only, connection: { burst: 1 }, methods: { m: { messagesPerSecond: 1, burst: 1 } }, store, now: () => 0 });
    const conn = limiter.forConnection({ connectionId: 'c' });
    sync(conn.checkFrame(1));
    sync(conn.checkMethod('m'));
    expect(store.size).toBeGreaterThan(0);
    conn.dispose();
    expect(store.size).toBe(0);
  });

  it('rejects invalid options', () => {
    expect(() => resolveRateLimitOptions({ connection: { messagesPerSecond: 0 } })).toThrow(RangeError);
    expect(() => resolveRateLimitOptions({ methods: { m: { messagesPerSecond: -1, burst: 1 } } })).toThrow(RangeError);
    expect(() => resolveRateLimitOptions({ abuse: { maxViolations: 0, windowMs: 1 } })).toThrow(RangeError);
  });

  it('resolves defaults: bytes burst is twice the bytes rate', () => {
    const resolved = resolveRateLimitOptions();
    expect(resolved.connection).toEqual({ messagesPerSecond: 20, burst: 40, bytesPerSecond: 65536, bytesBurst: 131072 });
    expect(resolved.user?.messagesPerSecond).toBe(50);
    expect(resolved.ip?.messagesPerSecond).toBe(200);
    expect(resolved.abuse).toEqual({ maxViolations: 100, windowMs: 10_000 });
  });
});
