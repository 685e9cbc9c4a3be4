import type { ErrorObject } from '../errors.js';

/**
 * A JSON-RPC 2.0 request id: a string, a number, or `null` (which JSON-RPC discourages; Parley
 * answers it with `id: null`).
 *
 * @example
 * ```ts
 * const id: JsonRpcId = 'c1:7';
 * ```
 */
export type JsonRpcId = string | number | null;

/**
 * JSON-RPC `params`: a structured value (an object or an array), never a primitive.
 *
 * @example
 * ```ts
 * const p: JsonRpcParams = { topic: 'room:1' };
 * ```
 */
export type JsonRpcParams = Record<string, unknown> | unknown[];

/**
 * A request: has an `id`, expects exactly one response with the same `id`.
 *
 * @example
 * ```ts
 * const r: JsonRpcRequest = { jsonrpc: '2.0', id: 1, method: 'rpc.ping' };
 * ```
 */
export interface JsonRpcRequest {
  jsonrpc: '2.0';
  id: JsonRpcId;
  method: string;
  params?: JsonRpcParams;
}

/**
 * A notification: no `id`, never answered (not even with an error).
 *
 * @example
 * ```ts
 * const n: JsonRpcNotification = { jsonrpc: '2.0', method: 'rpc.goaway', params: { reason: 'restart', reconnectWindowMs: 5000 } };
 * ```
 */
export interface JsonRpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: JsonRpcParams;
}

/**
 * A successful response.
 *
 * @example
 * ```ts
 * const s: JsonRpcSuccess = { jsonrpc: '2.0', id: 1, result: { ts: 1700000000000 } };
 * ```
 */
export interface JsonRpcSuccess {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result: unknown;
}

/**
 * An error response; `id` is `null` when the request's id could not be read.
 *
 * @example
 * ```ts
 * const f: JsonRpcFailure = { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } };
 * ```
 */
export interface JsonRpcFailure {
  jsonrpc: '2.0';
  id: JsonRpcId;
  error: ErrorObject;
}

/**
 * A response of either kind.
 *
 * @example
 * ```ts
 * const isOk = (r: JsonRpcResponse): r is JsonRpcSuccess => 'result' in r;
 * ```
 */
export type JsonRpcResponse = JsonRpcSuccess | JsonRpcFailure;

/**
 * Any single JSON-RPC 2.0 message.
 *
 * @example
 * ```ts
 * const m: JsonRpcMessage = { jsonrpc: '2.0', method: 'chat.typing', params: [] };
 * ```
 */
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;
