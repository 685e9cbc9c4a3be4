/**
 * Results before live messages (protocol 5.5, 7.1): nothing but replays reaches a client before
 * its welcome, and a subscribe result comes before any live message of its stream, with every
 * later message numbered above the result's seq. An adapter that answers asynchronously (as a
 * networked one would) opens the window in which messages are published meanwhile; the same
 * tests show the core works with an adapter whose every method returns a promise.
 */
import { isDelivery } from '@parley/conformance';
import { afterEach, describe, expect, it } from 'vitest';
import { AsyncAdapter } from './helpers/async-adapter.js';
import { closeAll, startServer } from './helpers/server.js';

afterEach(closeAll);

const isMessage = isDelivery();

describe('results before live messages', () => {
  it('holds deliveries until the welcome is sent, then sends only those after welcome.streams', async () => {
    const adapter = new AsyncAdapter();
    const h = await startServer({ adapter });
    const talker = await h.connect();
    const gate = adapter.arm('position');
    const joining = h.connect(); // its hello waits in position()
    await gate.waiting;
    await talker.call('rpc.broadcast', { event: 'fixture.note', data: { text: 'during the hello' } });
    gate.open();
    const late = await joining;
    await talker.call('rpc.broadcast', { event: 'fixture.note', data: { text: 'after the hello' } });
    const delivery = await late.nextDelivery();

    expect(late.received[0].result).toBe(late.welcome); // the welcome came first
    const all = late.welcome.streams.find((s: any) => s.stream === 'all');
    expect(all).toEqual({ stream: 'all', epoch: expect.any(String), seq: expect.any(Number) });
    expect(delivery.seq).toBe(all.seq + 1);
    expect(delivery.data.text).toBe('after the hello');
    expect(late.received.filter(isMessage)).toHaveLength(1);
  });

  it('holds a topic until the subscribe result is sent, then sends only seqs above it', async () => {
    const adapter = new AsyncAdapter();
    const h = await startServer({ adapter });
    const [talker, reader] = await Promise.all([h.connect(), h.connect()]);
    await talker.call('rpc.broadcast', { topic: 'news', event: 'fixture.note', data: { text: 'old' } });
    const gate = adapter.arm('position');
    const subscribed = reader.request('rpc.subscribe', { topic: 'news' });
    await gate.waiting; // subscribed in the hub, position not read yet
    await talker.call('rpc.broadcast', { topic: 'news', event: 'fixture.note', data: { text: 'meanwhile' } });
    gate.open();
    const result = (await subscribed).result;
    await talker.call('rpc.broadcast', { topic: 'news', event: 'fixture.note', data: { text: 'after' } });
    const delivery = await reader.nextDelivery();

    expect(result.seq).toBe(2); // the message published meanwhile is covered by the position
    expect(delivery).toMatchObject({ seq: 3, data: { text: 'after' } });
    const frames = reader.received.filter((f) => isMessage(f) || f.result?.topic === 'news');
    expect(frames.map((f) => (isMessage(f) ? reader.view(f).seq : 'result'))).toEqual(['result', 3]);
  });
});

describe('a fully asynchronous adapter', () => {
  it('serves broadcast, private messages, presence and replay', async () => {
    const h = await startServer({ adapter: new AsyncAdapter() });
    const [a, b] = await Promise.all([h.connect({ credentials: 'ann' }), h.connect({ credentials: 'bob' })]);
    await a.call('rpc.subscribe', { topic: 'room', presence: true });
    await b.call('rpc.subscribe', { topic: 'room' });
    expect((await a.next((f) => f.method === 'rpc.presence.join' && f.params.userId === 'bob')).params.topic).toBe('room');
    const first = await b.call('rpc.broadcast', { topic: 'room', event: 'fixture.note', data: { text: '1' } });
    expect((await a.nextDelivery()).seq).toBe(first.seq);
    await a.call('rpc.private', { to: { connectionId: b.connectionId }, event: 'fixture.note', data: { text: 'dm' } });
    expect((await b.nextDelivery()).data.text).toBe('1');
    expect((await b.nextDelivery()).data.text).toBe('dm');
    expect((await a.call('rpc.presence', { topic: 'room' })).members).toHaveLength(2);
    await b.call('rpc.broadcast', { topic: 'room', event: 'fixture.note', data: { text: '2' } });
    const replay = b.request('rpc.subscribe', { topic: 'room2', since: { epoch: 'x', seq: 0 } });
    expect((await replay).result).toMatchObject({ recovered: false, reason: 'epoch_changed' });
    await b.close();
    expect((await a.next((f) => f.method === 'rpc.presence.leave')).params.userId).toBe('bob');
  });
});
