/** Waiting for a raw `ws` client socket to open, shared by every contender with a bare ws client. */
import type WebSocket from 'ws';
import type { ClientEvents } from '../../src/contender.js';

/**
 * Resolves once `ws` is open (rejects with the error that kept it from opening); from then on a
 * socket error is reported through `events.onError`.
 */
export function whenOpen(ws: WebSocket, events: ClientEvents): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      ws.off('error', reject);
      ws.on('error', (err) => events.onError(err));
      resolve();
    });
    ws.once('error', reject);
  });
}
