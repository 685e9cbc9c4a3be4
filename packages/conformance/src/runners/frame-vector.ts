/**
 * Running one frame vector against a live server: open a connection (with or without a session),
 * put the vector's frame on the wire as it says, and compare what comes back with `expect`.
 *
 * @module
 */
import type { Vector } from '@parley/protocol/vectors';
import { WebSocket } from 'ws';
import { DEFAULT_SETTINGS, type CaseSettings } from '../options.js';
import type { CaseResult } from '../report.js';
import { isNotification, isReply } from '../wire/frames.js';
import { KitSocket } from '../wire/kit-socket.js';
import { runCase, type Recorder } from './recorder.js';

function sendFrame(socket: KitSocket, vector: Vector): void {
  if (vector.frame === 'binary') socket.sendBytes(Buffer.from(vector.send, 'utf8'), true);
  else if (vector.frame === 'hex') socket.sendBytes(Buffer.from(vector.send, 'hex'), false);
  else socket.send(vector.send);
}

/** After "no reply": the connection must still be open and answering. */
async function expectAlive(socket: KitSocket, recorder: Recorder): Promise<void> {
  if (socket.ws.readyState !== WebSocket.OPEN) {
    const close = await socket.waitClosed();
    recorder.check(false, `the connection closed (code ${String(close?.code)}) instead of staying open`);
    return;
  }
  // Any response (a result, or -32009 before hello) shows the silence was not a dead connection.
  await socket.request('rpc.ping');
}

async function check(socket: KitSocket, vector: Vector, settings: CaseSettings, recorder: Recorder): Promise<void> {
  const expectation = vector.expect;
  if ('noReply' in expectation) {
    const replies = await socket.quiet(isReply, settings.quietMs);
    recorder.check(replies.length === 0, `expected no reply, got ${JSON.stringify(replies).slice(0, 300)}`);
    await expectAlive(socket, recorder);
    return;
  }
  if ('close' in expectation) {
    if (expectation.reply !== undefined) recorder.match('reply', expectation.reply, await socket.next(isReply, 'reply'));
    if (expectation.notice !== undefined) {
      recorder.match('notice', expectation.notice, await socket.next(isNotification('rpc.error'), 'rpc.error notice'));
    }
    const close = await socket.waitClosed();
    recorder.check(close?.code === expectation.close, close ? `close: expected ${expectation.close}, got ${close.code}` : `close: expected ${expectation.close}, the connection stayed open`);
    return;
  }
  recorder.match('reply', expectation.reply, await socket.next(isReply, 'reply'));
  recorder.check(socket.ws.readyState === WebSocket.OPEN, 'the connection closed after the reply instead of staying open');
}

/**
 * Runs one frame vector on a new connection to `url` and reports the outcome as case
 * `<group>/<vector.name>`. Vectors with `role: "client"` (frames a server sends) are skipped.
 *
 * @example
 * ```ts
 * import { VECTOR_FILES } from '@parley/protocol/vectors';
 * for (const vector of VECTOR_FILES.jsonrpc.vectors) {
 *   const result = await runVector('ws://127.0.0.1:8080/parley', vector, DEFAULT_SETTINGS, 'jsonrpc');
 *   console.log(result.status, result.id, result.details);
 * }
 * ```
 */
export function runVector(url: string, vector: Vector, settings: CaseSettings = DEFAULT_SETTINGS, group = 'vectors'): Promise<CaseResult> {
  return runCase(`${group}/${vector.name}`, 'vector', async (recorder) => {
    if ((vector.role ?? 'server') === 'client') {
      recorder.skip('role "client": a frame servers send, not one to send to a server');
      return;
    }
    const open = vector.session === 'open';
    const socket = await KitSocket.connect(url, {
      timeoutMs: settings.timeoutMs,
      ...(open ? { credentials: settings.credentials } : { hello: false }),
    });
    try {
      sendFrame(socket, vector);
      await check(socket, vector, settings, recorder);
    } finally {
      await socket.close();
    }
  });
}
