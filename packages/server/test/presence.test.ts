/**
 * Presence over real sockets: join on a user's first connection in a topic, leave on its last,
 * notices only to connections that asked for them, the presence list, and the leave announced
 * after the heartbeat terminates a dead peer (fake timers drive the heartbeat).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeAll, startServer } from './helpers/server.js';

afterEach(async () => {
  vi.useRealTimers();
  await closeAll();
});

const presenceNotice = (method: string, userId: string) => (f: any) => f.method === method && f.params.userId === userId;

describe('presence', () => {
  it('announces a join on the first connection and a leave on the last, to presence watchers only', async () => {
    const h = await startServer();
    const [watcher, quietSub, bob1, bob2] = await Promise.all([
      h.connect({ credentials: 'watcher' }),
      h.connect({ credentials: 'quiet' }),
      h.connect({ credentials: 'bob' }),
      h.connect({ credentials: 'bob' }),
    ]);
    await watcher.call('rpc.subscribe', { topic: 'lobby', presence: true });
    await quietSub.call('rpc.subscribe', { topic: 'lobby' });
    expect((await watcher.next(presenceNotice('rpc.presence.join', 'quiet'))).params).toEqual({
      topic: 'lobby',
      userId: 'quiet',
      ts: expect.any(Number),
    });

    await bob1.call('rpc.subscribe', { topic: 'lobby' });
    await watcher.next(presenceNotice('rpc.presence.join', 'bob'));
    await bob2.call('rpc.subscribe', { topic: 'lobby' });
    expect(await watcher.call('rpc.presence', { topic: 'lobby' })).toEqual({
      topic: 'lobby',
      members: expect.arrayContaining([
        { userId: 'watcher', connections: 1 },
        { userId: 'quiet', connections: 1 },
        { userId: 'bob', connections: 2 },
      ]),
    });

    await bob1.call('rpc.unsubscribe', { topic: 'lobby' });
    await bob2.close(); // bob's last connection in the topic
    expect((await watcher.next(presenceNotice('rpc.presence.leave', 'bob'))).params).toMatchObject({ topic: 'lobby', userId: 'bob' });
    const joins = watcher.received.filter(presenceNotice('rpc.presence.join', 'bob'));
    const leaves = watcher.received.filter(presenceNotice('rpc.presence.leave', 'bob'));
    expect([joins.length, leaves.length]).toEqual([1, 1]);
    expect(quietSub.received.filter((f) => String(f.method).startsWith('rpc.presence'))).toEqual([]);
    expect((await h.parley.presence('lobby')).map((m) => m.userId).sort()).toEqual(['quiet', 'watcher']);
  });

  it('shows presence data from the presenceData option', async () => {
    const h = await startServer({ presenceData: (identity) => ({ name: identity.userId.toUpperCase() }) });
    const [a, b] = await Promise.all([h.connect({ credentials: 'ann' }), h.connect({ credentials: 'ben' })]);
    await a.call('rpc.subscribe', { topic: 't', presence: true });
    await b.call('rpc.subscribe', { topic: 't' });
    expect((await a.next(presenceNotice('rpc.presence.join', 'ben'))).params.data).toEqual({ name: 'BEN' });
    expect((await a.call('rpc.presence', { topic: 't' })).members).toContainEqual({ userId: 'ann', connections: 1, data: { name: 'ANN' } });
  });
});

describe('heartbeat', () => {
  it('advertises its timing in the welcome', async () => {
    const h = await startServer({ heartbeatIntervalMs: 1234, heartbeatTimeoutMs: 567 });
    const client = await h.connect();
    expect(client.welcome.heartbeat).toEqual({ intervalMs: 1234, timeoutMs: 567 });
  });

  it('terminates a peer that stops answering pings and announces its presence leave', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'setTimeout', 'Date'] });
    const h = await startServer({ heartbeatIntervalMs: 1000, heartbeatTimeoutMs: 500 });
    const [alive, dead] = await Promise.all([h.connect({ credentials: 'alive' }), h.connect({ credentials: 'dead' })]);
    await alive.call('rpc.subscribe', { topic: 'room', presence: true });
    await dead.call('rpc.subscribe', { topic: 'room' });
    await alive.next(presenceNotice('rpc.presence.join', 'dead'));
    (dead.ws as any)._socket.pause(); // the dead peer reads nothing, so it never answers a ping

    const pinged = new Promise((resolve) => alive.ws.once('ping', resolve));
    vi.advanceTimersByTime(1000); // a heartbeat round: ping everyone
    await pinged;
    await alive.call('rpc.ping'); // the pong went out before this request, so the server has seen it
    vi.advanceTimersByTime(500); // the round's deadline

    const leave = await alive.next(presenceNotice('rpc.presence.leave', 'dead'));
    expect(leave.params).toMatchObject({ topic: 'room', userId: 'dead' });
    expect(h.parley.connections.list().map((c) => c.userId)).toEqual(['alive']);
    expect(await alive.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
    (dead.ws as any)._socket.resume();
    expect((await dead.closed).code).toBe(1006); // terminated: no close frame
  });
});
