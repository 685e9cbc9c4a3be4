/**
 * Authentication and authorization guards over real sockets: refused credentials (-32001, close
 * 4401), expiry (rpc.error -32001, close 4419) and in-session refresh, credentials carried by the
 * upgrade request (header, cookie, the opt-in query parameter, redacted from the request the hooks
 * see and from every log line), and forbidden methods and topics with no side effect.
 */
import { CloseCode, defineContract, ErrorCode, ParleyError } from '@parley/protocol';
import * as v from 'valibot';
import { isDelivery } from '@parley/conformance';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthContext, Authenticate, Logger } from '../src/index.js';
import { closeAll, connect, startServer } from './helpers/server.js';
import { closeGuardServers, startGuardServer } from './helpers/upgrade.js';

afterEach(async () => {
  vi.useRealTimers();
  await closeAll();
  await closeGuardServers();
});

/** A logger that keeps every record, at every level. */
function captureLogger(): { logger: Logger; text: () => string } {
  const records: unknown[] = [];
  const keep = (obj: unknown, msg?: string): void => void records.push({ obj, msg });
  return { logger: { debug: keep, info: keep, warn: keep, error: keep }, text: () => JSON.stringify(records) };
}

describe('refused credentials', () => {
  it('bad token: the hello gets -32001, then close 4401 (terminal)', async () => {
    const h = await startServer();
    const client = await h.connect({ hello: false });
    const reply = await client.request('rpc.hello', { credentials: 'conformance-reject' });
    expect(reply.error).toMatchObject({ code: ErrorCode.Unauthorized });
    expect((await client.closed).code).toBe(CloseCode.Unauthorized);
  });
});

describe('expiry and refresh', () => {
  // "alice:60000": user alice, credentials valid for 60 s from now.
  const authenticate: Authenticate = ({ credentials }) => {
    const [userId = '', ttl = ''] = String(credentials).split(':');
    if (userId === '' || ttl === '') throw new ParleyError(ErrorCode.Unauthorized);
    return { userId, expiresAt: Date.now() + Number(ttl) };
  };

  it('expired token: rpc.error -32001, then close 4419, when expiresAt passes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const h = await startServer({ authenticate });
    const client = await h.connect({ credentials: 'alice:60000' });
    expect(client.welcome.expiresAt).toBe(Date.now() + 60_000);
    vi.advanceTimersByTime(59_999);
    expect(await client.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
    vi.advanceTimersByTime(2);
    const notice = await client.next((f) => f.method === 'rpc.error');
    expect(notice.params).toMatchObject({ code: ErrorCode.Unauthorized });
    expect((await client.closed).code).toBe(CloseCode.CredentialsExpired);
  });

  it('rpc.refresh in the session moves the deadline: no close at the old one, close 4419 at the new one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const h = await startServer({ authenticate });
    const client = await h.connect({ credentials: 'alice:60000' });
    vi.advanceTimersByTime(50_000);
    const refreshed = await client.call('rpc.refresh', { credentials: 'alice:60000' });
    expect(refreshed.expiresAt).toBe(Date.now() + 60_000);
    vi.advanceTimersByTime(20_000); // past the first deadline
    expect(await client.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
    expect(client.received.filter((f) => f.method === 'rpc.error')).toEqual([]);
    vi.advanceTimersByTime(40_001); // past the refreshed one
    expect((await client.closed).code).toBe(CloseCode.CredentialsExpired);
  });

  it('a refresh without expiresAt cancels the deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const h = await startServer({
      authenticate: (ctx) => (ctx.previous ? { userId: ctx.previous.userId } : authenticate(ctx)),
    });
    const client = await h.connect({ credentials: 'alice:1000' });
    expect(await client.call('rpc.refresh', { credentials: 'forever' })).toEqual({ identity: { userId: 'alice' } });
    vi.advanceTimersByTime(10_000);
    expect(await client.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
  });
});

describe('credentials on the upgrade request', () => {
  const seen: AuthContext[] = [];
  const authenticate: Authenticate = (ctx) => {
    seen.push(ctx);
    if (ctx.transport?.token === 's3cr3t-token') return { userId: 'alice' };
    throw new ParleyError(ErrorCode.Unauthorized);
  };
  afterEach(() => void seen.splice(0));

  it('Authorization: Bearer reaches authenticate as transport (source header)', async () => {
    const h = await startServer({ authenticate });
    const client = await h.connect({ ws: { headers: { Authorization: 'Bearer s3cr3t-token' } } });
    expect(client.userId).toBe('alice');
    expect(seen[0]?.transport).toEqual({ token: 's3cr3t-token', source: 'header' });
  });

  it('a named cookie reaches authenticate when credentials.cookie names it', async () => {
    const h = await startServer({ authenticate, credentials: { cookie: 'sid' } });
    const client = await h.connect({ ws: { headers: { Cookie: 'theme=dark; sid=s3cr3t-token' } } });
    expect(client.userId).toBe('alice');
    expect(seen[0]?.transport).toEqual({ token: 's3cr3t-token', source: 'cookie' });
  });

  it('a query-string token is ignored unless credentials.queryParam enables it, and is redacted from logs either way', async () => {
    const off = captureLogger();
    const h = await startServer({ authenticate, logger: off.logger });
    const client = await connect(`${h.url}?token=s3cr3t-token`, { hello: false });
    expect((await client.request('rpc.hello', {})).error).toMatchObject({ code: ErrorCode.Unauthorized });
    expect((await client.closed).code).toBe(CloseCode.Unauthorized);
    expect(seen[0]?.transport).toBeUndefined();
    expect(seen[0]?.request.url).toBe('/parley?token=[REDACTED]');
    expect(off.text()).toContain('[REDACTED]');
    expect(off.text()).not.toContain('s3cr3t-token');
  });

  it('credentials.queryParam: the token authenticates, the hooks and the logs only see it redacted', async () => {
    const on = captureLogger();
    const h = await startServer({ authenticate, logger: on.logger, credentials: { queryParam: 'ticket' } });
    const client = await connect(`${h.url}?room=1&ticket=s3cr3t-token`);
    expect(client.userId).toBe('alice');
    expect(seen[0]?.transport).toEqual({ token: 's3cr3t-token', source: 'query' });
    expect(seen[0]?.request.url).toBe('/parley?room=1&ticket=[REDACTED]');
    expect(on.text()).toContain('/parley?room=1&ticket=[REDACTED]'); // the accepted connection is logged with its URL
    expect(on.text()).not.toContain('s3cr3t-token');
  });
});

