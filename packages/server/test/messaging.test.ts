/**
 * Fan-out over real sockets: topic broadcasts reach exactly the topic's subscribers, broadcasts
 * to everyone reach every session, private messages reach every connection of a user or exactly
 * one connection, and every delivery carries the protocol's fields, in the compact form unless the
 * full one is due (the first of an epoch, a sending connection, a timestamp).
 */
import { isDelivery } from '@parley/conformance';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, startServer } from './helpers/server.js';

afterEach(closeAll);

const note = (text: string) => ({ event: 'fixture.note', data: { text } });

describe('topic broadcast', () => {
  it('reaches every subscriber of the topic, the sender included, and no one else', async () => {
    const h = await startServer();
    const [alice, bob, carol] = await Promise.all([h.connect(), h.connect(), h.connect()]);
    await alice.call('rpc.subscribe', { topic: 'room:1' });
    await bob.call('rpc.subscribe', { topic: 'room:1' });
    await carol.call('rpc.subscribe', { topic: 'room:2' });

    const published = await alice.call('rpc.broadcast', { topic: 'room:1', ...note('hi room 1') });
    expect(published).toEqual({ stream: 'topic:room:1', epoch: expect.any(String), seq: 1 });

    for (const client of [alice, bob]) {
      const delivery = await client.nextDelivery('fixture.note');
      // The first message of the epoch: the full form, carrying the epoch; the sender by user id only.
      expect(delivery).toEqual({
        event: 'fixture.note',
        form: 'full',
        stream: 'topic:room:1',
        epoch: published.epoch,
        seq: 1,
        from: alice.userId,
        fromConnection: undefined,
        ts: undefined,
        data: { text: 'hi room 1' },
      });
    }
    expect(await carol.quiet(isDelivery())).toEqual([]);
  });

  it('numbers messages of a stream 1, 2, 3 in order and stops delivering after unsubscribe', async () => {
    const h = await startServer();
    const [sender, reader] = await Promise.all([h.connect(), h.connect()]);
    const subscribed = await reader.call('rpc.subscribe', { topic: 'news' });
    expect(subscribed).toEqual({ topic: 'news', stream: 'topic:news', epoch: expect.any(String), seq: 0 });
    for (const text of ['a', 'b', 'c']) await sender.call('rpc.broadcast', { topic: 'news', ...note(text) });
    const got = [await reader.nextDelivery(), await reader.nextDelivery(), await reader.nextDelivery()];
    expect(got.map((d) => [d.seq, d.data.text, d.epoch, d.form])).toEqual([
      [1, 'a', subscribed.epoch, 'full'],
      [2, 'b', subscribed.epoch, 'compact'],
      [3, 'c', subscribed.epoch, 'compact'],
    ]);
    // The compact frame itself: [stream, seq, from, data], nothing else.
    expect(reader.received.filter(isDelivery()).at(-1)).toEqual({
      jsonrpc: '2.0',
      method: 'fixture.note',
      params: ['topic:news', 3, sender.userId, { text: 'c' }],
    });
    expect(await reader.call('rpc.unsubscribe', { topic: 'news' })).toEqual({ topic: 'news', wasSubscribed: true });
    await sender.call('rpc.broadcast', { topic: 'news', ...note('d') });
    expect(await reader.quiet(isDelivery())).toEqual([]);
  });

  it('replays missed messages before the subscribe result when asked with since', async () => {
    const h = await startServer();
    const [sender, reader] = await Promise.all([h.connect(), h.connect()]);
    const first = await sender.call('rpc.broadcast', { topic: 'log', ...note('one') });
    await sender.call('rpc.broadcast', { topic: 'log', ...note('two') });
    await sender.call('rpc.broadcast', { topic: 'log', ...note('three') });
    const reply = reader.request('rpc.subscribe', { topic: 'log', since: { epoch: first.epoch, seq: 1 } });
    const replayed = [await reader.nextDelivery(), await reader.nextDelivery()];
    expect(replayed.map((d) => d.data.text)).toEqual(['two', 'three']);
    const result = (await reply).result;
    expect(result).toEqual({ topic: 'log', stream: 'topic:log', epoch: first.epoch, seq: 3, recovered: true, replayed: 2 });
    const frames = reader.received.filter((f) => isDelivery()(f) || f.result);
    expect(frames.at(-1).result).toEqual(result);
  });
});

