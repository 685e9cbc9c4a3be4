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
      '{"jsonrpc":"2.0","method":"rpc.message","params":{"event":"fixture.note"}}', // delivery without its fields
      '{"jsonrpc":"2.0","method":"rpc.presence.join","params":{"topic":1}}',
      '{"jsonrpc":"2.0","method":"rpc.unknown"}',
      '{"jsonrpc":"2.0","method":"rpc.error","params":{"code":-32029,"message":"Rate limited"}}',
      '{"jsonrpc":"2.0","id":"999","result":1}', // a reply nobody waits for
      '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}',
      '{"jsonrpc":"2.0","method":"rpc.message","params":{"id":"m","stream":"all","epoch":"e","seq":1,"ts":0,"from":null,"event":"toString","data":1}}',
      '{"jsonrpc":"2.0","method":"rpc.message","params":{"id":"m","stream":"all","epoch":"e","seq":2,"ts":0,"from":null,"event":"__proto__","data":1}}',
      '[{"jsonrpc":"2.0","method":"rpc.message","params":{"id":"m3","stream":"all","epoch":"e","seq":3,"ts":0,"from":null,"event":"fixture.note","data":{"text":"in a batch"}}},{"bad":true}]',
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
    ]);
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
