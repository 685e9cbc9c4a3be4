/**
 * What the application is told, through `onRecovery`, for each way continuity can fail: window
 * exceeded, epoch changed, a new server process (unknown session), a session of another user,
 * revoked authorization, revoked authentication, and a gap on a live connection. Real server,
 * real sockets; outages made with the proxy (refuse new connections, cut the open ones).
 */
import { ErrorCode, ParleyError } from '@parley/protocol';
import { MemoryAdapter, type Authenticate } from '@parley/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecoveryInfo } from '../../src/index.js';
import { client, closeClients } from '../helpers/clients.js';
import { closeRawServers, startRawServer } from '../helpers/raw-server.js';
import { authenticate, contract, startServer, stopAll, type TestServer } from '../helpers/server.js';
import { pause, waitForState, waitUntil } from '../helpers/wait.js';
import type { FlakyProxy } from './flaky-proxy.js';
import { outage, steadyProxy } from './outage.js';

let proxy: FlakyProxy | undefined;
afterEach(async () => {
  await closeClients();
  await proxy?.close();
  proxy = undefined;
  await stopAll();
  await closeRawServers();
});

/** A client of `server` through a proxy that stays up until `outage()`. */
async function connected(server: TestServer, user: string, auth: () => string = () => user) {
  proxy ??= await steadyProxy(server);
  const c = client({ url: `ws://127.0.0.1:${proxy.port}${server.parley.path}`, contract, auth, reconnect: { baseMs: 5, maxMs: 20 } });
  const notes: string[] = [];
  const signals: RecoveryInfo[] = [];
  c.on('fixture.note', (note) => notes.push(note.text));
  c.onRecovery((info) => signals.push(info));
  await c.connect();
  return { c, notes, signals };
}

const signalOf = (signals: RecoveryInfo[], stream: string) => signals.find((s) => s.stream === stream);

