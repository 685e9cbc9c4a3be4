import { ErrorCode } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients } from '../helpers/clients.js';
import { contract, startServer, stopAll } from '../helpers/server.js';
import { pause, waitForState, waitUntil } from '../helpers/wait.js';

afterEach(async () => {
  await closeClients();
  await stopAll();
});

describe('offline queue', () => {
  it('holds calls and sends made before the first connection and flushes them in order', async () => {
    const server = await startServer();
    const observer = client({ url: server.url, contract });
    const seen: string[] = [];
    observer.on('fixture.note', (note) => seen.push(note.text));
    await observer.subscribe('room:q');
    const c = client({ url: server.url, contract, autoConnect: false });
    const sends = ['a', 'b', 'c', 'd', 'e'].map((text) => c.broadcast('room:q', 'fixture.note', { text }));
    const echo = c.call('fixture.echo', { value: 'last' });
    expect(c.state).toBe('idle');
    await c.connect();
    const results = await Promise.all(sends);
    expect(results.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await echo).toBe('last');
    await waitUntil(() => seen.length === 5, 5000, 'five notes');
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('holds work across a server restart and flushes it, in order, after the new welcome', async () => {
    const first = await startServer();
    const c = client({ url: first.url, contract, reconnect: { baseMs: 20, maxMs: 100 } });
    await c.connect();
    await first.stop();
    await waitForState(c, 'reconnecting');
    const sends = [1, 2, 3].map((n) => c.broadcast('room:restart', 'fixture.note', { text: String(n) }));
    const calls = [1, 2, 3].map((n) => c.call('fixture.echo', { value: n }));
    await startServer({}, first.port);
    expect(await Promise.all(calls)).toEqual([1, 2, 3]);
    expect((await Promise.all(sends)).map((r) => r.seq)).toEqual([1, 2, 3]);
  });

  it('is bounded by count: the call that does not fit rejects with QueueOverflow at once', async () => {
    const c = client({ url: 'ws://127.0.0.1:9/parley', contract, autoConnect: false, queue: { maxCount: 2 } });
    const kept = [c.call('fixture.echo', { value: 1 }), c.call('fixture.echo', { value: 2 })].map((call) =>
      expect(call).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed }),
    );
    await expect(c.call('fixture.echo', { value: 3 })).rejects.toMatchObject({ code: ErrorCode.QueueOverflow, data: { maxCount: 2, count: 2 } });
    await expect(c.notify('fixture.echo', { value: 4 })).rejects.toMatchObject({ code: ErrorCode.QueueOverflow });
    await c.close();
    await Promise.all(kept);
  });

  it('is bounded by bytes', async () => {
    const c = client({ url: 'ws://127.0.0.1:9/parley', contract, autoConnect: false, queue: { maxBytes: 200 } });
    const fits = expect(c.call('fixture.echo', { value: 'x'.repeat(100) })).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    await expect(c.call('fixture.echo', { value: 'y'.repeat(100) })).rejects.toMatchObject({ code: ErrorCode.QueueOverflow, data: { maxBytes: 200 } });
    await c.close();
    await fits;
  });

  it('is bounded by age: work older than maxAgeMs rejects with QueueExpired while still offline', async () => {
    const first = await startServer();
    const c = client({ url: first.url, contract, queue: { maxAgeMs: 100 }, reconnect: { baseMs: 20 } });
    await c.connect();
    await first.stop();
    await waitForState(c, 'reconnecting');
    await expect(c.call('fixture.echo', { value: 1 })).rejects.toMatchObject({ code: ErrorCode.QueueExpired, data: { maxAgeMs: 100 } });
    await expect(c.notify('fixture.echo', { value: 1 })).rejects.toMatchObject({ code: ErrorCode.QueueExpired });
    expect(c.state).toBe('reconnecting');
  });

  it('queue: false fails at once with ConnectionClosed while not connected', async () => {
    const first = await startServer();
    const c = client({ url: first.url, contract, reconnect: { baseMs: 20 } });
    await c.connect();
    await first.stop();
    await waitForState(c, 'reconnecting');
    await expect(c.call('fixture.echo', { value: 1 }, { queue: false })).rejects.toMatchObject({
      code: ErrorCode.ConnectionClosed,
      data: { state: 'reconnecting', closeCode: 1012 },
    });
    await expect(c.notify('fixture.echo', { value: 1 }, { queue: false })).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    const off = client({ url: first.url, contract, queue: false, autoConnect: false });
    await expect(off.call('fixture.echo', { value: 1 })).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed, data: { state: 'idle' } });
  });

  it('an aborted queued call is never sent', async () => {
    const server = await startServer();
    const observer = client({ url: server.url, contract });
    const seen: string[] = [];
    observer.on('fixture.note', (note) => seen.push(note.text));
    await observer.subscribe('room:abort');
    const c = client({ url: server.url, contract, autoConnect: false });
    const controller = new AbortController();
    const aborted = c.broadcast('room:abort', 'fixture.note', { text: 'aborted' }, { signal: controller.signal });
    const kept = c.broadcast('room:abort', 'fixture.note', { text: 'kept' });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: ErrorCode.Aborted });
    await c.connect();
    await kept;
    await waitUntil(() => seen.length === 1, 5000, 'note');
    await pause(100);
    expect(seen).toEqual(['kept']);
  });

  it('close() rejects queued and in-flight work with ConnectionClosed', async () => {
    const server = await startServer();
    const c = client({ url: server.url, contract });
    await c.connect();
    const inFlight = expect(c.call('fixture.sleep', { ms: 2000 })).rejects.toMatchObject({
      code: ErrorCode.ConnectionClosed,
      data: { closeCode: 1000, reason: 'client closed' },
    });
    await pause(20);
    await c.close();
    await inFlight;
    expect(c.state).toBe('closed');
    await c.close(); // idempotent
    expect(c.changes.map((change) => change.state)).toEqual(['connecting', 'open', 'closed']);
  });
});
