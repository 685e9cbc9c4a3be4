/**
 * The slow-consumer policy over real sockets: a client that stops reading (its socket paused)
 * while broadcasts keep coming. 'close' closes it with 4509 once its buffer passes
 * maxBufferedBytes; 'drop' skips messages for it (a seq gap it can see) and keeps it open. The
 * other clients are not affected, and the server's buffer for the slow one stays bounded.
 */
import { isDelivery } from '@parley/conformance';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestClient } from './helpers/client.js';
import { closeAll, startServer, type Harness } from './helpers/server.js';

afterEach(closeAll);

const LIMIT = 64 * 1024;
const TEXT = 'x'.repeat(4096);
const MAX_FLOOD_BYTES = 96 * 1024 * 1024; // far above what loopback buffers can hold

const BATCH = 8; // 8 x 4 KiB per turn stays under LIMIT for a client that keeps reading

/**
 * Broadcasts to everyone in batches until `done()` says so (or a hard cap), waiting after each
 * batch until the fast client has read it; returns the seqs the fast client received.
 */
async function flood(h: Harness, fast: TestClient, done: () => boolean): Promise<number[]> {
  const seqs: number[] = [];
  while (!done()) {
    if (seqs.length * TEXT.length > MAX_FLOOD_BYTES) throw new Error('the slow consumer limit never triggered');
    for (let i = 0; i < BATCH; i++) await h.parley.broadcast(null, 'fixture.note', { text: TEXT });
    for (let i = 0; i < BATCH; i++) seqs.push((await fast.nextDelivery()).seq);
  }
  return seqs;
}

describe('slow consumer', () => {
  it("policy 'close': closes the connection with 4509 and leaves other clients alone", async () => {
    const h = await startServer({ maxBufferedBytes: LIMIT, slowConsumerPolicy: 'close' });
    const [fast, slow] = await Promise.all([h.connect(), h.connect()]);
    const slowId = slow.connectionId;
    const disconnected = new Promise<number>((resolve) => {
      h.parley.on('disconnect', (info, close) => {
        if (info.connectionId === slowId) resolve(close.code);
      });
    });
    (slow.ws as any)._socket.pause();

    const fastSeqs = await flood(h, fast, () => h.parley.connections.get(slowId) === undefined);
    (slow.ws as any)._socket.resume(); // it reads the backlog, then the close frame
    expect((await slow.closed).code).toBe(4509);
    expect(await disconnected).toBe(4509);
    // The fast client got every message, in order, and is still served.
    expect(fastSeqs).toEqual(Array.from({ length: fastSeqs.length }, (_, i) => i + 1));
    expect(await fast.call('rpc.ping')).toEqual({ ts: expect.any(Number) });
  });

  it("policy 'drop': skips messages for the slow client, which sees a seq gap and stays open", async () => {
    const h = await startServer({ maxBufferedBytes: LIMIT, slowConsumerPolicy: 'drop' });
    const [fast, slow] = await Promise.all([h.connect(), h.connect()]);
    const slowId = slow.connectionId;
    (slow.ws as any)._socket.pause();

    let maxBuffered = 0;
    const fastSeqs = await flood(h, fast, () => {
      const info = h.parley.connections.get(slowId);
      maxBuffered = Math.max(maxBuffered, info?.bufferedBytes ?? 0);
      return (info?.dropped ?? 0) >= 20;
    });
    expect(maxBuffered).toBeLessThanOrEqual(LIMIT);
    (slow.ws as any)._socket.resume();
    const last = await h.parley.broadcast(null, 'fixture.note', { text: 'after the flood' });

    const seqs: number[] = [];
    for (;;) {
      const d = await slow.nextDelivery();
      seqs.push(d.seq);
      if (d.seq === last.seq) break;
    }
    const sent = fastSeqs.length;
    expect(seqs.length).toBeLessThan(sent + 1);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b)); // in order
    expect(seqs.some((seq, i) => i > 0 && seq !== (seqs[i - 1] as number) + 1)).toBe(true); // a visible gap
    expect(h.parley.connections.get(slowId)?.dropped).toBe(sent + 1 - seqs.length);
    expect(await slow.call('rpc.ping')).toEqual({ ts: expect.any(Number) });

    fastSeqs.push((await fast.nextDelivery()).seq);
    expect(fastSeqs).toEqual(Array.from({ length: sent + 1 }, (_, i) => i + 1));
  });

  it("policy 'drop' never skips the first message of an epoch: it announces the epoch that compact ones rely on", async () => {
    const h = await startServer({ maxBufferedBytes: LIMIT, slowConsumerPolicy: 'drop' });
    const slow = await h.connect();
    await slow.call('rpc.subscribe', { topic: 'fresh' });
    (slow.ws as any)._socket.pause();
    const dropped = (): number => h.parley.connections.get(slow.connectionId)?.dropped ?? 0;
    // Within one turn (nothing is flushed meanwhile): fill the buffer until a broadcast is skipped.
    while (dropped() === 0) await h.parley.broadcast(null, 'fixture.note', { text: TEXT });
    // Both as big as the ones skipped: neither fits under the limit any more.
    await h.parley.broadcast('fresh', 'fixture.note', { text: `first ${TEXT}` });
    await h.parley.broadcast('fresh', 'fixture.note', { text: `second ${TEXT}` });
    expect(dropped()).toBe(2); // the second, not the first
    (slow.ws as any)._socket.resume();
    const first = await slow.next((f) => isDelivery('topic:fresh')(f));
    expect(slow.view(first)).toMatchObject({ seq: 1, form: 'full', data: { text: `first ${TEXT}` } });
    expect(await slow.quiet(isDelivery('topic:fresh'))).toEqual([]);
  });
});
