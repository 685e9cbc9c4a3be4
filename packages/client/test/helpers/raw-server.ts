/**
 * A WebSocket server the test controls frame by frame, for behaviour a real Parley server never
 * shows on purpose (exotic close codes, goaway at a chosen moment, garbage frames).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RawServer {
  readonly url: string;
  /** Hello requests received, in order. */
  readonly hellos: unknown[];
  /** Sockets connected so far. */
  readonly sockets: WebSocket[];
  close(): Promise<void>;
}

export interface RawOptions {
  /** The subprotocol to select. Default `parley.v1`. */
  readonly protocol?: string;
  /** Answer hellos with a welcome. Default `true`. */
  readonly welcome?: boolean;
  /** Called for every socket after the welcome (or at once without one). */
  readonly onSocket?: (socket: WebSocket, index: number) => void;
  /** Called with every parsed frame after the hello. */
  readonly onFrame?: (socket: WebSocket, frame: any) => void;
}

/** A welcome for hello `id`. */
export function welcomeFrame(id: unknown, n: number): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    result: {
      protocol: 'parley.v1',
      connectionId: `c${n}`,
      sessionId: `s${n}`,
      identity: { userId: 'raw-user' },
      limits: { maxMessageBytes: 65536, maxBatchLength: 50, maxDepth: 32, maxTopics: 100, maxPendingRequests: 64, rateLimit: null },
      heartbeat: { intervalMs: 60_000, timeoutMs: 60_000 },
      serverTime: Date.now(),
      streams: [
        { stream: 'all', epoch: 'raw-all', seq: 0 },
        { stream: 'user:raw-user', epoch: 'raw-user', seq: 0 },
      ],
    },
  });
}

const servers = new Set<RawServer>();

/** Starts a raw server on 127.0.0.1. */
export async function startRawServer(options: RawOptions = {}): Promise<RawServer> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, handleProtocols: () => options.protocol ?? 'parley.v1' });
  const hellos: unknown[] = [];
  const sockets: WebSocket[] = [];
  wss.on('connection', (socket) => {
    const index = sockets.push(socket) - 1;
    socket.on('error', () => undefined);
    let welcomed = options.welcome === false;
    if (welcomed) options.onSocket?.(socket, index);
    socket.on('message', (data) => {
      const frame = JSON.parse((data as Buffer).toString());
      if (!welcomed && frame.method === 'rpc.hello') {
        hellos.push(frame);
        welcomed = true;
        socket.send(welcomeFrame(frame.id, index));
        options.onSocket?.(socket, index);
        return;
      }
      options.onFrame?.(socket, frame);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const server: RawServer = {
    url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/`,
    hellos,
    sockets,
    close: async () => {
      servers.delete(server);
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  servers.add(server);
  return server;
}

/** Closes every raw server still running. */
export async function closeRawServers(): Promise<void> {
  await Promise.all([...servers].map((server) => server.close()));
}
