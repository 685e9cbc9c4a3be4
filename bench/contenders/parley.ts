/**
 * Contender 4: Parley, `@parley/server` (parley/server.ts) and `@parley/client`, bundled from
 * the packages' source by the harness. Option `validateEvents` is the client's incoming
 * validation (the `parley-novalidate` contender turns it off to isolate its cost).
 *
 * broadcast = `client.broadcast(topic, event, data)`, private = `client.send({ userId }, event,
 * data)`, echo = `client.call('bench.echo', params)`; the client id is sent as credentials.
 */
import { createParleyClient } from '@parley/client';
import WebSocket from 'ws';
import { ROOM, type BenchClient, type ContenderModule } from '../src/contender.js';
import { benchContract, startParleyServer } from './parley/server.js';

const contender: ContenderModule = {
  startServer: startParleyServer,

  async connect({ url, id, events, options }) {
    const client = createParleyClient({
      url,
      contract: benchContract,
      WebSocket,
      validateEvents: options.validateEvents ?? true,
      auth: () => ({ id }),
      autoConnect: false,
      reconnect: false,
    });
    const fail = (error: unknown): void => events.onError(error instanceof Error ? error : new Error(String(error)));
    client.on('bench.broadcast', (m) => events.onBroadcast(m));
    client.on('bench.private', (m) => events.onPrivate(m));
    client.onError(fail);
    await client.connect();
    const bench: BenchClient = {
      id,
      join: async () => {
        await client.subscribe(ROOM);
      },
      broadcast: (m) => void client.broadcast(ROOM, 'bench.broadcast', m).catch(fail),
      sendPrivate: (to, m) => void client.send({ userId: to }, 'bench.private', m).catch(fail),
      echo: (p) => client.call('bench.echo', p),
      close: () => void client.close().catch(fail),
    };
    return bench;
  },
};

export default contender;