describe('broadcast to everyone', () => {
  it('reaches every open session on stream all, whatever it subscribed to', async () => {
    const h = await startServer();
    const clients = await Promise.all([h.connect(), h.connect(), h.connect()]);
    await clients[1]?.call('rpc.subscribe', { topic: 'elsewhere' });
    const sent = await clients[0]?.call('rpc.broadcast', note('to all'));
    expect(sent.stream).toBe('all');
    for (const client of clients) {
      const d = await client.nextDelivery();
      expect(d).toMatchObject({ stream: 'all', epoch: sent.epoch, seq: sent.seq, data: { text: 'to all' } });
    }
  });

  it('does not reach a connection that has not said hello', async () => {
    const h = await startServer();
    const [speaker, silent] = await Promise.all([h.connect(), h.connect({ hello: false })]);
    await speaker.call('rpc.broadcast', note('hello?'));
    await speaker.nextDelivery();
    expect(await silent.quiet()).toEqual([]);
  });
});

describe('private messages', () => {
  it('to a user reach all of its connections and nobody else', async () => {
    const h = await startServer();
    const [bob1, bob2, carol1, carol2] = await Promise.all([
      h.connect({ credentials: 'bob' }),
      h.connect({ credentials: 'bob' }),
      h.connect({ credentials: 'carol' }),
      h.connect({ credentials: 'carol' }),
    ]);
    const sent = await carol1.call('rpc.private', { to: { userId: 'bob' }, ...note('psst') });
    expect(sent.stream).toBe('user:bob');
    for (const bob of [bob1, bob2]) {
      expect(await bob.nextDelivery()).toMatchObject({
        stream: 'user:bob',
        epoch: sent.epoch,
        seq: sent.seq,
        from: 'carol',
        fromConnection: undefined,
        data: { text: 'psst' },
      });
    }
    expect(await carol1.quiet(isDelivery())).toEqual([]);
    expect(carol2.inbox.filter(isDelivery())).toEqual([]);
  });

  it('to a connection reach exactly that connection; an unknown connection is -32004', async () => {
    const h = await startServer();
    const [bob1, bob2, carol] = await Promise.all([
      h.connect({ credentials: 'bob' }),
      h.connect({ credentials: 'bob' }),
      h.connect({ credentials: 'carol' }),
    ]);
    const sent = await carol.call('rpc.private', { to: { connectionId: bob2.connectionId }, ...note('just you') });
    expect(sent.stream).toBe(`conn:${bob2.connectionId}`);
    // A message to one connection names the sending connection too, so the recipient can answer it.
    expect(await bob2.nextDelivery()).toMatchObject({
      stream: `conn:${bob2.connectionId}`,
      from: 'carol',
      fromConnection: carol.connectionId,
      data: { text: 'just you' },
    });
    expect(await bob1.quiet(isDelivery())).toEqual([]);
    const missing = await carol.request('rpc.private', { to: { connectionId: 'c-nobody' }, ...note('?') });
    expect(missing.error).toEqual({ code: -32004, message: 'Not found' });
  });
});

