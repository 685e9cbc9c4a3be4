/**
 * Idempotent re-sends over real sockets (protocol 7.4): a request re-sent with the same id on a
 * resumed session gets the first reply, and the handler runs once, even while the first run is
 * still going. A new session has no memory of it. Connection-scoped built-ins always run.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineContract } from '@parley/protocol';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { createParleyServer } from '../src/index.js';
import type { ConnectOptions } from './helpers/client.js';
import { drop, resumeHello } from './helpers/resume.js';
import { closeAll, connect, testAuthenticate, track } from './helpers/server.js';

afterEach(closeAll);

const contract = defineContract({
  methods: {
    'work.do': { params: v.object({ n: v.number() }), result: v.object({ n: v.number(), run: v.number() }) },
  },
  events: { 'work.done': v.object({ n: v.number() }) },
});

/** A server whose `work.do` counts its runs and waits for `release()`. */
async function workServer() {
  const http = createServer();
  const parley = createParleyServer({ server: http, contract, authenticate: testAuthenticate });
  let runs = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  parley.handle('work.do', async ({ n }) => {
    const run = ++runs;
    await gate;
    return { n, run };
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}${parley.path}`;
  const h = { parley, connect: (o?: ConnectOptions) => connect(url, o) };
  return {
    h,
    runs: () => runs,
    open: () => release(),
    close: async () => {
      await parley.close({ timeoutMs: 200 });
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

const request = (id: string, n: number) => ({ jsonrpc: '2.0', id, method: 'work.do', params: { n } });

describe('idempotent re-sends', () => {
  it('a request re-sent on the resumed session awaits the first run and gets its reply; the handler runs once', async () => {
    const w = await workServer();
    try {
      const first = track(await w.h.connect({ credentials: 'alice' }));
      first.send(request('k1', 7));
      await first.call('rpc.ping'); // handled in order: k1 is running now
      expect(w.runs()).toBe(1);
      await drop(w.h, first);
      const { client } = await resumeHello(w.h, 'alice', first.welcome.sessionId, []);
      const reply = client.next((f) => f.id === 'k1');
      client.send(request('k1', 7));
      await client.call('rpc.ping'); // the re-send arrived while the first run is still going
      w.open();
      expect(await reply).toEqual({ jsonrpc: '2.0', id: 'k1', result: { n: 7, run: 1 } });
      // Once answered, again: the remembered reply, at once.
      client.send(request('k1', 7));
      expect(await client.next((f) => f.id === 'k1')).toEqual({ jsonrpc: '2.0', id: 'k1', result: { n: 7, run: 1 } });
      expect(w.runs()).toBe(1);
    } finally {
      await closeAll();
      await w.close();
    }
  });

  it('the same id for another method is -32600; a numeric id differs from the same string', async () => {
    const w = await workServer();
    try {
      w.open();
      const c = track(await w.h.connect({ credentials: 'bob' }));
      c.send(request('7', 1));
      expect(await c.next((f) => f.id === '7')).toMatchObject({ result: { n: 1, run: 1 } });
      c.send({ jsonrpc: '2.0', id: '7', method: 'rpc.broadcast', params: { event: 'work.done', data: { n: 1 } } });
      expect(await c.next((f) => f.id === '7')).toMatchObject({ error: { code: -32600 } });
      c.send({ ...request('x', 2), id: 7 });
      expect(await c.next((f) => f.id === 7)).toMatchObject({ result: { n: 2, run: 2 } });
    } finally {
      await closeAll();
      await w.close();
    }
  });

  it('rpc.broadcast re-sent with the same id publishes once; rpc.ping (connection-scoped) always runs', async () => {
    const w = await workServer();
    try {
      const c = track(await w.h.connect({ credentials: 'carol' }));
      const publish = { jsonrpc: '2.0', id: 'b1', method: 'rpc.broadcast', params: { topic: 't', event: 'work.done', data: { n: 1 } } };
      c.send(publish);
      const firstReply = await c.next((f) => f.id === 'b1');
      c.send(publish);
      expect(await c.next((f) => f.id === 'b1')).toEqual(firstReply);
      expect((await w.h.parley.broadcast('t', 'work.done', { n: 2 })).seq).toBe(2);
      c.send({ jsonrpc: '2.0', id: 'p', method: 'rpc.ping' });
      const ping1 = await c.next((f) => f.id === 'p');
      await new Promise((resolve) => setTimeout(resolve, 5));
      c.send({ jsonrpc: '2.0', id: 'p', method: 'rpc.ping' });
      expect((await c.next((f) => f.id === 'p')).result.ts).toBeGreaterThan(ping1.result.ts);
    } finally {
      await closeAll();
      await w.close();
    }
  });

  it('a new session (not resumed) has no memory of the id: it runs again', async () => {
    const w = await workServer();
    try {
      w.open();
      const first = track(await w.h.connect({ credentials: 'dave' }));
      first.send(request('k', 1));
      expect(await first.next((f) => f.id === 'k')).toMatchObject({ result: { run: 1 } });
      const other = track(await w.h.connect({ credentials: 'dave' }));
      other.send(request('k', 1));
      expect(await other.next((f) => f.id === 'k')).toMatchObject({ result: { run: 2 } });
    } finally {
      await closeAll();
      await w.close();
    }
  });
});
