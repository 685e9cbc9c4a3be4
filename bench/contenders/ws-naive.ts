/**
 * Contender 1: raw `ws`, the way most code is written: `JSON.stringify` + `ws.send` for every
 * recipient of a broadcast.
 */
import type { ContenderModule } from '../src/contender.js';
import { connectWs } from './ws/client.js';
import { startWsServer } from './ws/server.js';

const contender: ContenderModule = {
  startServer: (options) =>
    startWsServer(options, {
      broadcast(members, m) {
        for (const ws of members) ws.send(JSON.stringify({ t: 'b', m }));
      },
      send(ws, frame) {
        ws.send(JSON.stringify(frame));
      },
    }),
  connect: connectWs,
};

export default contender;
