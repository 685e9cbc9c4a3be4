import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { Connection } from '../../src/session/connection.js';
import { silentLogger } from '../../src/util/logger.js';
import { FlushScheduler, Outbox } from '../../src/transport/outbox.js';
import { requestInfo } from '../../src/transport/request-info.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const task of cleanup.splice(0).reverse()) await task();
});

/** A real socket pair on loopback; resolves with the server side wrapped in a Connection. */
async function open(): Promise<{ connection: Connection; closing: Connection[]; received: string[] }> {
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => http.close(() => resolve())));
  cleanup.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
  const accepted = new Promise<[WebSocket, IncomingMessage]>((resolve) => wss.once('connection', (ws, req) => resolve([ws, req])));
  const client = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/`);
  client.on('error', () => undefined);
  cleanup.push(() => client.terminate());
  const [ws, req] = await accepted;
  const received: string[] = [];
  client.on('message', (data) => received.push((data as Buffer).toString()));
  const scheduler = new FlushScheduler(silentLogger);
  const closing: Connection[] = [];
  const connection = new Connection(
    'c1',
    ws,
    requestInfo(req),
    'parley.v1',
    (c) => new Outbox(ws, { maxBufferedBytes: 1 << 20, policy: 'close' }, scheduler, () => c.close(4509)),
    (c) => closing.push(c),
  );
  return { connection, closing, received };
}

describe('Connection: parts made on first use', () => {
  it('the hook context reads the live connection, is frozen, and shares its state object', async () => {
    const { connection } = await open();
    const ctx = connection.context;
    expect(connection.context).toBe(ctx);
    expect(ctx.sessionId).toBe('');
    connection.sessionId = 's1';
    connection.identity = { userId: 'alice' };
    expect(ctx).toMatchObject({ connectionId: 'c1', sessionId: 's1', identity: { userId: 'alice' } });
    expect(ctx.request.remoteAddress).toBe('127.0.0.1');
    ctx.state['seen'] = true;
    expect(connection.state['seen']).toBe(true);
    expect(Object.getPrototypeOf(connection.state)).toBeNull();
    expect(Object.isFrozen(ctx)).toBe(true);
    expect(() => {
      (ctx as { sessionId: string }).sessionId = 'forged';
    }).toThrow(TypeError);
  });

  it('topics start as a shared empty map that subscriptions never write to', async () => {
    const [a, b] = [await open(), await open()];
    expect(a.connection.topics.size).toBe(0);
    a.connection.setTopic('room', { presence: true });
    expect([...a.connection.topics]).toEqual([['room', { presence: true }]]);
    expect(b.connection.topics.size).toBe(0);
    expect(b.connection.deleteTopic('room')).toBe(false);
    expect(a.connection.deleteTopic('room')).toBe(true);
    expect(a.connection.topics.size).toBe(0);
  });

  it('on close: the signal aborts (also one asked for afterwards), then closing tasks run once, in order, before onClosing', async () => {
    const { connection, closing } = await open();
    const early = connection.abort.signal;
    const order: string[] = [];
    early.addEventListener('abort', () => order.push('abort'));
    connection.whenClosing(() => order.push(`task 1, onClosing ran: ${closing.length}`));
    connection.whenClosing(() => order.push('task 2'));
    connection.close(1000);
    connection.close(1000);
    expect(order).toEqual(['abort', 'task 1, onClosing ran: 0', 'task 2']);
    expect(closing).toEqual([connection]);
    expect(early.reason).toMatchObject({ name: 'AbortError' });
    connection.whenClosing(() => order.push('late task'));
    expect(order.at(-1)).toBe('late task');
    expect(connection.abort.signal.aborted).toBe(true);
  });
});

describe('Connection: deliveries held while a result is prepared', () => {
  const message = (epoch: string, seq: number) => ({ stream: 'topic:t', epoch, seq, text: `${epoch}/${seq}` });
  async function released(after: { epoch: string; seq: number }, held: { epoch: string; seq: number }[]): Promise<string[]> {
    const { connection, received } = await open();
    connection.phase = 'open';
    connection.hold('topic:t');
    for (const m of held) connection.keep(connection.held?.get('topic:t') as never, message(m.epoch, m.seq));
    connection.release('topic:t', after);
    expect(connection.held).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the outbox flushes, the client reads
    return received;
  }

  it('sends only what follows the position given: later seqs of its epoch', async () => {
    expect(await released({ epoch: 'e1', seq: 2 }, [1, 2, 3, 4].map((seq) => ({ epoch: 'e1', seq })))).toEqual(['e1/3', 'e1/4']);
  });

  it('drops an earlier epoch\'s messages still on their way when the position read was already in a later epoch', async () => {
    const held = [{ epoch: 'e1', seq: 11 }, ...[1, 2, 3, 4].map((seq) => ({ epoch: 'e2', seq }))];
    expect(await released({ epoch: 'e2', seq: 3 }, held)).toEqual(['e2/4']);
  });

  it('follows the stream into a later epoch that starts after the position (its seq 1 announces it)', async () => {
    const held = [{ epoch: 'e1', seq: 11 }, { epoch: 'e2', seq: 1 }, { epoch: 'e2', seq: 2 }];
    expect(await released({ epoch: 'e1', seq: 10 }, held)).toEqual(['e1/11', 'e2/1', 'e2/2']);
  });
});
