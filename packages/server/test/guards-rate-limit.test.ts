/**
 * Rate limits over real sockets, with the limiter's clock injected (`rateLimit.now`) so buckets
 * refill only when a test says so: messages and bytes per connection, the per-user bucket shared
 * by a user's connections, per IP (client IPs from X-Forwarded-For with `trustProxy: 1`), per
 * method, refused notifications dropped, the abuse close (4429), and the welcome's advertisement.
 */
import { CloseCode, ErrorCode } from '@parley/protocol';
import { isDelivery } from '@parley/conformance';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRateLimitStore, type RateLimitOptions, type RateLimitStore, type TakeResult, type TokenBucketRule } from '../src/index.js';
import type { TestClient } from './helpers/client.js';
import { closeAll, startServer } from './helpers/server.js';
import { httpUpgrade } from './helpers/upgrade.js';

afterEach(closeAll);

/** A clock for the limiter that only moves when told. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

async function limited(options: RateLimitOptions, extra: Parameters<typeof startServer>[0] = {}) {
  return startServer({ ...extra, rateLimit: options });
}

const rateLimited = (scope: string) => ({ code: ErrorCode.RateLimited, message: 'Rate limited', data: { retryAfterMs: expect.any(Number), scope } });

const ping = (client: TestClient) => client.request('rpc.ping');
const echo = (client: TestClient) => client.request('fixture.echo', { value: 1 });

describe('per-connection limits', () => {
  it('messages/s: past the burst a request gets -32029 with retryAfterMs, the connection stays and is served after the refill', async () => {
    const clock = manualClock();
    const h = await limited({ now: clock.now, connection: { messagesPerSecond: 1, burst: 3 }, user: false, ip: false });
    const client = await h.connect(); // the hello is message 1
    expect(client.welcome.limits.rateLimit).toEqual({ messagesPerSecond: 1, bytesPerSecond: 65536, burst: 3 });
    expect((await ping(client)).result).toBeDefined();
    expect((await ping(client)).result).toBeDefined();
    const refused = await ping(client);
    expect(refused.error).toEqual(rateLimited('connection'));
    expect(refused.error.data.retryAfterMs).toBe(1000);
    clock.advance(1000);
    expect((await ping(client)).result).toBeDefined();
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  it('bytes/s: a frame past the bytes bucket is refused', async () => {
    const clock = manualClock();
    const h = await limited({
      now: clock.now,
      connection: { messagesPerSecond: 1000, burst: 1000, bytesPerSecond: 1000, bytesBurst: 1000 },
      user: false,
      ip: false,
    });
    const client = await h.connect();
    const value = 'x'.repeat(600);
    expect(await client.call('fixture.echo', { value })).toBe(value);
    expect((await client.request('fixture.echo', { value })).error).toEqual(rateLimited('connection'));
    expect(await client.call('rpc.ping')).toEqual({ ts: expect.any(Number) }); // a small frame still fits
  });

  it('a batch counts one message per item: refused as a whole, every request answered -32029', async () => {
    const clock = manualClock();
    const h = await limited({ now: clock.now, connection: { messagesPerSecond: 1, burst: 4 }, user: false, ip: false });
    const client = await h.connect();
    client.send([
      { jsonrpc: '2.0', id: 'b1', method: 'rpc.ping' },
      { jsonrpc: '2.0', method: 'rpc.ping' },
      { jsonrpc: '2.0', id: 'b2', method: 'fixture.echo', params: { value: 1 } },
      { jsonrpc: '2.0', id: 'b3', method: 'rpc.ping' },
    ]);
    const replies = await client.next(Array.isArray);
    expect(replies.map((r: any) => [r.id, r.error?.code])).toEqual([
      ['b1', ErrorCode.RateLimited],
      ['b2', ErrorCode.RateLimited],
      ['b3', ErrorCode.RateLimited],
    ]);
  });

  it('a refused notification is dropped: no reply, and it does not run', async () => {
    const clock = manualClock();
    const h = await limited({ now: clock.now, connection: { messagesPerSecond: 1, burst: 2 }, user: false, ip: false, abuse: false });
    const client = await h.connect();
    for (const text of ['one', 'two', 'three']) client.notify('rpc.broadcast', { event: 'fixture.note', data: { text } });
    // Frames are handled in order: once this request is refused, the notifications were handled.
    expect((await ping(client)).error).toEqual(rateLimited('connection'));
    clock.advance(10_000);
    expect(await client.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
    const frames = await client.quiet(() => true, 150);
    expect(frames.filter(isDelivery()).map((f) => client.view(f).data.text)).toEqual(['one']);
    expect(client.received.filter((f) => 'error' in f)).toHaveLength(1); // the refused ping's, none for the notifications
  });
});

describe('shared buckets', () => {
  it('per user: all connections of a user share one bucket; another user is unaffected', async () => {
    const clock = manualClock();
    const h = await limited({ now: clock.now, connection: false, ip: false, user: { messagesPerSecond: 1, burst: 4 } });
    const [a1, a2, bob] = await Promise.all([h.connect({ credentials: 'alice' }), h.connect({ credentials: 'alice' }), h.connect({ credentials: 'bob' })]);
    for (const client of [a1, a2, a1, a2]) expect((await echo(client)).result).toBeDefined();
    expect((await echo(a1)).error).toEqual(rateLimited('user'));
    expect((await echo(a2)).error).toEqual(rateLimited('user'));
    expect((await echo(bob)).result).toBeDefined();
    // A heartbeat is the connection's business: pings still pass at the user's limit.
    expect((await ping(a1)).result).toBeDefined();
  });

  it('a lone rpc.ping is charged to the connection only: an idle session keeps no user or IP bucket, and a ping flood still meets the connection limit', async () => {
    const clock = manualClock();
    const store = new MemoryRateLimitStore();
    const h = await limited({ now: clock.now, store, connection: { messagesPerSecond: 1, burst: 3 }, user: { messagesPerSecond: 1, burst: 100 }, ip: false });
    const client = await h.connect({ credentials: 'carol' }); // the hello: connection lane 1
    const keys = store.size;
    expect((await ping(client)).result).toBeDefined();
    expect((await ping(client)).result).toBeDefined();
    expect(store.size).toBe(keys); // no user bucket made by pings
    expect((await ping(client)).error).toEqual(rateLimited('connection'));
    expect((await echo(client)).error).toEqual(rateLimited('connection'));
    clock.advance(1000);
    expect((await echo(client)).result).toBeDefined();
    expect(store.size).toBeGreaterThan(keys); // an application call is the user's: their bucket now exists
  });

  it('per IP (trustProxy: 1): connections from one client IP share a bucket; another IP is unaffected', async () => {
    const clock = manualClock();
    const h = await limited(
      { now: clock.now, connection: false, user: false, ip: { messagesPerSecond: 1, burst: 5 } },
      { trustProxy: 1 },
    );
    const from = (ip: string) => h.connect({ ws: { headers: { 'X-Forwarded-For': ip } } });
    const a = await from('203.0.113.7'); // hello: 1
    const b = await from('203.0.113.7'); // hello: 2
    const other = await from('198.51.100.9');
    for (const client of [a, b, a]) expect((await echo(client)).result).toBeDefined(); // 5
    expect((await echo(b)).error).toEqual(rateLimited('ip'));
    expect((await echo(a)).error).toEqual(rateLimited('ip'));
    expect((await echo(other)).result).toBeDefined();
  });

  it('per method: a tighter limit for one method, per connection or per user; other methods still pass', async () => {
    const clock = manualClock();
    const h = await limited({
      now: clock.now,
      methods: { 'fixture.echo': { messagesPerSecond: 1, burst: 2 }, 'fixture.subtract': { messagesPerSecond: 1, burst: 1, per: 'user' } },
    });
    const [a1, a2] = await Promise.all([h.connect({ credentials: 'ann' }), h.connect({ credentials: 'ann' })]);
    expect(await a1.call('fixture.echo', { value: 1 })).toBe(1);
    expect(await a1.call('fixture.echo', { value: 2 })).toBe(2);
    expect((await a1.request('fixture.echo', { value: 3 })).error).toEqual(rateLimited('method'));
    expect(await a2.call('fixture.echo', { value: 4 })).toBe(4); // per connection
    expect(await a1.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
    expect(await a1.call('fixture.subtract', [3, 1])).toBe(2);
    expect((await a2.request('fixture.subtract', [3, 1])).error).toEqual(rateLimited('method')); // per user
  });
});

/** A store that answers a turn later, as a networked one (Redis) would. */
class AsyncStore implements RateLimitStore {
  private readonly inner = new MemoryRateLimitStore();
  async consume(key: string, cost: number, rule: TokenBucketRule, now: number): Promise<TakeResult> {
    await new Promise((resolve) => setImmediate(resolve));
    return this.inner.consume(key, cost, rule, now);
  }
}

