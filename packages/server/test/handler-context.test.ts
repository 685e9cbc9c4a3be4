/**
 * The context handlers receive: its fields are read from the connection when accessed (so a
 * handler that never reads `signal` or `state` never makes them), and a synchronous handler's
 * reply, result validation and thrown errors work like an asynchronous one's.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineContract, ErrorCode, ParleyError } from '@parley/protocol';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { createParleyServer, type HandlerContext } from '../src/index.js';
import { closeAll, connect, testAuthenticate } from './helpers/server.js';

afterEach(closeAll);

const Seen = v.object({
  connectionId: v.string(),
  sessionId: v.string(),
  userId: v.string(),
  method: v.string(),
  requestId: v.unknown(),
  aborted: v.boolean(),
  visits: v.number(),
  headers: v.array(v.string()),
  url: v.string(),
});

const contract = defineContract({
  methods: {
    'ctx.sync': { params: v.object({}), result: Seen },
    'ctx.async': { params: v.object({}), result: Seen },
    'ctx.bad': { params: v.object({}), result: v.object({ ok: v.boolean() }) },
    'ctx.refuse': { params: v.object({}), result: v.object({ ok: v.boolean() }) },
  },
  events: {},
});

const seen = (ctx: HandlerContext) => {
  const visits = ((ctx.state['visits'] as number | undefined) ?? 0) + 1;
  ctx.state['visits'] = visits;
  return {
    connectionId: ctx.connectionId,
    sessionId: ctx.sessionId,
    userId: ctx.identity.userId,
    method: ctx.method,
    requestId: ctx.requestId,
    aborted: ctx.signal.aborted,
    visits,
    url: ctx.request.url,
    headers: Object.keys(ctx.request.headers).sort(),
  };
};

async function start() {
  const http = createServer();
  const parley = createParleyServer({ server: http, contract, authenticate: testAuthenticate });
  const signals: AbortSignal[] = [];
  parley.handle('ctx.sync', (_params, ctx) => seen(ctx));
  parley.handle('ctx.async', async (_params, ctx) => {
    await Promise.resolve();
    signals.push(ctx.signal);
    return seen(ctx);
  });
  parley.handle('ctx.bad', () => ({ ok: 'yes' }) as never);
  parley.handle('ctx.refuse', () => {
    throw new ParleyError(ErrorCode.Forbidden, 'no');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}${parley.path}`;
  const close = async () => {
    await parley.close({ timeoutMs: 200 });
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return { url, signals, close };
}

describe('handler context', () => {
  it('gives synchronous and asynchronous handlers the connection, the call, one state object and a live signal', async () => {
    const server = await start();
    try {
      const client = await connect(server.url, { credentials: 'alice' });
      const first = await client.call('ctx.sync', {});
      expect(first).toMatchObject({ userId: 'alice', method: 'ctx.sync', aborted: false, visits: 1, url: '/parley' });
      expect(first.connectionId).not.toBe('');
      expect(first.sessionId).not.toBe('');
      // The handshake's own headers are spent once the connection is up: no connection keeps them.
      expect(first.headers).toContain('host');
      expect(first.headers).toContain('sec-websocket-protocol');
      for (const spent of ['connection', 'upgrade', 'sec-websocket-key', 'sec-websocket-version']) expect(first.headers).not.toContain(spent);
      const second = await client.call('ctx.async', {});
      expect(second).toMatchObject({ connectionId: first.connectionId, sessionId: first.sessionId, method: 'ctx.async', visits: 2 });
      expect(second.requestId).not.toEqual(first.requestId);
      await client.close();
      await expect.poll(() => server.signals[0]?.aborted).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('answers a synchronous handler that returns an invalid result with -32603, and one that throws with its error', async () => {
    const server = await start();
    try {
      const client = await connect(server.url, { credentials: 'bob' });
      const bad = await client.request('ctx.bad', {});
      expect(bad.error.code).toBe(ErrorCode.InternalError);
      const refused = await client.request('ctx.refuse', {});
      expect(refused.error).toMatchObject({ code: ErrorCode.Forbidden, message: 'no' });
      await expect(client.call('ctx.sync', {})).resolves.toMatchObject({ visits: 1 });
    } finally {
      await server.close();
    }
  });
});
