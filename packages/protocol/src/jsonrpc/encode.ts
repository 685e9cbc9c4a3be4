import type { ErrorObject } from '../errors.js';
import type { JsonRpcId } from './types.js';

/**
 * Encoders for the hot path: they build the JSON text by concatenation around one
 * `JSON.stringify` of the payload, so a broadcast is serialised once and the same string (and so
 * the same frame) goes to every recipient. They throw a `TypeError` for values `JSON.stringify`
 * cannot encode (a `BigInt`, a cycle); callers map that to an internal error.
 *
 * @module
 */

const idText = (id: JsonRpcId): string => (typeof id === 'number' ? String(id) : JSON.stringify(id));

/**
 * A success response. An `undefined` result is sent as `null` (JSON-RPC requires the member).
 *
 * @example
 * ```ts
 * encodeResult(1, { ts: 5 }); // '{"jsonrpc":"2.0","id":1,"result":{"ts":5}}'
 * ```
 */
export function encodeResult(id: JsonRpcId, result: unknown): string {
  return `{"jsonrpc":"2.0","id":${idText(id)},"result":${JSON.stringify(result) ?? 'null'}}`;
}

/**
 * An error response.
 *
 * @example
 * ```ts
 * encodeError(null, { code: -32700, message: 'Parse error' });
 * // '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}'
 * ```
 */
export function encodeError(id: JsonRpcId, error: ErrorObject): string {
  return `{"jsonrpc":"2.0","id":${idText(id)},"error":${JSON.stringify(error)}}`;
}

/**
 * A request.
 *
 * @example
 * ```ts
 * encodeRequest(1, 'rpc.ping'); // '{"jsonrpc":"2.0","id":1,"method":"rpc.ping"}'
 * ```
 */
export function encodeRequest(id: JsonRpcId, method: string, params?: unknown): string {
  const head = `{"jsonrpc":"2.0","id":${idText(id)},"method":${JSON.stringify(method)}`;
  return params === undefined ? `${head}}` : `${head},"params":${JSON.stringify(params)}}`;
}

/**
 * A notification.
 *
 * @example
 * ```ts
 * encodeNotification('rpc.ping'); // '{"jsonrpc":"2.0","method":"rpc.ping"}'
 * ```
 */
export function encodeNotification(method: string, params?: unknown): string {
  const head = `{"jsonrpc":"2.0","method":${JSON.stringify(method)}`;
  return params === undefined ? `${head}}` : `${head},"params":${JSON.stringify(params)}}`;
}

/**
 * A batch from already-encoded items (responses of one incoming batch, or requests).
 *
 * @example
 * ```ts
 * encodeBatch([encodeResult(1, 2), encodeResult(2, 3)]); // '[{...},{...}]'
 * ```
 */
export function encodeBatch(items: readonly string[]): string {
  return `[${items.join(',')}]`;
}
