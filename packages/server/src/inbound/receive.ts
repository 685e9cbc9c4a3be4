/**
 * The path of one inbound message, decode → admit → dispatch → reply, read top to bottom in three
 * files (internal):
 *
 * 1. **decode** (this file): the message stamps the connection as alive; a binary frame closes it
 *    (1003); the text is decoded (`decodeFrame`, which never throws) and the frame charged to the
 *    rate limits (messages and bytes per connection, user and IP). A refused frame gets -32029 for
 *    each request in it, a decoder error its error reply; each call, alone or in a batch, goes on.
 * 2. **admit** (admit.ts): may the call run? Drain, the method's own rate limit, the hello rules,
 *    session state, method lookup, `maxPendingRequests`. A refusal is the reply.
 * 3. **dispatch** (dispatch.ts): the reply cache, params validation, `authorizeMethod`, the
 *    handler (its context: handler-context.ts) or the built-in, result validation; the outcome is
 *    encoded as the reply.
 * 4. **reply** (this file, as the calls return): queued (a batch's in one frame, in order, none for
 *    notifications) and counted in the metrics (reply-metrics.ts); then the calls' after-tasks run.
 *
 * A synchronous handler is answered before `onMessage` returns, no promise made (unless the
 * `authorizeMethod` hook or metrics are on). Handlers of concurrent calls run concurrently; each
 * reply is sent when ready, a batch's when all of its calls are done, and replies under way are
 * tracked so a drain can wait for them. With an asynchronous rate-limit store, frames wait in a
 * per-connection queue and are routed in arrival order.
 *
 * @module
 */
import { CloseCode, decodeFrame, encodeBatch, encodeError, Method, type AnyContract, type Decoded, type DecodedItem, type ErrorObject } from '@parley/protocol';
import type { RawData } from 'ws';
import type { Call } from '../builtins/spec.js';
import type { ServerCore } from '../core.js';
import type { RateLimitVerdict } from '../guards/rate-limiter.js';
import type { Connection } from '../session/connection.js';
import { clockMs } from '../util/clock.js';
import { isPromiseLike } from '../util/maybe-promise.js';
import { admit, rateLimited, type Reply } from './admit.js';
import { countReply } from './reply-metrics.js';

type Core = ServerCore<AnyContract>;

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
  const decoded = decodeFrame(text(data), core.decodeOptions);
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

const text = (data: RawData): string =>
  Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');

const byteLength = (data: RawData): number =>
  Buffer.isBuffer(data) ? data.length : Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;

const ALLOW: RateLimitVerdict = Object.freeze({ ok: true });

/**
 * Charges one frame of `bytes` to the connection's buckets, as many messages as it holds calls (a
 * lone `rpc.ping` to the connection's own buckets only, see `ConnectionRateLimiter.checkFrame`).
 */
function chargeFrame(core: Core, connection: Connection, bytes: number, decoded: Decoded): RateLimitVerdict | Promise<RateLimitVerdict> {
  const limiter = core.guard.of(connection).limiter;
  if (!limiter) return ALLOW;
  if (decoded.kind === 'batch') return limiter.checkFrame(bytes, decoded.items.length);
  const ping = decoded.kind === 'single' && decoded.item.type === 'request' && decoded.item.message.method === Method.Ping;
  return limiter.checkFrame(bytes, 1, ping);
}

/** Routes a decoded frame, once its rate-limit verdict is known. */
function route(core: Core, connection: Connection, decoded: Decoded, verdict: RateLimitVerdict, messages: number): void {
  if (connection.isClosed) return;
  if (!verdict.ok) return refuseFrame(core, connection, decoded, verdict, messages);
  const after: Call['after'] = [];
  switch (decoded.kind) {
    case 'error':
      send(core, connection, encodeError(decoded.reply.id, decoded.reply.error), after);
      return;
    case 'single': {
      const reply = receiveItem(core, connection, decoded.item, after, false);
      if (reply instanceof Promise) track(core, connection, reply.then((r) => send(core, connection, r, after)));
      else send(core, connection, reply, after);
      return;
    }
    case 'batch': {
      const replies = decoded.items.map((item) => receiveItem(core, connection, item, after, true));
      if (replies.some(isPending)) {
        const all = Promise.all(replies.map((r) => Promise.resolve(r)));
        track(core, connection, all.then((r) => sendBatch(core, connection, r, after)));
      } else sendBatch(core, connection, replies as Reply[], after);
    }
  }
}

/** One decoded item: a call goes on to admit.ts (and from there to dispatch.ts); an invalid one gets its error. */
function receiveItem(core: Core, connection: Connection, item: DecodedItem, after: Call['after'], inBatch: boolean): Reply | Promise<Reply> {
  switch (item.type) {
    case 'invalid':
      return encodeError(item.reply.id, item.reply.error);
    case 'request':
    case 'notification': {
      const { method, params } = item.message;
      const id = item.type === 'request' ? item.message.id : undefined;
      return admit(core, connection, { method, params, id, inBatch, after });
    }
    default:
      return undefined; // responses: the decoder marks them invalid for the server role
  }
}

/** Answers a frame refused by the rate limits: every request in it gets -32029, notifications are dropped. */
function refuseFrame(core: Core, connection: Connection, decoded: Decoded, verdict: Extract<RateLimitVerdict, { ok: false }>, messages: number): void {
  const after: Call['after'] = [];
  const error = rateLimited(core, connection, verdict, messages, after);
  if (decoded.kind === 'batch') sendBatch(core, connection, decoded.items.map((item) => refuseItem(item, error)), after);
  else send(core, connection, decoded.kind === 'error' ? encodeError(decoded.reply.id, error) : refuseItem(decoded.item, error), after);
}

/** The refusal of one item of a refused frame: the error for a request (or an invalid item, with its id), nothing for a notification. */
function refuseItem(item: DecodedItem, error: ErrorObject): Reply {
  if (item.type === 'request') return encodeError(item.message.id, error);
  if (item.type === 'invalid') return encodeError(item.reply.id, error);
  return undefined;
}

/** Queues the reply (counted in the metrics), then runs what the calls asked to run after it (releases, closes). */
function send(core: Core, connection: Connection, reply: Reply, after: Call['after']): void {
  if (reply !== undefined) {
    const { metrics } = core.guard;
    if (metrics.enabled) countReply(metrics, reply);
    connection.send(reply);
  }
  for (const task of after) task();
}

/** Queues a batch's replies in one frame, in order (none if all of its calls were notifications), then runs the after-tasks. */
function sendBatch(core: Core, connection: Connection, replies: readonly Reply[], after: Call['after']): void {
  const items = replies.filter(isText);
  const { metrics } = core.guard;
  if (metrics.enabled) for (const item of items) countReply(metrics, item);
  if (items.length > 0) connection.send(encodeBatch(items));
  for (const task of after) task();
}

const isPending = (reply: Reply | Promise<Reply>): boolean => reply instanceof Promise;
const isText = (reply: Reply): reply is string => reply !== undefined;

/** Counts a reply under way, for the connection and the server (the drain waits for both); a failure to send it is reported. */
function track(core: Core, connection: Connection, sending: Promise<void>): void {
  const sent = sending.catch((error: unknown) => core.report(error, { where: 'handler', connectionId: connection.connectionId }));
  void core.guard.inFlight.track(sent);
  core.guard.of(connection).track(sent);
}