describe('authorization', () => {
  const docs = defineContract({
    methods: { 'doc.delete': { params: v.object({ id: v.string() }), result: v.boolean() } },
    events: {},
  });

  it('a forbidden method is answered -32003 and its handler never runs', async () => {
    const ran: string[] = [];
    const asked: unknown[] = [];
    const s = await startGuardServer({
      contract: docs,
      authenticate: ({ credentials }) => ({ userId: String(credentials) }),
      authorizeMethod: (ctx, method, params) => {
        asked.push({ user: ctx.identity.userId, method, params });
        return ctx.identity.userId === 'admin';
      },
    });
    s.parley.handle('doc.delete', ({ id }) => {
      ran.push(id);
      return true;
    });
    const [mallory, admin] = await Promise.all([connect(s.url, { credentials: 'mallory' }), connect(s.url, { credentials: 'admin' })]);
    expect((await mallory.request('doc.delete', { id: 'x' })).error).toMatchObject({ code: ErrorCode.Forbidden });
    expect(ran).toEqual([]);
    expect(await admin.call('doc.delete', { id: 'y' })).toBe(true);
    expect(ran).toEqual(['y']);
    expect(asked).toEqual([
      { user: 'mallory', method: 'doc.delete', params: { id: 'x' } },
      { user: 'admin', method: 'doc.delete', params: { id: 'y' } },
    ]);
    // Built-ins other than rpc.broadcast and rpc.private are not asked.
    expect(await mallory.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
    expect(asked).toHaveLength(2);
  });

  it('authorizeMethod decides who may send rpc.private and rpc.broadcast: refused, nothing is delivered', async () => {
    const asked: Array<{ user: string; method: string; params: unknown }> = [];
    const h = await startServer({
      authenticate: ({ credentials }) => ({ userId: String(credentials) }),
      authorizeMethod: (ctx, method, params) => {
        asked.push({ user: ctx.identity.userId, method, params });
        return ctx.identity.userId !== 'mallory';
      },
    });
    const [mallory, alice, bob] = await Promise.all([
      h.connect({ credentials: 'mallory' }),
      h.connect({ credentials: 'alice' }),
      h.connect({ credentials: 'bob' }),
    ]);
    const note = { to: { userId: 'bob' }, event: 'fixture.note', data: { text: 'psst' } };
    expect((await mallory.request('rpc.private', note)).error).toMatchObject({ code: ErrorCode.Forbidden });
    expect((await mallory.request('rpc.broadcast', { event: 'fixture.note', data: { text: 'spam' } })).error).toMatchObject({
      code: ErrorCode.Forbidden,
    });
    await alice.call('rpc.private', note);
    expect((await bob.nextDelivery('fixture.note')).data).toEqual({ text: 'psst' });
    expect(bob.received.filter(isDelivery())).toHaveLength(1);
    expect(asked.map(({ user, method }) => `${user} ${method}`)).toEqual(['mallory rpc.private', 'mallory rpc.broadcast', 'alice rpc.private']);
    expect(asked[0]?.params).toEqual(note);
    // The other built-ins are not asked.
    await mallory.call('rpc.ping');
    expect(asked).toHaveLength(3);
  });

  it('a forbidden topic: -32003 on subscribe, no subscription, no delivery', async () => {
    const h = await startServer({ authorizeTopic: (_ctx, topic) => !topic?.startsWith('secret:') });
    const client = await h.connect();
    expect((await client.request('rpc.subscribe', { topic: 'secret:plans' })).error).toMatchObject({ code: ErrorCode.Forbidden });
    expect(h.parley.connections.get(client.connectionId)?.topics).toEqual([]);
    await h.parley.broadcast('secret:plans', 'fixture.note', { text: 'hidden' });
    await client.call('rpc.subscribe', { topic: 'public' });
    await h.parley.broadcast('public', 'fixture.note', { text: 'open' });
    expect((await client.nextDelivery('fixture.note')).data).toEqual({ text: 'open' });
    expect(client.received.filter(isDelivery())).toHaveLength(1);
  });
});
