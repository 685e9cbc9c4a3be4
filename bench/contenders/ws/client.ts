/**
 * The raw-ws scenario client, used by both raw-ws contenders (the same client library; only
 * their servers differ).
 */
import WebSocket from 'ws';
import type { BenchClient, ClientOptions, EchoParams } from '../../src/contender.js';
import { whenOpen } from './open.js';
import { parseFrame, type ClientFrame, type ServerFrame } from './protocol.js';

/** Connects; resolves when the WebSocket is open. */
export function connectWs(options: ClientOptions): Promise<BenchClient> {
  const { id, events } = options;
  const ws = new WebSocket(`${options.url}?id=${encodeURIComponent(id)}`, { perMessageDeflate: false });
  const echoes = new Map<number, (p: EchoParams) => void>();
  const joins: (() => void)[] = [];
  let nextEcho = 0;
  const send = (frame: ClientFrame): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
    else events.onError(new Error(`client ${id}: send while ${ws.readyState}`));
  };

  // binaryType is 'nodebuffer' (the default): a message is one Buffer.
  ws.on('message', (data) => {
    const frame = parseFrame<ServerFrame>((data as Buffer).toString());
    if (frame === undefined) return events.onError(new Error(`client ${id}: malformed frame`));
    switch (frame.t) {
      case 'b':
        return events.onBroadcast(frame.m);
      case 'p':
        return events.onPrivate(frame.m);
      case 'e': {
        const resolve = echoes.get(frame.i);
        echoes.delete(frame.i);
        return resolve?.(frame.p);
      }
      case 'j':
        return joins.shift()?.();
    }
  });

  const client: BenchClient = {
    id,
    join: () =>
      new Promise<void>((resolve) => {
        joins.push(resolve);
        send({ t: 'j' });
      }),
    broadcast: (m) => send({ t: 'b', m }),
    sendPrivate: (to, m) => send({ t: 'p', to, m }),
    echo: (p) =>
      new Promise<EchoParams>((resolve) => {
        const i = nextEcho++;
        echoes.set(i, resolve);
        send({ t: 'e', i, p });
      }),
    close: () => ws.close(),
  };

  return whenOpen(ws, events).then(() => client);
}
