/**
 * Contender 3: Socket.IO 4.8 with the websocket transport only, server and socket.io-client.
 * Written the idiomatic way: a room for the broadcast (`io.to(room).emit`, which encodes once),
 * acknowledgements for join and echo, a map from client id to socket for private messages.
 */
import { createServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { io as connectIo } from 'socket.io-client';
import { ROOM, type BenchClient, type BenchMessage, type ContenderModule, type EchoParams } from '../src/contender.js';
import { listenOn } from './listen.js';

const contender: ContenderModule = {
  async startServer(options) {
    const http = createServer();
    const io = new Server(http, { transports: ['websocket'], serveClient: false });
    const users = new Map<string, Socket>();
    io.on('connection', (socket) => {
      const auth = socket.handshake.auth as { id?: unknown };
      const id = typeof auth.id === 'string' ? auth.id : socket.id;
      users.set(id, socket);
      socket.on('disconnect', () => {
        if (users.get(id) === socket) users.delete(id);
      });
      socket.on('j', (ack: unknown) => {
        void socket.join(ROOM);
        if (typeof ack === 'function') (ack as () => void)();
      });
      socket.on('b', (m: BenchMessage) => {
        io.to(ROOM).emit('b', m);
      });
      socket.on('e', (p: EchoParams, ack: unknown) => {
        if (typeof ack === 'function') (ack as (reply: EchoParams) => void)(p);
      });
      socket.on('p', (to: unknown, m: BenchMessage) => {
        if (typeof to === 'string') users.get(to)?.emit('p', m);
      });
    });
    const port = await listenOn(http, options);
    return {
      port,
      url: `ws://${options.host}:${port}`,
      connectionCount: () => io.engine.clientsCount,
      close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
    };
  },

  connect({ url, id, events }) {
    const socket = connectIo(url.replace(/^ws/, 'http'), {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { id },
    });
    socket.on('b', (m: BenchMessage) => events.onBroadcast(m));
    socket.on('p', (m: BenchMessage) => events.onPrivate(m));
    const client: BenchClient = {
      id,
      join: () => socket.emitWithAck('j') as Promise<void>,
      broadcast: (m) => void socket.emit('b', m),
      sendPrivate: (to, m) => void socket.emit('p', to, m),
      echo: (p) => socket.emitWithAck('e', p) as Promise<EchoParams>,
      close: () => void socket.disconnect(),
    };
    return new Promise<BenchClient>((resolve, reject) => {
      socket.once('connect', () => {
        socket.off('connect_error', reject);
        socket.on('disconnect', (reason) => {
          if (reason !== 'io client disconnect') events.onError(new Error(`client ${id}: disconnected (${reason})`));
        });
        resolve(client);
      });
      socket.once('connect_error', reject);
    });
  },
};

export default contender;
