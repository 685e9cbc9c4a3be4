/**
 * Routing of incoming frames per JSON-RPC 2.0: decode (never throws), answer decoder errors,
 * dispatch single calls and batches (replies in order, in one frame, none for notifications),
 * close on binary frames (1003). Handlers of concurrent calls run concurrently; each reply is
 * sent when ready, a batch's when all of its calls are done.
 *
 * @module
 */
import { CloseCode, decodeFrame, encodeBatch, encodeError, type AnyContract, type DecodedItem } from '@parley/protocol';
import type { RawData } from 'ws';
import type { Connection } from './connection.js';
import type { ServerCore } from './core.js';
import type { Call } from './builtins/spec.js';
import { dispatch } from './dispatch.js';

type Reply = string | undefined;

function handleItem(core: ServerCore<AnyContract>, connection: Connection, item: DecodedItem, after: Call['after'], inBatch: boolean): Reply | Promise<Reply> {
  switch (item.type) {
    case 'invalid':
      return encodeError(item.reply.id, item.reply.error);
    case 'request':
    case 'notification': {
      const { method, params } = item.message;
      const id = item.type === 'request' ? item.message.id : undefined;
      return dispatch(core, connection, { method, params, id, inBatch, after });
    }
    default:
      return undefined; // responses: the decoder marks them invalid for the server role
  }
}

/** Queues the reply, then runs what the calls asked to run after it (releases, closes). */
function send(connection: Connection, reply: Reply, after: Call['after']): void {
  if (reply !== undefined) connection.send(reply);
  for (const task of after) task();
}

function sendBatch(connection: Connection, replies: readonly Reply[], after: Call['after']): void {
  const items = replies.filter((r): r is string => r !== undefined);
  send(connection, items.length > 0 ? encodeBatch(items) : undefined, after);
}

const text = (data: RawData): string =>
  Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');

/**
 * Handles one WebSocket message of a connection.
 *
 * @example
 * ```ts
 * ws.on('message', (data, isBinary) => onMessage(core, connection, data, isBinary));
 * ```
 */
export function onMessage(core: ServerCore<AnyContract>, connection: Connection, data: RawData, isBinary: boolean): void {
  connection.lastSeen = Date.now();
  if (connection.isClosed) return;
  if (isBinary) {
    connection.close(CloseCode.UnsupportedData, 'binary frames are not supported');
    return;
  }
  const decoded = decodeFrame(text(data), { role: 'server', limits: core.frameLimits });
  const onError = (error: unknown): void => core.report(error, { where: 'handler', connectionId: connection.connectionId });
  const after: Call['after'] = [];
  switch (decoded.kind) {
    case 'error':
      send(connection, encodeError(decoded.reply.id, decoded.reply.error), after);
      return;
    case 'single': {
      const reply = handleItem(core, connection, decoded.item, after, false);
      if (reply instanceof Promise) reply.then((r) => send(connection, r, after)).catch(onError);
      else send(connection, reply, after);
      return;
    }
    case 'batch': {
      const replies = decoded.items.map((item) => handleItem(core, connection, item, after, true));
      if (replies.some((r) => r instanceof Promise)) {
        Promise.all(replies.map((r) => Promise.resolve(r))).then((r) => sendBatch(connection, r, after)).catch(onError);
      } else sendBatch(connection, replies as Reply[], after);
    }
  }
}
