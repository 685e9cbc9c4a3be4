import { CloseCode, ErrorCode } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients } from '../helpers/clients.js';
import { startProxy } from '../helpers/proxy.js';
import { closeRawServers, startRawServer } from '../helpers/raw-server.js';
import { contract, startServer, stopAll } from '../helpers/server.js';
import { waitForState, waitUntil } from '../helpers/wait.js';

afterEach(async () => {
  await closeClients();
  await stopAll();
  await closeRawServers();
});

/** A port nothing listens on (a server was there a moment ago). */
async function deadPort(): Promise<number> {
  const server = await startServer();
  await server.stop();
  return server.port;
}

/** A random() that returns the given values in turn. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('server restart', () => {
  it('reconnects to a restarted server, re-subscribes, re-sends in-flight idempotent calls, fails the others with OutcomeUnknown', async () => {
    const first = await startServer();
    const c = client({ url: first.url, contract, reconnect: { baseMs: 50, maxMs: 200 } });
    const notes: string[] = [];
    c.on('fixture.note', (note) => notes.push(note.text));
    await c.subscribe('room:r');
    // Idempotent (the contract's default): written again after the reconnect, same id; the new
    // server (a new session: nothing to recognise it by) runs it.
    const resent = c.call('fixture.sleep', { ms: 300 });
    const unknown = expect(c.call('fixture.sleep', { ms: 5000 }, { idempotent: false })).rejects.toMatchObject({
      code: ErrorCode.OutcomeUnknown,
      data: { method: 'fixture.sleep', cause: { code: ErrorCode.ConnectionClosed } },
    });
    await first.stop();
    await unknown;
    expect(c.state).toBe('reconnecting');
    const second = await startServer({}, first.port);
    await waitForState(c, 'open');
    // Re-subscribed by itself: a broadcast on the new server reaches it.
    await waitUntil(() => second.parley.connections.list().some((info) => info.topics.includes('room:r')), 5000, 'resubscribe');
    await second.parley.broadcast('room:r', 'fixture.note', { text: 'after restart' });
    await waitUntil(() => notes.length === 1, 5000, 'note');
    expect(notes).toEqual(['after restart']);
    expect(await resent).toEqual({ slept: 300 });
    const states = c.changes.map((change) => change.state);
    expect(states[0]).toBe('connecting');
    expect(states[1]).toBe('open');
    expect(states[2]).toBe('reconnecting');
    expect(states.at(-1)).toBe('open');
    expect(c.changes[2]).toMatchObject({ previous: 'open', closeCode: CloseCode.ServiceRestart });
  });

  it('waits random(0, min(max, base·2^attempt)) before each attempt (full jitter, injected random)', async () => {
    const port = await deadPort();
    const c = client({
      url: `ws://127.0.0.1:${port}/parley`,
      contract,
      reconnect: { baseMs: 40, maxMs: 200 },
      random: sequence(0.5, 0.25, 0.75, 0.999),
    });
    await waitUntil(() => c.changes.filter((change) => change.state === 'reconnecting').length >= 6, 10_000, 'six attempts');
    const attempts = c.changes.filter((change) => change.state === 'reconnecting').slice(0, 6);
    expect(attempts.map((change) => change.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    // Bounds 40, 80, 160, 200 (capped), 200, 200.
    expect(attempts.map((change) => change.delayMs)).toEqual([20, 20, 120, 199, 100, 50]);
    expect(attempts.every((change) => change.closeCode === CloseCode.Abnormal)).toBe(true);
    expect(c.changes[1]).toMatchObject({ state: 'reconnecting', previous: 'connecting' });
  });

  it('gives up after maxAttempts: state closed, connect() rejects', async () => {
    const port = await deadPort();
    const c = client({ url: `ws://127.0.0.1:${port}/parley`, contract, reconnect: { baseMs: 5, maxAttempts: 2 } });
    await expect(c.connect()).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed, message: 'Gave up reconnecting' });
    expect(c.state).toBe('closed');
    expect(c.changes.map((change) => change.state)).toEqual(['connecting', 'reconnecting', 'reconnecting', 'closed']);
    await expect(c.call('fixture.echo', { value: 1 })).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
  });

  it('reconnect: false stops at the first loss', async () => {
    const server = await startServer();
    const c = client({ url: server.url, contract, reconnect: false });
    await c.connect();
    await server.stop();
    await waitForState(c, 'closed');
    expect(c.changes.at(-1)).toMatchObject({ state: 'closed', closeCode: CloseCode.ServiceRestart });
  });
});

describe('close codes decide: retryable reconnects, terminal stops', () => {
  it('a kick with 4403 is terminal: closed, pending and queued work fails with the cause', async () => {
    const server = await startServer();
    const c = client({ url: server.url, contract, auth: () => 'mallory' });
    await c.connect();
    const pending = expect(c.call('fixture.sleep', { ms: 3000 })).rejects.toMatchObject({
      code: ErrorCode.ConnectionClosed,
      data: { closeCode: 4403, reason: 'banned' },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await server.parley.disconnectUser('mallory', { code: CloseCode.Forbidden, reason: 'banned' });
    await pending;
    await waitForState(c, 'closed');
    expect(c.changes.map((change) => change.state)).toEqual(['connecting', 'open', 'closed']);
    await expect(c.call('fixture.echo', { value: 1 })).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed, data: { state: 'closed', closeCode: 4403 } });
    // connect() starts again after a terminal close.
    await c.connect();
    expect(c.state).toBe('open');
  });

  it('a retryable code (1013 try again later) reconnects', async () => {
    const server = await startServer();
    const c = client({ url: server.url, contract, auth: () => 'busy', reconnect: { baseMs: 20 } });
    await c.connect();
    await server.parley.disconnectUser('busy', { code: CloseCode.TryAgainLater });
    await waitUntil(() => c.changes.some((change) => change.state === 'reconnecting'), 5000, 'reconnecting');
    await waitForState(c, 'open');
    expect(c.changes.find((change) => change.state === 'reconnecting')).toMatchObject({ closeCode: 1013 });
  });

  it.each([
    [4000, 'closed'], // unknown application code: terminal
    [1000, 'closed'], // normal closure: terminal
    [3000, 'reconnecting'], // unknown non-4xxx code: retryable
    [4509, 'reconnecting'], // slow consumer: retryable
  ] as const)('close %i from the server → %s', async (code, next) => {
    const raw = await startRawServer({ onSocket: (socket, index) => index === 0 && socket.close(code, 'bye') });
    const c = client({ url: raw.url, contract, reconnect: { baseMs: 10 } });
    await c.connect();
    await waitUntil(() => c.changes.some((change) => change.state === next), 5000, next);
    expect(c.changes.find((change) => change.state === next)).toMatchObject({ closeCode: code, reason: 'bye' });
    if (next === 'reconnecting') {
      await waitForState(c, 'open');
      expect(raw.hellos).toHaveLength(2);
    } else {
      expect(raw.hellos).toHaveLength(1);
    }
  });

  it('a version mismatch (4406 after the negotiation token) is terminal and says why', async () => {
    const server = await startServer();
    const c = client({ url: server.url, contract, protocols: ['parley.v9', 'parley'] });
    const failure = c.connect();
    await expect(failure).rejects.toMatchObject({
      code: ErrorCode.ConnectionClosed,
      data: { closeCode: 4406, cause: { code: ErrorCode.UnsupportedVersion } },
    });
    expect(c.changes.at(-1)).toMatchObject({ state: 'closed', closeCode: 4406, error: { code: ErrorCode.UnsupportedVersion } });
  });
});

describe('goaway and online', () => {
  it('goaway: reconnects at a random moment within the window, without backoff', async () => {
    const raw = await startRawServer({
      onSocket: (socket, index) => {
        if (index === 0) socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'rpc.goaway', params: { reason: 'deploy', reconnectWindowMs: 200 } }));
      },
    });
    const c = client({ url: raw.url, contract, random: () => 0.5, reconnect: { baseMs: 60_000 } });
    await c.connect();
    await waitUntil(() => raw.hellos.length === 2, 5000, 'second hello');
    await waitForState(c, 'open');
    expect(c.changes.find((change) => change.state === 'reconnecting')).toMatchObject({ closeCode: CloseCode.ServiceRestart, reason: 'goaway', delayMs: 0 });
  });

  it('goaway followed by the server closing first: the reconnect still waits for the picked moment', async () => {
    const raw = await startRawServer({
      onSocket: (socket, index) => {
        if (index !== 0) return;
        socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'rpc.goaway', params: { reason: 'deploy', reconnectWindowMs: 1000 } }));
        setTimeout(() => socket.close(CloseCode.ServiceRestart, 'restart'), 10);
      },
    });
    // Backoff alone would retry at once (base 1 ms → delay 0).
    const c = client({ url: raw.url, contract, random: () => 0.9, reconnect: { baseMs: 1 } });
    await c.connect();
    await waitUntil(() => c.changes.some((change) => change.state === 'reconnecting'), 5000, 'reconnecting');
    const change = c.changes.find((x) => x.state === 'reconnecting')!;
    expect(change).toMatchObject({ closeCode: CloseCode.ServiceRestart });
    expect(change.delayMs).toBeGreaterThan(0);
    expect(change.delayMs).toBeLessThanOrEqual(900);
    await waitForState(c, 'open');
  });

  it("the browser's online event starts a scheduled retry at once", async () => {
    // Node has no window: a stand-in EventTarget plays the browser's global for this one fault.
    const target = new EventTarget();
    const host = globalThis as { addEventListener?: unknown; removeEventListener?: unknown };
    host.addEventListener = target.addEventListener.bind(target);
    host.removeEventListener = target.removeEventListener.bind(target);
    try {
      // A network failure (no goaway, no close frame), so the client falls back on its backoff.
      const server = await startServer();
      const proxy = await startProxy(server.port);
      const url = server.url.replace(`:${server.port}/`, `:${proxy.port}/`);
      const c = client({ url, contract, reconnect: { baseMs: 600_000, maxMs: 600_000 }, random: () => 0.99 });
      try {
        await c.connect();
        proxy.cut();
        await waitForState(c, 'reconnecting');
        expect(c.changes.at(-1)!.delayMs).toBeGreaterThan(500_000);
        target.dispatchEvent(new Event('online'));
        await waitForState(c, 'open');
      } finally {
        await proxy.close();
      }
    } finally {
      delete host.addEventListener;
      delete host.removeEventListener;
    }
  });
});
