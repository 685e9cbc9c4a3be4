/**
 * Bad input of every kind, over real sockets: socket-level refusals (binary, invalid UTF-8,
 * oversized frames), every error reply the server produces itself, limits, and handlers that
 * throw, reject or return what cannot be sent: none of it reaches the process.
 */
import { defineContract, ParleyError } from '@parley/protocol';
import * as v from 'valibot';
import { isDelivery } from '@parley/conformance';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createParleyServer, type ErrorContext } from '../src/index.js';
import { closeAll, connect, startServer } from './helpers/server.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const processFaults: unknown[] = [];
const onFault = (error: unknown): void => {
  processFaults.push(error);
};
beforeEach(() => {
  processFaults.length = 0;
  process.on('unhandledRejection', onFault);
  process.on('uncaughtException', onFault);
});
afterEach(async () => {
  await closeAll();
  process.off('unhandledRejection', onFault);
  process.off('uncaughtException', onFault);
  expect(processFaults).toEqual([]);
});

describe('socket-level refusals', () => {
  it('closes with 1003 on a binary frame', async () => {
    const client = await (await startServer()).connect();
    client.ws.send(Buffer.from('{"jsonrpc":"2.0","id":1,"method":"rpc.ping"}'), { binary: true });
    expect((await client.closed).code).toBe(1003);
  });

  it('closes with 1007 on a text frame that is not UTF-8', async () => {
    const client = await (await startServer()).connect();
    client.ws.send(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), { binary: false });
    expect((await client.closed).code).toBe(1007);
  });

  it('closes with 1009 on a frame past maxMessageBytes (checked by ws before parsing)', async () => {
    const h = await startServer({ maxMessageBytes: 1024 });
    const client = await h.connect();
    expect(client.welcome.limits.maxMessageBytes).toBe(1024);
    client.send({ jsonrpc: '2.0', id: 1, method: 'fixture.echo', params: { value: 'x'.repeat(1100) } });
    expect((await client.closed).code).toBe(1009);
  });

  it('other connections keep working after one is refused', async () => {
    const h = await startServer();
    const [bad, good] = await Promise.all([h.connect(), h.connect()]);
    bad.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await bad.closed;
    expect(await good.call('fixture.echo', { value: 'still here' })).toBe('still here');
  });
});

