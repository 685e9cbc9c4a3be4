import { ErrorCode } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients } from '../helpers/clients.js';
import { closeRawServers, startRawServer } from '../helpers/raw-server.js';
import { contract } from '../helpers/server.js';
import { pause, waitUntil } from '../helpers/wait.js';

afterEach(async () => {
  await closeClients();
  await closeRawServers();
});

describe('what the server sends cannot hurt the client', () => {
  it('reports garbage, never answers it, and stays open', async () => {
    const received: any[] = [];
    const garbage: Array<string | Buffer> = [
      'not json',
      Buffer.from([1, 2, 3]), // binary
      '[]',
      '{"jsonrpc":"2.0","id":1,"method":"do.something"}', // a request: clients take none
      '{"jsonrpc":"2.0","method":"fixture.note","params":{"stream":"all"}}', // delivery without its fields
      '{"jsonrpc":"2.0","method":"rpc.presence.join","params":{"topic":1}}',
      '{"jsonrpc":"2.0","method":"rpc.unknown"}',
      '{"jsonrpc":"2.0","method":"rpc.error","params":{"code":-32029,"message":"Rate limited"}}',
      '{"jsonrpc":"2.0","id":"999","result":1}', // a reply nobody waits for
      '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}',
      '{"jsonrpc":"2.0","method":"toString","params":{"stream":"all","seq":1,"epoch":"raw-all","from":null,"data":1}}',
      '{"jsonrpc":"2.0","method":"__proto__","params":["all",2,null,1]}',
      '[{"jsonrpc":"2.0","method":"fixture.note","params":["all",3,null,{"text":"in a batch"}]},{"bad":true}]',
      '{"jsonrpc":"2.0","method":"fixture.note","params":["topic:nowhere",4,null,{"text":"no epoch known"}]}', // compact, on a stream never placed
    ];
    const raw = await startRawServer({
      onSocket: (socket) => {
        for (const frame of garbage) socket.send(frame);
      },
      onFrame: (_socket, frame) => received.push(frame),
    });
    const c = client({ url: raw.url, contract });
    const notes: string[] = [];
    c.on('fixture.note', (note) => notes.push(note.text));
    await c.connect();
    await waitUntil(() => notes.length === 1, 5000, 'the valid delivery in the batch');
    await pause(100);
    expect(c.state).toBe('open');
    expect(received).toEqual([]); // nothing was answered
    const codes = c.errors.map((error: any) => error.code);
    expect(codes).toEqual([
      ErrorCode.ParseError,
      ErrorCode.InvalidRequest, // []
      ErrorCode.InvalidRequest, // a request: clients take none
      ErrorCode.InvalidParams, // delivery without its fields
      ErrorCode.InvalidParams, // presence notice
      ErrorCode.MethodNotFound, // unknown notification
      ErrorCode.RateLimited, // the server's rpc.error
      ErrorCode.ParseError, // error reply with id null
      ErrorCode.InvalidParams, // event "toString" is not in the contract
      ErrorCode.InvalidParams, // nor is "__proto__"
      ErrorCode.InvalidRequest, // the bad batch item
      ErrorCode.InvalidParams, // a compact delivery on a stream whose epoch it was never told
    ]);
    expect(c.errors.at(-1)).toMatchObject({ message: 'Delivery on a stream with no known epoch', data: { stream: 'topic:nowhere' } });
  });

  it('places a compact delivery that arrives right behind its subscribe result, in the same read (regression: the result was taken in a promise callback, after the delivery had been dropped as unplaceable)', async () => {
    const raw = await startRawServer({
      onFrame: (socket, frame) => {
        if (frame.method !== 'rpc.subscribe') return;
        const result = { topic: 'room:1', stream: 'topic:room:1', epoch: 'e7', seq: 41 };
        // One TCP write for both frames: the client parses them in one go, with no promise callback in between.
        const tcp = (socket as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
        tcp.cork();
        socket.send(JSON.stringify({ jsonrpc: '2.0', id: frame.id, result }));
        socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'fixture.note', params: ['topic:room:1', 42, 'bob', { text: 'right behind' }] }));
        tcp.uncork();
      },
    });
    const c = client({ url: raw.url, contract });
    const seen: Array<[string, string, number]> = [];
    c.on('fixture.note', (note, meta) => seen.push([note.text, meta.epoch, meta.seq]));
    await c.subscribe('room:1');
    await waitUntil(() => seen.length === 1, 5000, 'the delivery behind the result');
    expect(seen).toEqual([['right behind', 'e7', 42]]);
    expect(c.errors).toEqual([]);
  });

  it('notify sends a frame without an id; calls carry string ids', async () => {
    const received: any[] = [];
    const raw = await startRawServer({
      onFrame: (socket, frame) => {
        received.push(frame);
        if ('id' in frame) socket.send(JSON.stringify({ jsonrpc: '2.0', id: frame.id, result: frame.params.value }));
      },
    });
    const c = client({ url: raw.url, contract });
    await c.notify('fixture.echo', { value: 1 });
    expect(await c.call('fixture.echo', { value: 2 })).toBe(2);
    await waitUntil(() => received.length === 2);
    expect(received[0]).toEqual({ jsonrpc: '2.0', method: 'fixture.echo', params: { value: 1 } });
    expect(received[1]).toEqual({ jsonrpc: '2.0', id: expect.stringMatching(/^\d+$/), method: 'fixture.echo', params: { value: 2 } });
  });

  it('a malformed welcome is refused (terminal)', async () => {
    const bad = startRawServer({
      welcome: false,
      onSocket: (socket) =>
        socket.on('message', (data) => {
          const hello = JSON.parse((data as Buffer).toString());
          socket.send(JSON.stringify({ jsonrpc: '2.0', id: hello.id, result: { protocol: 'parley.v1' } }));
        }),
    });
    const badServer = await bad;
    const d = client({ url: badServer.url, contract });
    await expect(d.connect()).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed, data: { closeCode: 4400, reason: 'invalid welcome' } });
  });

  it('no welcome within connectTimeoutMs: the attempt is abandoned and retried', async () => {
    const raw = await startRawServer({ welcome: false });
    const c = client({ url: raw.url, contract, connectTimeoutMs: 100, reconnect: { baseMs: 10, maxAttempts: 1 } });
    await expect(c.connect()).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    expect(c.changes.map((change) => change.state)).toEqual(['connecting', 'reconnecting', 'closed']);
    expect(c.changes[1]).toMatchObject({ closeCode: 1006, reason: 'connect timeout' });
    expect(raw.sockets.length).toBe(2);
  });
});
