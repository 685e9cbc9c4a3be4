/**
 * The raw-ws scenario server, shared by both raw-ws contenders: they pass an {@link Outbox}
 * that decides how frames are serialised and written.
 */
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { BenchMessage, BenchServer, ServerOptions } from '../../src/contender.js';
import { parseFrame, type ClientFrame, type ServerFrame } from './protocol.js';
import { listenOn } from '../listen.js';

/** How a raw-ws contender writes. */
export interface Outbox {
  /** Sends `{t:'b', m}` to every member of the room. */
  broadcast(members: ReadonlySet<WebSocket>, message: BenchMessage): void;
  /** Sends one frame to one socket. */
  send(ws: WebSocket, frame: ServerFrame): void;
}

/** Starts the raw-ws scenario server. */
export async function startWsServer(options: ServerOptions, outbox: Outbox): Promise<BenchServer> {
  const http = createServer((_req, res) => res.writeHead(426).end());
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const room = new Set<WebSocket>();
  const users = new Map<string, WebSocket>();

  wss.on('connection', (ws, req) => {
    const id = new URL(req.url ?? '/', 'http://x').searchParams.get('id') ?? '';
    users.set(id, ws);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      room.delete(ws);
      if (users.get(id) === ws) users.delete(id);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame = parseFrame<ClientFrame>((data as Buffer).toString());
      if (frame === undefined) return;
      switch (frame.t) {
        case 'j':
          room.add(ws);
          outbox.send(ws, { t: 'j' });
          break;
        case 'b':
          outbox.broadcast(room, frame.m);
          break;
        case 'e':
          outbox.send(ws, { t: 'e', i: frame.i, p: frame.p });
          break;
        case 'p': {
          const peer = users.get(frame.to);
          if (peer !== undefined) outbox.send(peer, { t: 'p', m: frame.m });
          break;
        }
      }
    });
  });
  wss.on('error', () => undefined);

  const port = await listenOn(http, options);
  return {
    port,
    url: `ws://${options.host}:${port}/`,
    connectionCount: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        http.close(() => resolve());
      }),
  };
}
