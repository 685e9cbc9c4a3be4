/**
 * Performance by design, observed on real sockets (no timing): a broadcast is framed once and
 * the very same Buffers are written to every recipient, and everything a socket gets in one
 * event-loop turn goes out in one corked write.
 */
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeAll, startServer } from './helpers/server.js';

afterEach(async () => {
  vi.restoreAllMocks();
  await closeAll();
});

describe('fan-out', () => {
  it('frames each message once, writes the same buffer (header and payload together) to every socket, one cork per socket per turn', async () => {
    const h = await startServer();
    const sockets: Socket[] = [];
    h.http.prependListener('upgrade', (_req, socket: Socket) => sockets.push(socket));
    const clients = await Promise.all([h.connect(), h.connect(), h.connect()]);
    expect(sockets).toHaveLength(3);

    const writes = sockets.map((socket) => {
      const written: Buffer[] = [];
      const write = socket.write.bind(socket);
      vi.spyOn(socket, 'write').mockImplementation(((chunk: Buffer, ...rest: never[]) => {
        written.push(chunk);
        return write(chunk, ...rest);
      }) as Socket['write']);
      return { written, cork: vi.spyOn(socket, 'cork') };
    });

    const COUNT = 50;
    for (let i = 0; i < COUNT; i++) void h.parley.broadcast(null, 'fixture.note', { text: `m${i}` });
    for (const client of clients) for (let i = 0; i < COUNT; i++) await client.nextDelivery();

    for (const { written, cork } of writes) {
      expect(cork).toHaveBeenCalledTimes(1); // all 50 messages in one corked write
      expect(written).toHaveLength(COUNT); // one buffer per message: header and payload together
    }
    const [first, ...others] = writes;
    for (const other of others) {
      for (let i = 0; i < COUNT; i++) expect(other.written[i]).toBe(first?.written[i]); // the same Buffer objects
    }
  });
});
