/**
 * Resume at hello over real sockets (protocol 7.1, 7.2): the same session, every missed message
 * in order before the welcome, then live ones with no gap and no duplicate; all or nothing per
 * stream; topics re-subscribed; the previous (half-open) connection of the session closed.
 */
import { isDelivery } from '@parley/conformance';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryAdapter, type SessionRef } from '../src/index.js';
import { drop, lastSeen, resumeHello, until } from './helpers/resume.js';
import { closeAll, startServer } from './helpers/server.js';

afterEach(closeAll);

const text = (d: any): string => d.data.text;

describe('resume at hello', () => {
  it('replays what a resumed session missed, stream by stream in request order, before the same-session welcome', async () => {
    const h = await startServer();
    const alice = await h.connect({ credentials: 'alice' });
    const sub = await alice.call('rpc.subscribe', { topic: 'room' });
    await h.parley.broadcast('room', 'fixture.note', { text: 't1' });
    await h.parley.sendToUser('alice', 'fixture.note', { text: 'u1' });
    await alice.nextDelivery();
    await alice.nextDelivery();
    const positions = [
      { stream: 'topic:room', epoch: sub.epoch, seq: 1 },
      lastSeen(alice, 'user:alice'),
      lastSeen(alice, 'all'),
    ];
    await drop(h, alice);
    for (const t of ['t2', 't3', 't4']) await h.parley.broadcast('room', 'fixture.note', { text: t });
    for (const t of ['u2', 'u3']) await h.parley.sendToUser('alice', 'fixture.note', { text: t });
    await h.parley.broadcast(null, 'fixture.note', { text: 'a1' });

    const { client, reply, replays } = await resumeHello(h, 'alice', alice.welcome.sessionId, positions);
    expect(reply.result.sessionId).toBe(alice.welcome.sessionId);
    expect(replays.map((d) => [d.stream, d.seq, text(d)])).toEqual([
      ['topic:room', 2, 't2'],
      ['topic:room', 3, 't3'],
      ['topic:room', 4, 't4'],
      ['user:alice', 2, 'u2'],
      ['user:alice', 3, 'u3'],
      ['all', 1, 'a1'],
    ]);
    expect(reply.result.resume).toEqual([
      { stream: 'topic:room', recovered: true, epoch: sub.epoch, seq: 4, replayed: 3 },
      { stream: 'user:alice', recovered: true, epoch: positions[1]!.epoch, seq: 3, replayed: 2 },
      { stream: 'all', recovered: true, epoch: positions[2]!.epoch, seq: 1, replayed: 1 },
    ]);
    expect(reply.result.streams).toEqual([
      { stream: 'all', epoch: positions[2]!.epoch, seq: 1 },
      { stream: 'user:alice', epoch: positions[1]!.epoch, seq: 3 },
    ]);
    // The topic was subscribed again by the resume: live messages follow the replay.
    expect(h.parley.connections.get(client.connectionId)?.topics).toEqual(['room']);
    await h.parley.broadcast('room', 'fixture.note', { text: 't5' });
    expect(await client.nextDelivery()).toMatchObject({ stream: 'topic:room', seq: 5, data: { text: 't5' } });
    expect(await client.quiet(isDelivery())).toEqual([]);
  });

  it('joins replay and live messages without a gap or a duplicate while publishing goes on', async () => {
    const h = await startServer();
    const alice = await h.connect({ credentials: 'alice' });
    const sub = await alice.call('rpc.subscribe', { topic: 'busy' });
    await drop(h, alice);
    let published = 0;
    let publishing = true;
    const publisher = (async () => {
      while (publishing && published < 5000) {
        await h.parley.broadcast('busy', 'fixture.note', { text: String(++published) });
        if (published % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await until(() => published >= 50, 'some messages');
    const { client, replays } = await resumeHello(h, 'alice', alice.welcome.sessionId, [{ stream: 'topic:busy', epoch: sub.epoch, seq: 0 }]);
    await until(() => published >= 200 || published === 5000, 'more messages');
    publishing = false;
    await publisher;
    const live: number[] = [];
    while (live.length + replays.length < published) live.push((await client.nextDelivery()).seq);
    const seqs = [...replays.map((d) => d.seq), ...live];
    expect(seqs).toEqual(Array.from({ length: published }, (_, i) => i + 1));
    expect(await client.quiet(isDelivery(), 100)).toEqual([]);
  });

  it('closes the half-open connection still holding the session (1008) and keeps the session', async () => {
    const h = await startServer();
    const first = await h.connect({ credentials: 'alice' });
    const { client, reply } = await resumeHello(h, 'alice', first.welcome.sessionId, []);
    expect(reply.result.sessionId).toBe(first.welcome.sessionId);
    expect(reply.result.resume).toEqual([]);
    expect((await first.closed).code).toBe(1008);
    expect(h.parley.connections.list().map((c) => c.connectionId)).toEqual([client.connectionId]);
    // The session outlives the kicked connection: it can be resumed again.
    await drop(h, client);
    const again = await resumeHello(h, 'alice', first.welcome.sessionId, []);
    expect(again.reply.result.sessionId).toBe(first.welcome.sessionId);
  });

  it('refuses to resume conn: streams, other users\u2019 streams and duplicates (unknown_stream), never their contents', async () => {
    const h = await startServer();
    const alice = await h.connect({ credentials: 'alice' });
    await h.parley.sendToUser('bob', 'fixture.note', { text: 'for bob' });
    const all = lastSeen(alice, 'all');
    await drop(h, alice);
    const { reply, replays } = await resumeHello(h, 'alice', alice.welcome.sessionId, [
      { stream: `conn:${alice.connectionId}`, epoch: 'e', seq: 0 },
      { stream: 'user:bob', epoch: 'e', seq: 0 },
      all,
      all,
    ]);
    expect(replays).toEqual([]);
    expect(reply.result.resume).toEqual([
      { stream: `conn:${alice.connectionId}`, recovered: false, epoch: '0', seq: 0, reason: 'unknown_stream' },
      { stream: 'user:bob', recovered: false, epoch: '0', seq: 0, reason: 'unknown_stream' },
      { stream: 'all', recovered: true, epoch: all.epoch, seq: 0, replayed: 0 },
      { stream: 'all', recovered: false, epoch: '0', seq: 0, reason: 'unknown_stream' },
    ]);
  });

  it('resumes on another server process when the adapter remembers sessions (same sessionId; this log is not shared)', async () => {
    const store = new Map<string, { ref: SessionRef; ttlMs: number }>();
    class SharedSessions extends MemoryAdapter {
      rememberSession(ref: SessionRef, ttlMs: number): void {
        store.set(ref.sessionId, { ref, ttlMs });
      }
      findSession(sessionId: string): SessionRef | undefined {
        return store.get(sessionId)?.ref;
      }
    }
    const [a, b] = [await startServer({ adapter: new SharedSessions() }), await startServer({ adapter: new SharedSessions() })];
    const alice = await a.connect({ credentials: 'alice' });
    const user = lastSeen(alice, 'user:alice');
    await drop(a, alice);
    expect(store.get(alice.welcome.sessionId)).toEqual({ ref: { sessionId: alice.welcome.sessionId, userId: 'alice' }, ttlMs: 120_000 });
    const mallory = await resumeHello(b, 'mallory', alice.welcome.sessionId, []);
    expect(mallory.reply.result.sessionId).not.toBe(alice.welcome.sessionId);
    const { reply } = await resumeHello(b, 'alice', alice.welcome.sessionId, [user]);
    expect(reply.result.sessionId).toBe(alice.welcome.sessionId);
    expect(reply.result.resume).toEqual([{ stream: 'user:alice', recovered: false, epoch: expect.any(String), seq: 0, reason: 'epoch_changed' }]);
  });

  it('never replays part of a stream: one too big for the connection buffer is window_exceeded', async () => {
    const h = await startServer({ maxBufferedBytes: 4096, adapter: new MemoryAdapter({ historySize: 1000 }) });
    const alice = await h.connect({ credentials: 'alice' });
    const user = lastSeen(alice, 'user:alice');
    await drop(h, alice);
    for (let i = 0; i < 40; i++) await h.parley.sendToUser('alice', 'fixture.note', { text: 'x'.repeat(100) });
    const { reply, replays } = await resumeHello(h, 'alice', alice.welcome.sessionId, [user]);
    expect(replays).toEqual([]);
    expect(reply.result.resume).toEqual([{ stream: 'user:alice', recovered: false, epoch: user.epoch, seq: 40, reason: 'window_exceeded' }]);
  });
});
