/**
 * Contender 2: raw `ws` at the practical limit on Node: a broadcast is serialised and framed
 * once (one `Sender.frame`), the same Buffer is written to every recipient, and each socket's
 * writes are corked for the rest of the event-loop turn.
 */
import type { ContenderModule } from '../src/contender.js';
import { frameText, writeFrame } from './ws/coalesced-writer.js';
import { connectWs } from './ws/client.js';
import { startWsServer } from './ws/server.js';

const contender: ContenderModule = {
  startServer: (options) =>
    startWsServer(options, {
      broadcast(members, m) {
        const frame = frameText(JSON.stringify({ t: 'b', m }));
        for (const ws of members) writeFrame(ws, frame);
      },
      send(ws, frame) {
        writeFrame(ws, frameText(JSON.stringify(frame)));
      },
    }),
  connect: connectWs,
};

export default contender;