describe('error replies the server produces', () => {
  it('answers -32700, -32600, -32601, -32602 and keeps the connection open', async () => {
    const client = await (await startServer()).connect();
    client.send('{not json');
    expect((await client.next()).error).toMatchObject({ code: -32700 });
    client.send({ jsonrpc: '2.0', id: 1, method: 5 });
    expect((await client.next()).error).toMatchObject({ code: -32600 });
    expect((await client.request('nope.nothing')).error).toMatchObject({ code: -32601 });
    expect((await client.request('fixture.echo', { wrong: 1 })).error).toMatchObject({ code: -32602, data: { issues: expect.any(Array) } });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('answers -32602 to positional params for a method with named ones (valibot takes an array as an object)', async () => {
    const client = await (await startServer()).connect();
    // fixture.crash takes v.optional(v.object({})): valibot alone lets [1, 2] through as {}, and the
    // handler ran (and crashed: -32603). Now the handler never sees them.
    expect((await client.request('fixture.crash', [1, 2])).error).toEqual({
      code: -32602,
      message: 'Invalid params',
      data: { issues: [{ path: '', message: 'Invalid type: Expected Object but received Array' }] },
    });
    expect((await client.request('fixture.echo', { value: [1, 2] })).result).toEqual([1, 2]);
  });

  it('answers -32009 before hello and keeps the connection open until the handshake timeout (-32008, 4408)', async () => {
    const h = await startServer({ handshakeTimeoutMs: 300 });
    const client = await h.connect({ hello: false });
    expect((await client.request('rpc.ping')).error).toMatchObject({ code: -32009 });
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    expect((await client.next((f) => f.method === 'rpc.error')).params).toEqual({ code: -32008, message: 'Timeout' });
    expect((await client.closed).code).toBe(4408);
  });

  it('answers -32020 for maxBatchLength and maxDepth with the limit named', async () => {
    const client = await (await startServer({ maxBatchLength: 2, maxDepth: 4 })).connect();
    const call = { jsonrpc: '2.0', id: 1, method: 'rpc.ping' };
    client.send([call, call, call]);
    expect((await client.next()).error).toMatchObject({ code: -32020, data: { limit: 'maxBatchLength', max: 2 } });
    client.send({ jsonrpc: '2.0', id: 2, method: 'fixture.echo', params: { value: [[[1]]] } });
    expect((await client.next()).error).toMatchObject({ code: -32020, data: { limit: 'maxDepth', max: 4 } });
  });

  it('answers -32020 maxTopics past the limit and changes nothing', async () => {
    const h = await startServer({ maxTopics: 2 });
    const client = await h.connect();
    expect(client.welcome.limits.maxTopics).toBe(2);
    await client.call('rpc.subscribe', { topic: 'a' });
    await client.call('rpc.subscribe', { topic: 'b' });
    await client.call('rpc.subscribe', { topic: 'a', presence: true }); // already subscribed: no new topic
    expect((await client.request('rpc.subscribe', { topic: 'c' })).error).toEqual({
      code: -32020,
      message: 'Limit exceeded',
      data: { limit: 'maxTopics', max: 2 },
    });
    expect(h.parley.connections.get(client.connectionId)?.topics).toEqual(['a', 'b']);
  });

  it('answers -32020 maxPendingRequests while that many handlers run; handlers run concurrently', async () => {
    const client = await (await startServer({ maxPendingRequests: 2 })).connect();
    const slow1 = client.request('fixture.sleep', { ms: 300 });
    const slow2 = client.request('fixture.sleep', { ms: 300 });
    const refused = await client.request('fixture.echo', { value: 1 });
    expect(refused.error).toEqual({ code: -32020, message: 'Limit exceeded', data: { limit: 'maxPendingRequests', max: 2 } });
    expect((await slow1).result).toEqual({ slept: 300 });
    expect((await slow2).result).toEqual({ slept: 300 });
    // Concurrency: a quick call is answered before a slow one sent earlier.
    const order: string[] = [];
    const slow = client.request('fixture.sleep', { ms: 200 }).then(() => order.push('slow'));
    const quick = client.request('fixture.echo', { value: 'q' }).then(() => order.push('quick'));
    await Promise.all([slow, quick]);
    expect(order).toEqual(['quick', 'slow']);
  });

  it('answers -32003 when authorizeTopic says no, with no side effect', async () => {
    const h = await startServer({ authorizeTopic: (_ctx, topic, action) => !(topic === 'secret' && action !== 'publish') });
    const [client, publisher] = await Promise.all([h.connect(), h.connect()]);
    expect((await client.request('rpc.subscribe', { topic: 'secret' })).error).toEqual({ code: -32003, message: 'Forbidden' });
    expect((await client.request('rpc.presence', { topic: 'secret' })).error).toMatchObject({ code: -32003 });
    await publisher.call('rpc.broadcast', { topic: 'secret', event: 'fixture.note', data: { text: 'x' } });
    expect(await client.quiet(isDelivery())).toEqual([]);
    expect(await h.parley.presence('secret')).toEqual([]);
  });

  it('refuses a rejected hello with -32001 then close 4401, and a crashing authenticate with -32603 then 1011', async () => {
    const h = await startServer();
    const rejected = await h.connect({ hello: false });
    expect((await rejected.request('rpc.hello', { credentials: 'conformance-reject' })).error).toMatchObject({ code: -32001 });
    expect((await rejected.closed).code).toBe(4401);

    const errors: ErrorContext[] = [];
    const crashing = await startServer({
      authenticate: () => {
        throw new Error('database down');
      },
    });
    crashing.parley.on('error', (_e, ctx) => errors.push(ctx));
    const client = await crashing.connect({ hello: false });
    expect((await client.request('rpc.hello', {})).error).toEqual({ code: -32603, message: 'Internal error' });
    expect((await client.closed).code).toBe(1011);
    expect(errors).toEqual([{ where: 'authenticate', connectionId: expect.any(String) }]);
  });

  it('refuses rpc.refresh that would change the user (-32003) and keeps the session', async () => {
    const client = await (await startServer()).connect({ credentials: 'alice' });
    expect(await client.call('rpc.refresh', { credentials: 'alice' })).toEqual({ identity: { userId: 'alice' } });
    expect((await client.request('rpc.refresh', { credentials: 'bob' })).error).toMatchObject({ code: -32003 });
    expect(await client.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
  });
});

describe('handlers that fail never reach the process', () => {
  const contract = defineContract({
    methods: {
      'boom.sync': { params: v.object({}), result: v.string() },
      'boom.async': { params: v.object({}), result: v.string() },
      'boom.bigint': { params: v.object({}), result: v.unknown() },
      'boom.wrong-result': { params: v.object({}), result: v.string() },
      'boom.bad-error-data': { params: v.object({}), result: v.string() },
      'boom.fine': { params: v.object({}), result: v.string() },
    },
  });

  it('maps every failure to -32603 with nothing from the original, reports it, and keeps serving', async () => {
    const http = createServer();
    const parley = createParleyServer({ server: http, contract, heartbeatIntervalMs: 0 });
    const reported: Array<{ error: unknown; ctx: ErrorContext }> = [];
    parley.on('error', (error, ctx) => reported.push({ error, ctx }));
    parley
      .handle('boom.sync', () => {
        throw new Error('secret sync detail');
      })
      .handle('boom.async', async () => {
        await Promise.resolve();
        throw new TypeError('secret async detail');
      })
      .handle('boom.bigint', () => 10n)
      .handle('boom.wrong-result', () => 42 as unknown as string)
      .handle('boom.bad-error-data', () => {
        throw new ParleyError(4000, 'bad data', { n: 1n });
      })
      .handle('boom.fine', () => 'ok');
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/parley`;
    try {
      const client = await connect(url);
      for (const method of ['boom.sync', 'boom.async', 'boom.bigint', 'boom.wrong-result', 'boom.bad-error-data']) {
        const reply = await client.request(method, {});
        expect(reply.error, method).toEqual({ code: -32603, message: 'Internal error' });
        expect(JSON.stringify(reply)).not.toContain('secret');
      }
      // The same failures as notifications: no reply, still reported.
      client.notify('boom.async', {});
      expect(await client.call('boom.fine', {})).toBe('ok');
      await expect.poll(() => reported.length).toBe(6);
      expect(reported.map((r) => r.ctx.method)).toEqual(['boom.sync', 'boom.async', 'boom.bigint', 'boom.wrong-result', 'boom.bad-error-data', 'boom.async']);
      expect(reported.every((r) => r.error instanceof Error)).toBe(true);
    } finally {
      await parley.close();
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('a throwing event listener does not break the server', async () => {
    const h = await startServer();
    h.parley.on('connection', () => {
      throw new Error('listener bug');
    });
    const client = await h.connect();
    expect(await client.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
  });
});
