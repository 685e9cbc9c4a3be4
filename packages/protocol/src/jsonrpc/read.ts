/**
 * The client side's frame reader: what a client needs from a server's frame, and nothing more.
 *
 * `decodeFrame` is the server's decoder: it enforces limits and builds the exact error reply for
 * every malformed item, because a server answers them. A client answers nothing (answering a
 * confused server could start a loop); it only needs to know which items are responses and
 * notifications and which are not. This reader gives that with one `JSON.parse` and a few type
 * checks, no copies: a fraction of the decoder's size in a browser bundle and less work per
 * delivery. Its verdicts equal `decodeFrame`'s with `role: 'client'` and no limits (a property
 * test pins that).
 *
 * @module
 */
import type { JsonRpcNotification, JsonRpcResponse } from './types.js';

/**
 * One item of a server's frame: a response, a notification, or `undefined` for anything a
 * client does not take (not an object, a request, no `jsonrpc: "2.0"`, a malformed error object).
 *
 * @example
 * ```ts
 * const items = readServerFrame('{"jsonrpc":"2.0","method":"rpc.goaway","params":{"reconnectWindowMs":5000}}');
 * const item: ServerItem = items?.[0];
 * if (item && 'method' in item) item.method; // 'rpc.goaway'
 * ```
 */
export type ServerItem = JsonRpcResponse | JsonRpcNotification | undefined;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function readItem(x: unknown): ServerItem {
  if (!isObject(x) || x['jsonrpc'] !== '2.0') return undefined;
  // Parsed JSON holds no `undefined`: a member is there exactly when it is not undefined (and
  // plain reads are what a hot path wants: no `hasOwn` call per member).
  const { id, method, params, result, error } = x;
  const hasId = id !== undefined;
  if (hasId && id !== null && typeof id !== 'string' && !Number.isFinite(id)) return undefined; // 1e400 parses to Infinity
  if (method !== undefined) {
    if (hasId || typeof method !== 'string' || (params !== undefined && (typeof params !== 'object' || params === null))) return undefined;
    return x as unknown as JsonRpcNotification;
  }
  if (!hasId || (result === undefined) === (error === undefined)) return undefined;
  if (error !== undefined && !(isObject(error) && Number.isInteger(error['code']) && typeof error['message'] === 'string')) return undefined;
  return x as unknown as JsonRpcResponse;
}

/**
 * Reads a text frame a server sent: its items (one for a single message, in order for a batch;
 * an empty array for the empty batch), or `undefined` when the frame is not JSON. Never throws.
 * The items are the parsed objects themselves, checked, not copied: read only their JSON-RPC
 * fields (a key such as `__proto__` in them is plain data and changes no prototype).
 *
 * @example
 * ```ts
 * readServerFrame('{"jsonrpc":"2.0","id":"7","result":{"ok":true}}'); // [{ jsonrpc: '2.0', id: '7', result: { ok: true } }]
 * readServerFrame('{"jsonrpc":"2.0","id":1,"method":"x"}'); // [undefined]: clients take no requests
 * readServerFrame('{oops'); // undefined
 * ```
 */
export function readServerFrame(raw: string): ServerItem[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  return Array.isArray(value) ? value.map(readItem) : [readItem(value)];
}
