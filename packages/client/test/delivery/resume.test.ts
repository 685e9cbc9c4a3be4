/**
 * Resume as the application sees it: after an outage the same session continues, what was missed
 * reaches the handlers once and in order before the `recovered: true` signal, a topic with
 * presence notices is resumed by `rpc.subscribe {since}`. (Calls in flight: calls-flapping.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RecoveryInfo } from '../../src/index.js';
import { client, closeClients } from '../helpers/clients.js';
import { contract, startServer, stopAll, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';
import type { FlakyProxy } from './flaky-proxy.js';
import { outage, steadyProxy } from './outage.js';

let proxy: FlakyProxy | undefined;
afterEach(async () => {
  await closeClients();
  await proxy?.close();
  proxy = undefined;
  await stopAll();
});

async function setup(server: TestServer) {
  proxy = await steadyProxy(server);
  const c = client({ url: `ws://127.0.0.1:${proxy.port}${server.parley.path}`, contract, auth: () => 'alice', reconnect: { baseMs: 5, maxMs: 20 } });
  const log: string[] = [];
  const signals: RecoveryInfo[] = [];
  c.on('fixture.note', (note, meta) => log.push(`${meta.stream}#${meta.seq}:${note.text}`));
  c.onRecovery((info) => {
    signals.push(info);
    log.push(`signal ${info.stream} ${String(info.recovered)}`);
  });
  await c.connect();
  return { c, log, signals };
}

describe('resume after an outage', () => {
  it('continues the session: missed messages once, in order, then recovered:true per stream', async () => {
    const server = await startServer();
    const { c, log, signals } = await setup(server);
    await c.subscribe('room');
    await server.parley.broadcast('room', 'fixture.note', { text: 'before' });
    await waitUntil(() => log.length === 1, 5000, 'the first note');
    const sessionId = c.session!.sessionId;
    const back = await outage(proxy!, server);
    await server.parley.broadcast('room', 'fixture.note', { text: 'r2' });
    await server.parley.broadcast('room', 'fixture.note', { text: 'r3' });
    await server.parley.sendToUser('alice', 'fixture.note', { text: 'u1' });
    await server.parley.broadcast(null, 'fixture.note', { text: 'a1' });
    back();
    await waitUntil(() => signals.length === 3, 5000, 'three signals');
    expect(c.session!.sessionId).toBe(sessionId);
    // Hello order: all, user, then topics (the client's position order); each replay precedes its signal.
    expect(log).toEqual([
      'topic:room#1:before',
      'all#1:a1',
      'user:alice#1:u1',
      'topic:room#2:r2',
      'topic:room#3:r3',
      'signal all true',
      'signal user:alice true',
      'signal topic:room true',
    ]);
    expect(signals.find((s) => s.stream === 'topic:room')).toMatchObject({ topic: 'room', recovered: true, replayed: 2, from: { seq: 1 }, to: { seq: 3 } });
    await server.parley.broadcast('room', 'fixture.note', { text: 'r4' });
    await waitUntil(() => log.length === 9, 5000, 'live again');
    expect(log.at(-1)).toBe('topic:room#4:r4');
  });

  it('a topic with presence notices is resumed by subscribe {since} after the welcome', async () => {
    const server = await startServer();
    const { c, log, signals } = await setup(server);
    await c.subscribe('room', { presence: true });
    const back = await outage(proxy!, server);
    await server.parley.broadcast('room', 'fixture.note', { text: 'missed' });
    back();
    await waitUntil(() => signals.some((s) => s.stream === 'topic:room'), 5000, 'the topic signal');
    expect(signals.find((s) => s.stream === 'topic:room')).toMatchObject({ recovered: true, replayed: 1, to: { seq: 1 } });
    expect(log.filter((line) => line.startsWith('topic:'))).toEqual(['topic:room#1:missed']);
    expect(server.parley.connections.list()[0]!.topics).toEqual(['room']);
  });
});