describe('recovery signals', () => {
  it('window_exceeded: the exact missed window, per topic too; nothing of it reaches the handlers', async () => {
    const server = await startServer({ adapter: new MemoryAdapter({ historySize: 2 }) });
    const { c, notes, signals } = await connected(server, 'alice');
    const topicSignals: RecoveryInfo[] = [];
    c.onRecovery('room', (info) => topicSignals.push(info));
    const sub = await c.subscribe('room');
    await server.parley.broadcast('room', 'fixture.note', { text: 'm1' });
    await waitUntil(() => notes.length === 1, 5000, 'm1');
    const sessionId = c.session!.sessionId;
    const back = await outage(proxy!, server);
    for (let i = 2; i <= 6; i++) await server.parley.broadcast('room', 'fixture.note', { text: `m${i}` });
    back();
    await waitUntil(() => signalOf(signals, 'topic:room') !== undefined, 5000, 'the signal');
    const expected = { stream: 'topic:room', topic: 'room', recovered: false, reason: 'window_exceeded', from: { epoch: sub.epoch, seq: 1 }, to: { epoch: sub.epoch, seq: 6 } };
    expect(signalOf(signals, 'topic:room')).toEqual(expected);
    expect(topicSignals).toEqual([expected]);
    expect(c.session!.sessionId).toBe(sessionId);
    expect(signals.filter((s) => s.stream !== 'topic:room').every((s) => s.recovered)).toBe(true);
    await server.parley.broadcast('room', 'fixture.note', { text: 'm7' });
    await waitUntil(() => notes.length === 2, 5000, 'm7');
    expect(notes).toEqual(['m1', 'm7']);
  });

  it('epoch_changed: the stream restarted its numbering while the client was away', async () => {
    const adapter = new MemoryAdapter({ historyTtlMs: 1000, sweepIntervalMs: 0 });
    const server = await startServer({ adapter });
    const { c, notes, signals } = await connected(server, 'alice');
    const sub = await c.subscribe('room');
    await server.parley.broadcast('room', 'fixture.note', { text: 'old' });
    await waitUntil(() => notes.length === 1, 5000, 'old');
    const back = await outage(proxy!, server);
    adapter.sweep(Date.now() + 60_000);
    const restarted = await server.parley.broadcast('room', 'fixture.note', { text: 'new' });
    back();
    await waitUntil(() => signalOf(signals, 'topic:room') !== undefined, 5000, 'the signal');
    expect(signalOf(signals, 'topic:room')).toEqual({
      stream: 'topic:room',
      topic: 'room',
      recovered: false,
      reason: 'epoch_changed',
      from: { epoch: sub.epoch, seq: 1 },
      to: { epoch: restarted.epoch, seq: 1 },
    });
    await server.parley.broadcast('room', 'fixture.note', { text: 'newer' });
    await waitUntil(() => notes.length === 2, 5000, 'newer');
    expect(notes).toEqual(['old', 'newer']);
  });

  it('a new server process: unknown_session for every stream, a new session, topics subscribed again', async () => {
    const first = await startServer();
    const { c, notes, signals } = await connected(first, 'alice');
    await c.subscribe('room');
    const before = c.session!;
    await first.stop();
    const second = await startServer({}, first.port);
    await waitUntil(() => signals.length === 3, 10_000, 'three signals');
    expect(c.session!.sessionId).not.toBe(before.sessionId);
    const byStream = Object.fromEntries(signals.map((s) => [s.stream, s]));
    for (const stream of ['all', 'user:alice', 'topic:room']) {
      expect(byStream[stream]).toMatchObject({ recovered: false, reason: 'unknown_session', from: { seq: 0 }, to: { seq: 0 } });
      expect(byStream[stream]!.to!.epoch).not.toBe(byStream[stream]!.from!.epoch);
    }
    await second.parley.broadcast('room', 'fixture.note', { text: 'hello again' });
    await waitUntil(() => notes.length === 1, 5000, 'the note');
  });

  it('a session of another user: unknown_session, and the old user\u2019s stream is dropped (unknown_stream)', async () => {
    const server = await startServer();
    let user = 'alice';
    const { c, signals } = await connected(server, 'alice', () => user);
    const sessionId = c.session!.sessionId;
    user = 'bob'; // from the next attempt on (auth() runs before each one)
    const back = await outage(proxy!, server);
    back();
    await waitUntil(() => signals.length === 2, 5000, 'two signals');
    expect(c.session!.sessionId).not.toBe(sessionId);
    expect(c.session!.identity.userId).toBe('bob');
    expect(signalOf(signals, 'user:alice')).toEqual({ stream: 'user:alice', recovered: false, reason: 'unknown_stream', from: expect.any(Object) });
    expect(signalOf(signals, 'all')).toMatchObject({ recovered: false, reason: 'unknown_session' });
  });

  it('revoked authorization: forbidden for the topic, reported, forgotten; its messages stop', async () => {
    const banned = new Set<string>();
    const server = await startServer({ authorizeTopic: (ctx, topic) => !(topic === 'room' && banned.has(ctx.identity.userId)) });
    const { c, notes, signals } = await connected(server, 'alice');
    await c.subscribe('room');
    const back = await outage(proxy!, server);
    await server.parley.broadcast('room', 'fixture.note', { text: 'secret' });
    banned.add('alice');
    back();
    await waitUntil(() => signalOf(signals, 'topic:room') !== undefined, 5000, 'the signal');
    expect(signalOf(signals, 'topic:room')).toEqual({ stream: 'topic:room', topic: 'room', recovered: false, reason: 'forbidden', from: expect.any(Object) });
    await waitUntil(() => c.errors.length > 0, 5000, 'the error');
    expect(c.errors[0]).toMatchObject({ code: ErrorCode.Forbidden, data: { topic: 'room' } });
    await waitForState(c, 'open');
    expect(server.parley.connections.list()[0]!.topics).toEqual([]);
    await server.parley.broadcast('room', 'fixture.note', { text: 'secret 2' });
    await pause(100);
    expect(notes).toEqual([]);
  });

  it('revoked authentication: the client stops unauthorized and no backlog reaches the handlers', async () => {
    const revoked = new Set<string>();
    const auth: Authenticate = (ctx) => {
      if (revoked.has(String(ctx.credentials))) throw new ParleyError(ErrorCode.Unauthorized, 'Revoked');
      return authenticate(ctx);
    };
    const server = await startServer({ authenticate: auth });
    const { c, notes, signals } = await connected(server, 'alice');
    const back = await outage(proxy!, server);
    await server.parley.sendToUser('alice', 'fixture.note', { text: 'backlog' });
    revoked.add('alice');
    back();
    await waitForState(c, 'unauthorized');
    expect(notes).toEqual([]);
    expect(signals).toEqual([]);
  });

  it('a gap on a live connection (messages dropped for a slow consumer) is signalled, then delivery goes on', async () => {
    // The raw server's welcome puts `all` at seq 0 of epoch raw-all: seq 1 comes in the full form, then compact ones.
    const delivery = (epoch: string, seq: number, full: boolean) =>
      JSON.stringify({
        jsonrpc: '2.0',
        method: 'fixture.note',
        params: full ? { stream: 'all', seq, epoch, from: null, data: { text: `${epoch}/${seq}` } } : ['all', seq, null, { text: `${epoch}/${seq}` }],
      });
    const raw = await startRawServer({
      onSocket: (socket) => {
        for (const seq of [1, 2, 5, 5, 6]) socket.send(delivery('raw-all', seq, seq === 1));
        socket.send(delivery('e2', 3, true));
        socket.send(delivery('e2', 4, false));
      },
    });
    const c = client({ url: raw.url, contract });
    const notes: string[] = [];
    const signals: RecoveryInfo[] = [];
    c.on('fixture.note', (note) => notes.push(note.text));
    c.onRecovery((info) => signals.push(info));
    await c.connect();
    await waitUntil(() => notes.length === 6, 5000, 'six notes');
    expect(notes).toEqual(['raw-all/1', 'raw-all/2', 'raw-all/5', 'raw-all/6', 'e2/3', 'e2/4']);
    expect(signals).toEqual([
      { stream: 'all', recovered: false, reason: 'gap', from: { epoch: 'raw-all', seq: 2 }, to: { epoch: 'raw-all', seq: 4 } },
      { stream: 'all', recovered: false, reason: 'epoch_changed', from: { epoch: 'raw-all', seq: 6 }, to: { epoch: 'e2', seq: 2 } },
    ]);
  });
});