describe('an asynchronous bucket store', () => {
  it('message limits: every frame is judged, refusals are answered, notifications keep their order', async () => {
    const clock = manualClock();
    const h = await limited({ now: clock.now, store: new AsyncStore(), connection: { messagesPerSecond: 1, burst: 4 }, user: false, ip: false });
    const client = await h.connect(); // 1
    for (const text of ['a', 'b']) client.notify('rpc.broadcast', { event: 'fixture.note', data: { text } }); // 2, 3
    const replies = await Promise.all([ping(client), ping(client), ping(client)]); // 4, then refused
    expect(replies.map((r) => (r.error ? r.error.data.scope : 'ok'))).toEqual(['ok', 'connection', 'connection']);
    const first = await client.nextDelivery('fixture.note');
    const second = await client.nextDelivery('fixture.note');
    expect([first.data.text, second.data.text]).toEqual(['a', 'b']);
  });

  it('connection rate: the 429 comes through the store too', async () => {
    const h = await startServer({ limitLoopback: true, connectionRate: { perSecond: 1, burst: 1, store: new AsyncStore() } });
    expect((await httpUpgrade(h.port)).status).toBe(101);
    expect((await httpUpgrade(h.port)).status).toBe(429);
  });
});

describe('abuse and defaults', () => {
  it('sustained abuse: after the allowance of refusals, rpc.error -32029 then close 4429', async () => {
    const clock = manualClock();
    const h = await limited({ now: clock.now, connection: { messagesPerSecond: 1, burst: 2 }, abuse: { maxViolations: 3, windowMs: 60_000 } });
    const client = await h.connect();
    for (let i = 0; i < 8; i++) client.send({ jsonrpc: '2.0', id: `f${i}`, method: 'rpc.ping' });
    expect((await client.closed).code).toBe(CloseCode.RateLimited);
    // f0 fits the bucket (its reply may be lost to the close); f1 on are refused until the 4th refusal closes.
    const refused = client.received.filter((f) => typeof f.id === 'string' && f.id !== 'f0' && f.id.startsWith('f'));
    expect(refused.map((r: any) => r.error?.code)).toEqual([ErrorCode.RateLimited, ErrorCode.RateLimited, ErrorCode.RateLimited, ErrorCode.RateLimited]);
    const notice = client.received.find((f) => f.method === 'rpc.error');
    expect(notice.params).toMatchObject({ code: ErrorCode.RateLimited });
    expect(client.received.indexOf(notice)).toBe(client.received.length - 1);
  });

  it('the defaults are on: the welcome advertises 20 messages/s, burst 40, 64 KiB/s', async () => {
    const h = await startServer();
    const client = await h.connect();
    expect(client.welcome.limits.rateLimit).toEqual({ messagesPerSecond: 20, bytesPerSecond: 65536, burst: 40 });
  });

  it('rateLimit: false turns every message limit off and advertises none', async () => {
    const h = await startServer({ rateLimit: false });
    const client = await h.connect();
    expect(client.welcome.limits.rateLimit).toBeNull();
    const replies = await Promise.all(Array.from({ length: 60 }, () => ping(client)));
    expect(replies.every((r) => r.result !== undefined)).toBe(true);
  });
});
