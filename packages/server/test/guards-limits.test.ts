/**
 * Connection and size limits over real sockets: total, per IP (client IPs from X-Forwarded-For
 * with `trustProxy: 1`, and loopback only with `limitLoopback`), per user (-32050 then close
 * 1013), sockets before hello, new connections per IP per second (HTTP 429 with Retry-After),
 * topics per connection and requests running per connection.
 */
import { CloseCode, ErrorCode } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, startServer } from './helpers/server.js';
import { httpUpgrade } from './helpers/upgrade.js';

afterEach(closeAll);

const xff = (ip: string) => ({ ws: { headers: { 'X-Forwarded-For': ip } } });

describe('connection limits at the upgrade (HTTP 503)', () => {
  it('maxConnections: the next upgrade gets 503 until a connection closes', async () => {
    const h = await startServer({ connectionLimits: { maxConnections: 2 } });
    const [a] = await Promise.all([h.connect(), h.connect({ hello: false })]);
    const refused = await httpUpgrade(h.port);
    expect(refused).toMatchObject({ status: 503, body: 'maxConnections' });
    await a.close();
    await expect.poll(async () => (await httpUpgrade(h.port)).status).toBe(101);
  });

  it('maxConnectionsPerIp (trustProxy: 1): a second connection from one client IP is refused, another IP is not', async () => {
    const h = await startServer({ trustProxy: 1, connectionLimits: { maxConnectionsPerIp: 1 } });
    await h.connect(xff('203.0.113.7'));
    expect(await httpUpgrade(h.port, '/parley', { 'X-Forwarded-For': '203.0.113.7' })).toMatchObject({ status: 503, body: 'maxConnectionsPerIp' });
    const other = await h.connect(xff('198.51.100.9'));
    expect(await other.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
  });

  it('loopback is exempt from per-IP limits unless limitLoopback is set', async () => {
    const lenient = await startServer({ connectionLimits: { maxConnectionsPerIp: 1 } });
    await Promise.all([lenient.connect(), lenient.connect()]);
    const strict = await startServer({ limitLoopback: true, connectionLimits: { maxConnectionsPerIp: 1 } });
    await strict.connect();
    expect((await httpUpgrade(strict.port)).status).toBe(503);
  });

  it('maxUnauthenticated: sockets waiting for their hello are capped; a hello frees the place', async () => {
    const h = await startServer({ connectionLimits: { maxUnauthenticated: 1 } });
    const waiting = await h.connect({ hello: false });
    expect(await httpUpgrade(h.port)).toMatchObject({ status: 503, body: 'maxUnauthenticated' });
    await waiting.call('rpc.hello', {});
    const next = await h.connect();
    expect(await next.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
  });
});

describe('connections per user (after hello)', () => {
  it('maxConnectionsPerUser: the hello gets -32050, then close 1013 (retryable); other users are unaffected', async () => {
    const h = await startServer({ connectionLimits: { maxConnectionsPerUser: 1 } });
    await h.connect({ credentials: 'alice' });
    const second = await h.connect({ hello: false });
    const reply = await second.request('rpc.hello', { credentials: 'alice' });
    expect(reply.error).toMatchObject({ code: ErrorCode.Overloaded, data: { limit: 'maxConnectionsPerUser', max: 1 } });
    expect((await second.closed).code).toBe(CloseCode.TryAgainLater);
    const bob = await h.connect({ credentials: 'bob' });
    expect(bob.userId).toBe('bob');
    expect(h.parley.connections.ofUser('alice')).toHaveLength(1);
  });
});

describe('new connections per IP per second (HTTP 429)', () => {
  it('past the burst an upgrade gets 429 with Retry-After; another IP is unaffected', async () => {
    const h = await startServer({ trustProxy: 1, connectionRate: { perSecond: 1, burst: 2 } });
    const from = { 'X-Forwarded-For': '203.0.113.7' };
    expect((await httpUpgrade(h.port, '/parley', from)).status).toBe(101);
    expect((await httpUpgrade(h.port, '/parley', from)).status).toBe(101);
    const refused = await httpUpgrade(h.port, '/parley', from);
    expect(refused).toMatchObject({ status: 429, body: 'connection_rate' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await httpUpgrade(h.port, '/parley', { 'X-Forwarded-For': '198.51.100.9' })).status).toBe(101);
  });

  it('the bucket refills with time (injected clock)', async () => {
    let now = 0;
    const h = await startServer({ limitLoopback: true, connectionRate: { perSecond: 1, burst: 1, now: () => now } });
    expect((await httpUpgrade(h.port)).status).toBe(101);
    expect((await httpUpgrade(h.port)).status).toBe(429);
    now += 1000;
    expect((await httpUpgrade(h.port)).status).toBe(101);
  });
});

describe('per-connection limits inside the session', () => {
  it('maxTopics: one subscription too many is answered -32020 and not made', async () => {
    const h = await startServer({ maxTopics: 2 });
    const client = await h.connect();
    await client.call('rpc.subscribe', { topic: 'a' });
    await client.call('rpc.subscribe', { topic: 'b' });
    expect((await client.request('rpc.subscribe', { topic: 'c' })).error).toMatchObject({
      code: ErrorCode.LimitExceeded,
      data: { limit: 'maxTopics', max: 2 },
    });
    expect(h.parley.connections.get(client.connectionId)?.topics).toEqual(['a', 'b']);
  });

  it('maxPendingRequests: a request past the running limit is answered -32020 and does not run', async () => {
    const h = await startServer({ maxPendingRequests: 2 });
    const client = await h.connect();
    const slow = [client.request('fixture.sleep', { ms: 200 }), client.request('fixture.sleep', { ms: 200 })];
    const third = await client.request('fixture.sleep', { ms: 0 });
    expect(third.error).toMatchObject({ code: ErrorCode.LimitExceeded, data: { limit: 'maxPendingRequests', max: 2 } });
    expect((await Promise.all(slow)).map((r) => r.result)).toEqual([{ slept: 200 }, { slept: 200 }]);
  });
});