describe('server-side API', () => {
  it('publishes from an HTTP route of the same server: broadcast, to a user, to a connection, presence', async () => {
    const h = await startServer();
    const [alice, bob] = await Promise.all([h.connect({ credentials: 'alice' }), h.connect({ credentials: 'bob' })]);
    await alice.call('rpc.subscribe', { topic: 'ops', presence: true });
    h.http.removeAllListeners('request');
    h.http.on('request', (req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const text = url.searchParams.get('text') ?? '';
        let body: unknown;
        if (url.pathname === '/topic') body = await h.parley.broadcast('ops', 'fixture.note', { text });
        else if (url.pathname === '/all') body = await h.parley.broadcast(null, 'fixture.note', { text });
        else if (url.pathname === '/user') body = await h.parley.sendToUser('bob', 'fixture.note', { text });
        else if (url.pathname === '/conn') body = await h.parley.sendToConnection(alice.connectionId, 'fixture.note', { text });
        else body = await h.parley.presence('ops');
        res.setHeader('content-type', 'application/json').end(JSON.stringify(body));
      })();
    });
    const get = async (path: string) => (await fetch(`http://127.0.0.1:${h.port}${path}`)).json();

    expect(await get('/topic?text=t')).toMatchObject({ stream: 'topic:ops', seq: 1 });
    expect(await alice.nextDelivery()).toMatchObject({ from: null, stream: 'topic:ops', data: { text: 't' } });
    expect(await get('/all?text=a')).toMatchObject({ stream: 'all' });
    expect(await alice.nextDelivery()).toMatchObject({ from: null, stream: 'all', data: { text: 'a' } });
    expect(await bob.nextDelivery()).toMatchObject({ from: null, stream: 'all', data: { text: 'a' } });
    expect(await get('/user?text=u')).toMatchObject({ stream: 'user:bob' });
    expect(await bob.nextDelivery()).toMatchObject({ stream: 'user:bob', from: null, data: { text: 'u' } });
    expect(await get('/conn?text=c')).toMatchObject({ stream: `conn:${alice.connectionId}` });
    expect(await alice.nextDelivery()).toMatchObject({ stream: `conn:${alice.connectionId}`, from: null, fromConnection: undefined, data: { text: 'c' } });
    expect(await get('/presence')).toEqual([{ userId: 'alice', connections: 1 }]);
    expect(await bob.quiet(isDelivery())).toEqual([]);
  });

  it('validates events: an unknown event or a bad payload rejects with -32602 and publishes nothing', async () => {
    const h = await startServer();
    const client = await h.connect();
    await expect(h.parley.broadcast(null, 'fixture.note', { text: 5 } as never)).rejects.toMatchObject({ code: -32602 });
    await expect(h.parley.broadcast(null, 'nope' as never, {} as never)).rejects.toMatchObject({
      code: -32602,
      data: { issues: [{ path: 'event', message: expect.any(String) }] },
    });
    await expect(h.parley.sendToConnection('c-none', 'fixture.note', { text: 'x' })).rejects.toMatchObject({ code: -32004 });
    expect(await client.quiet()).toEqual([]);
  });

  it('disconnects a user everywhere with 4403, and lists connections', async () => {
    const h = await startServer();
    const [m1, m2, other] = await Promise.all([
      h.connect({ credentials: 'mallory' }),
      h.connect({ credentials: 'mallory' }),
      h.connect({ credentials: 'olivia' }),
    ]);
    expect(h.parley.connections.count).toBe(3);
    expect(h.parley.connections.ofUser('mallory').map((c) => c.connectionId).sort()).toEqual([m1.connectionId, m2.connectionId].sort());
    expect(h.parley.connections.get(other.connectionId)).toMatchObject({ userId: 'olivia', topics: [], dropped: 0 });
    await h.parley.disconnectUser('mallory', { reason: 'banned' });
    expect(await m1.closed).toEqual({ code: 4403, reason: 'banned' });
    expect(m1.received.at(-1)).toEqual({ jsonrpc: '2.0', method: 'rpc.error', params: { code: -32003, message: 'Forbidden' } });
    expect((await m2.closed).code).toBe(4403);
    expect(await other.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
    expect(h.parley.connections.count).toBe(1);
  });
});

describe('delivery options', () => {
  it('timestamps: every delivery carries ts, so every one is in the full form', async () => {
    const h = await startServer({ delivery: { timestamps: true } });
    const [sender, reader] = await Promise.all([h.connect(), h.connect()]);
    await reader.call('rpc.subscribe', { topic: 'clock' });
    const before = Date.now();
    for (const text of ['a', 'b']) await sender.call('rpc.broadcast', { topic: 'clock', ...note(text) });
    const got = [await reader.nextDelivery(), await reader.nextDelivery()];
    expect(got.map((d) => d.form)).toEqual(['full', 'full']);
    for (const d of got) expect(d.ts).toBeGreaterThanOrEqual(before);
    expect(got[1]?.ts).toBeLessThanOrEqual(Date.now());
  });

  it('senderConnection: every client-sent delivery names the sending connection; server-sent ones do not', async () => {
    const h = await startServer({ delivery: { senderConnection: true } });
    const [sender, reader] = await Promise.all([h.connect({ credentials: 'sam' }), h.connect()]);
    await reader.call('rpc.subscribe', { topic: 'who' });
    await sender.call('rpc.broadcast', { topic: 'who', ...note('mine') });
    await h.parley.broadcast('who', 'fixture.note', { text: 'server' });
    expect(await reader.nextDelivery()).toMatchObject({ from: 'sam', fromConnection: sender.connectionId, form: 'full' });
    expect(await reader.nextDelivery()).toMatchObject({ from: null, fromConnection: undefined, form: 'compact' });
  });
});
