/**
 * Routing of incoming frames per JSON-RPC 2.0: decode (never throws), charge the frame to the
 * rate limits (inbound-guard.ts), answer decoder errors, dispatch single calls and batches
 * (replies in order, in one frame, none for notifications), close on binary frames (1003).
 * Handlers of concurrent calls run concurrently; each reply is sent when ready, a batch's when
 * all of its calls are done. Calls under way are tracked so a drain can wait for them.
 *
 * @module
 */
import { CloseCode, decodeFrame, encodeBatch, encodeError, type AnyContract, type Decoded, type DecodedItem } from '@parley/protocol';
import type { RawData } from 'ws';
import type { Connection } from '../session/connection.js';
import type { ServerCore } from '../core.js';
import type { Call } from '../builtins/spec.js';
import { dispatch } from './dispatch.js';
import { isPromiseLike } from '../util/maybe-promise.js';
import type { RateLimitVerdict } from '../guards/rate-limiter.js';
import { admitCall, chargeFrame, noteRefusal, refuseItem, type Reply } from './inbound-guard.js';
import { countReplies } from './reply-metrics.js';
import { clockMs } from '../util/clock.js';

type Core = ServerCore<AnyContract>;

function handleItem(core: Core, connection: Connection, item: DecodedItem, after: Call['after'], inBatch: boolean): Reply | Promise<Reply> {
  switch (item.type) {
    case 'invalid':
      return encodeError(item.reply.id, item.reply.error);
    case 'request':
    case 'notification': {
      const { method, params } = item.message;
      const id = item.type === 'request' ? item.message.id : undefined;
      const call: Call = { method, params, id, inBatch, after };
      return admitCall(core, connection, call, () => dispatch(core, connection, call));
    }
    default:
      return undefined; // responses: the decoder marks them invalid for the server role
  }
}

/** Queues the reply, then runs what the calls asked to run after it (releases, closes). */
function send(core: Core, connection: Connection, reply: Reply, after: Call['after']): void {
  if (reply !== undefined) {
    if (core.guard.metrics.enabled) countReplies(core.guard.metrics, [reply]);
    connection.send(reply);
  }
  for (const task of after) task();
}

function sendBatch(core: Core, connection: Connection, replies: readonly Reply[], after: Call['after']): void {
  const items = replies.filter((r): r is string => r !== undefined);
  if (core.guard.metrics.enabled) countReplies(core.guard.metrics, items);
  if (items.length > 0) connection.send(encodeBatch(items));
  for (const task of after) task();
}

const text = (data: RawData): string =>
  Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');

const byteLength = (data: RawData): number =>
  Buffer.isBuffer(data) ? data.length : Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;

/** Counts a reply under way, for the connection and the server (the drain waits for both). */
function track(core: Core, connection: Connection, sent: Promise<void>): void {
  void core.guard.inFlight.track(sent);
  core.guard.of(connection).track(sent);
}

/** Answers a frame refused by the rate limits: every request in it gets -32029, notifications are dropped. */
function refuseFrame(core: Core, connection: Connection, decoded: Decoded, verdict: Extract<RateLimitVerdict, { ok: false }>, messages: number): void {
  const after: Call['after'] = [];
  const error = noteRefusal(core, connection, verdict, messages, after);
  if (decoded.kind === 'batch') sendBatch(core, connection, decoded.items.map((item) => refuseItem(item, error)), after);
  else send(core, connection, decoded.kind === 'error' ? encodeError(decoded.reply.id, error) : refuseItem(decoded.item, error), after);
}

function route(core: Core, connection: Connection, decoded: Decoded, verdict: RateLimitVerdict, messages: number): void {
  if (connection.isClosed) return;
  if (!verdict.ok) return refuseFrame(core, connection, decoded, verdict, messages);
  const onError = (error: unknown): void => core.report(error, { where: 'handler', connectionId: connection.connectionId });
  const after: Call['after'] = [];
  switch (decoded.kind) {
    case 'error':
      send(core, connection, encodeError(decoded.reply.id, decoded.reply.error), after);
      return;
    case 'single': {
      const reply = handleItem(core, connection, decoded.item, after, false);
      if (reply instanceof Promise) track(core, connection, reply.then((r) => send(core, connection, r, after)).catch(onError));
      else send(core, connection, reply, after);
      return;
    }
    case 'batch': {
      const replies = decoded.items.map((item) => handleItem(core, connection, item, after, true));
      if (replies.some((r) => r instanceof Promise)) {
        const all = Promise.all(replies.map((r) => Promise.resolve(r)));
        track(core, connection, all.then((r) => sendBatch(core, connection, r, after)).catch(onError));
      } else sendBatch(core, connection, replies as Reply[], after);
    }
  }
}

/**
 * Handles one WebSocket message of a connection.
 *
 * @example
 * ```ts
 * ws.on('message', (data, isBinary) => onMessage(core, connection, data, isBinary));
 * ```
 */
export function onMessage(core: Core, connection: Connection, data: RawData, isBinary: boolean): void {
  connection.lastSeen = clockMs();
  if (connection.isClosed) return;
  if (isBinary) {
    connection.close(CloseCode.UnsupportedData, 'binary frames are not supported');
    return;
  }
  const bytes = byteLength(data);
  const decoded = decodeFrame(text(data), { role: 'server', limits: core.frameLimits });
  const messages = decoded.kind === 'batch' ? decoded.items.length : 1;
  core.guard.metrics.messagesReceived(messages, bytes);
  const verdict = chargeFrame(core, connection, bytes, decoded);
  const guard = core.guard.of(connection);
  if (guard.queue === undefined && !isPromiseLike(verdict)) {
    route(core, connection, decoded, verdict, messages);
    return;
  }
  // An asynchronous store (or frames already waiting for one): route in arrival order.
  const queued: Promise<void> = (guard.queue ?? Promise.resolve())
    .then(async () => route(core, connection, decoded, await verdict, messages))
    .catch((error: unknown) => core.report(error, { where: 'handler', connectionId: connection.connectionId }, 'message routing failed'))
    .finally(() => {
      if (guard.queue === queued) guard.queue = undefined;
    });
  guard.queue = queued;
}
