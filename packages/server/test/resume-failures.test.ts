/**
 * Every explicit way a resume fails (protocol 7.2), each over real sockets: window exceeded,
 * epoch changed, forged session (another user's, or made up), revoked authorization and revoked
 * authentication. Each says so per stream with the current position and replays nothing.
 */
import { ErrorCode, ParleyError } from '@parley/protocol';
import { isDelivery } from '@parley/conformance';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryAdapter, type Authenticate } from '../src/index.js';
import { drop, lastSeen, resumeHello } from './helpers/resume.js';
import { closeAll, startServer, testAuthenticate } from './helpers/server.js';

afterEach(closeAll);

describe('resume failures', () => {
  it('window_exceeded: the log no longer has the oldest missed message; nothing replayed, live goes on', async () => {
    const h = await startServer({ adapter: new MemoryAdapter({ historySize: 3 }) });
    const alice = await h.connect({ credentials: 'alice' });
    const sub = await alice.call('rpc.subscribe', { topic: 'room' });
    await drop(h, alice);
    for (let i = 1; i <= 5; i++) await h.parley.broadcast('room', 'fixture.note', { text: `m${i}` });
    const { client, reply, replays } = await resumeHello(h, 'alice', alice.welcome.sessionId, [{ stream: 'topic:room', epoch: sub.epoch, seq: 0 }]);
    expect(reply.result.sessionId).toBe(alice.welcome.sessionId);
    expect(replays).toEqual([]);
    expect(reply.result.resume).toEqual([{ stream: 'topic:room', recovered: false, epoch: sub.epoch, seq: 5, reason: 'window_exceeded' }]);
    await h.parley.broadcast('room', 'fixture.note', { text: 'm6' });
    expect(await client.nextDelivery()).toMatchObject({ seq: 6, data: { text: 'm6' } });
  });

  it('epoch_changed: the stream was forgotten and numbering restarted in a new epoch', async () => {
    const adapter = new MemoryAdapter({ historyTtlMs: 1000, sweepIntervalMs: 0 });
    const h = await startServer({ adapter });
    const alice = await h.connect({ credentials: 'alice' });
    const sub = await alice.call('rpc.subscribe', { topic: 'room' });
    await h.parley.broadcast('room', 'fixture.note', { text: 'old' });
    await alice.nextDelivery();
    await drop(h, alice);
    adapter.sweep(Date.now() + 60_000); // nobody listens to the topic and its log aged out: forgotten
    const restarted = await h.parley.broadcast('room', 'fixture.note', { text: 'new' });
    expect(restarted.epoch).not.toBe(sub.epoch);
    const { reply, replays } = await resumeHello(h, 'alice', alice.welcome.sessionId, [{ stream: 'topic:room', epoch: sub.epoch, seq: 1 }]);
    expect(replays).toEqual([]);
    expect(reply.result.resume).toEqual([{ stream: 'topic:room', recovered: false, epoch: restarted.epoch, seq: 1, reason: 'epoch_changed' }]);
  });

  it('epoch_changed: a position from an epoch the stream never had, or past its last seq', async () => {
    const h = await startServer();
    const alice = await h.connect({ credentials: 'alice' });
    const user = lastSeen(alice, 'user:alice');
    await drop(h, alice);
    const { reply } = await resumeHello(h, 'alice', alice.welcome.sessionId, [{ ...user, seq: 7 }]);
    expect(reply.result.resume).toEqual([{ stream: 'user:alice', recovered: false, epoch: user.epoch, seq: 0, reason: 'epoch_changed' }]);
  });

  it('forged session: another user\u2019s sessionId gets a new session, unknown_session everywhere, and leaves the real one intact', async () => {
    const h = await startServer();
    const alice = await h.connect({ credentials: 'alice' });
    const sub = await alice.call('rpc.subscribe', { topic: 'room' });
    const aliceUser = lastSeen(alice, 'user:alice');
    await drop(h, alice);
    await h.parley.broadcast('room', 'fixture.note', { text: 'missed' });
    await h.parley.sendToUser('alice', 'fixture.note', { text: 'private' });
    const mallory = await resumeHello(h, 'mallory', alice.welcome.sessionId, [
      { stream: 'topic:room', epoch: sub.epoch, seq: 0 },
      aliceUser,
      { stream: 'all', epoch: 'e', seq: 0 },
    ]);
    expect(mallory.reply.result.sessionId).not.toBe(alice.welcome.sessionId);
    expect(mallory.replays).toEqual([]);
    expect(mallory.reply.result.resume).toEqual([
      { stream: 'topic:room', recovered: false, epoch: sub.epoch, seq: 1, reason: 'unknown_session' },
      { stream: 'user:alice', recovered: false, epoch: '0', seq: 0, reason: 'unknown_stream' },
      { stream: 'all', recovered: false, epoch: expect.any(String), seq: 0, reason: 'unknown_session' },
    ]);
    const real = await resumeHello(h, 'alice', alice.welcome.sessionId, [{ stream: 'topic:room', epoch: sub.epoch, seq: 0 }, aliceUser]);
    expect(real.reply.result.sessionId).toBe(alice.welcome.sessionId);
    expect(real.replays.map((d) => d.data.text)).toEqual(['missed', 'private']);
  });

  it('forged session: a made-up sessionId is unknown_session for every stream', async () => {
    const h = await startServer();
    await h.parley.sendToUser('alice', 'fixture.note', { text: 'before' });
    const { reply, replays } = await resumeHello(h, 'alice', 'not-a-session', [{ stream: 'user:alice', epoch: 'e', seq: 0 }]);
    expect(reply.result.sessionId).not.toBe('not-a-session');
    expect(replays).toEqual([]);
    expect(reply.result.resume).toEqual([{ stream: 'user:alice', recovered: false, epoch: expect.any(String), seq: 1, reason: 'unknown_session' }]);
  });

  it('revoked authorization: a topic the user may no longer read is forbidden, not replayed, not subscribed', async () => {
    const banned = new Set<string>();
    const h = await startServer({ authorizeTopic: (ctx, topic) => !(topic === 'room' && banned.has(ctx.identity.userId)) });
    const alice = await h.connect({ credentials: 'alice' });
    const sub = await alice.call('rpc.subscribe', { topic: 'room' });
    const user = lastSeen(alice, 'user:alice');
    await drop(h, alice);
    await h.parley.broadcast('room', 'fixture.note', { text: 'secret' });
    await h.parley.sendToUser('alice', 'fixture.note', { text: 'still yours' });
    banned.add('alice');
    const { client, reply, replays } = await resumeHello(h, 'alice', alice.welcome.sessionId, [{ stream: 'topic:room', epoch: sub.epoch, seq: 0 }, user]);
    expect(reply.result.resume).toEqual([
      { stream: 'topic:room', recovered: false, epoch: '0', seq: 0, reason: 'forbidden' },
      { stream: 'user:alice', recovered: true, epoch: user.epoch, seq: 1, replayed: 1 },
    ]);
    expect(replays.map((d) => d.data.text)).toEqual(['still yours']);
    expect(h.parley.connections.get(client.connectionId)?.topics).toEqual([]);
    await h.parley.broadcast('room', 'fixture.note', { text: 'secret 2' });
    expect(await client.quiet(isDelivery())).toEqual([]);
  });

  it('revoked authentication: the hello is refused (-32001, close 4401) and no backlog is sent', async () => {
    const revoked = new Set<string>();
    const authenticate: Authenticate = (ctx) => {
      if (revoked.has(String(ctx.credentials))) throw new ParleyError(ErrorCode.Unauthorized, 'Revoked');
      return testAuthenticate(ctx);
    };
    const h = await startServer({ authenticate });
    const alice = await h.connect({ credentials: 'alice' });
    const user = lastSeen(alice, 'user:alice');
    await drop(h, alice);
    await h.parley.sendToUser('alice', 'fixture.note', { text: 'backlog' });
    revoked.add('alice');
    const { client, reply } = await resumeHello(h, 'alice', alice.welcome.sessionId, [user]);
    expect(reply.error).toMatchObject({ code: ErrorCode.Unauthorized });
    expect((await client.closed).code).toBe(4401);
    expect(client.received.filter(isDelivery())).toEqual([]);
  });
});
