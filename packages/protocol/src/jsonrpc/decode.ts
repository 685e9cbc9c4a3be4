import type { ErrorCode } from '../codes/error-codes.js';
import type { ErrorObject } from '../errors.js';
import { DEFAULT_FRAME_LIMITS, exceedsDepth, utf8Length, type FrameLimits } from '../limits.js';
import type {
  JsonRpcFailure,
  JsonRpcId,
  JsonRpcNotification,
  JsonRpcParams,
  JsonRpcRequest,
  JsonRpcResponse,
} from './types.js';

// The four codes the decoder replies with, as plain constants (typed to the table's values): a
// bundler keeps the `ErrorCode` object whole, so reading it here would put every code name into
// every bundle that decodes frames (a browser client's).
const PARSE_ERROR: typeof ErrorCode.ParseError = -32700;
const INVALID_REQUEST: typeof ErrorCode.InvalidRequest = -32600;
const PAYLOAD_TOO_LARGE: typeof ErrorCode.PayloadTooLarge = -32013;
const LIMIT_EXCEEDED: typeof ErrorCode.LimitExceeded = -32020;

/**
 * One decoded JSON-RPC item. `invalid` carries the exact error response to send back.
 *
 * @example
 * ```ts
 * const d = decodeFrame('[{"jsonrpc":"2.0","id":1,"method":"rpc.ping"},{"jsonrpc":"2.0","method":"rpc.ping"},42]');
 * if (d.kind === 'batch') d.items.map((item: DecodedItem) => item.type); // ['request', 'notification', 'invalid']
 * ```
 */
export type DecodedItem =
  | { readonly type: 'request'; readonly message: JsonRpcRequest }
  | { readonly type: 'notification'; readonly message: JsonRpcNotification }
  | { readonly type: 'response'; readonly message: JsonRpcResponse }
  | { readonly type: 'invalid'; readonly reply: JsonRpcFailure };

/**
 * What a frame decodes to: one item, a batch of items, or a frame-level error (invalid JSON, an
 * empty batch, a limit crossed) whose reply is given.
 *
 * @example
 * ```ts
 * const d: Decoded = decodeFrame('[]');
 * if (d.kind === 'error') ws.send(JSON.stringify(d.reply)); // -32600 Invalid Request, data: { reason: 'empty batch' }
 * ```
 */
export type Decoded =
  | { readonly kind: 'single'; readonly item: DecodedItem }
  | { readonly kind: 'batch'; readonly items: readonly DecodedItem[] }
  | { readonly kind: 'error'; readonly reply: JsonRpcFailure };

/**
 * Options of {@link decodeFrame}.
 *
 * @example
 * ```ts
 * const options: DecodeOptions = { role: 'client', limits: { maxMessageBytes: 16 * 1024 } };
 * decodeFrame('{"jsonrpc":"2.0","id":1,"method":"rpc.ping"}', options);
 * // { kind: 'single', item: { type: 'invalid', ... } }: clients do not take requests
 * ```
 */
export interface DecodeOptions {
  /**
   * `server` (default) accepts requests and notifications and answers responses as invalid;
   * `client` accepts responses and notifications and marks requests invalid.
   */
  readonly role?: 'server' | 'client';
  /** Limits to enforce; defaults to {@link DEFAULT_FRAME_LIMITS}. */
  readonly limits?: Partial<FrameLimits>;
}

const failure = (id: JsonRpcId, code: number, message: string, data?: unknown): JsonRpcFailure => {
  const error: ErrorObject = data === undefined ? { code, message } : { code, message, data };
  return { jsonrpc: '2.0', id, error };
};
const invalid = (id: JsonRpcId, reason: string): DecodedItem => ({
  type: 'invalid',
  reply: failure(id, INVALID_REQUEST, 'Invalid Request', { reason }),
});

// Parsed JSON holds no `undefined`: a member is there exactly when reading it gives something
// else (and a plain read is what a per-frame path wants, not a call per member).
const has = (o: Record<string, unknown>, key: string): boolean => o[key] !== undefined;
const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function readId(o: Record<string, unknown>, maxIdLength: number): { ok: boolean; id: JsonRpcId } {
  const id = o['id'];
  if (id === null) return { ok: true, id: null };
  if (typeof id === 'string') return id.length <= maxIdLength ? { ok: true, id } : { ok: false, id: null };
  if (typeof id === 'number' && Number.isFinite(id)) return { ok: true, id };
  return { ok: false, id: null };
}

function decodeItem(value: unknown, role: 'server' | 'client', limits: FrameLimits): DecodedItem {
  if (!isPlainObject(value)) return invalid(null, 'not an object');
  const hasId = has(value, 'id');
  const idRead = hasId ? readId(value, limits.maxIdLength) : { ok: true, id: null };
  if (!idRead.ok) return invalid(null, 'id must be a string, a number or null');
  const id = idRead.id;
  if (value['jsonrpc'] !== '2.0') return invalid(id, 'jsonrpc must be "2.0"');

  if (has(value, 'method')) {
    const method = value['method'];
    if (typeof method !== 'string') return invalid(id, 'method must be a string');
    if (method.length > limits.maxMethodLength) return invalid(id, 'method name too long');
    const params = value['params'];
    if (has(value, 'params') && (typeof params !== 'object' || params === null)) {
      return invalid(id, 'params must be an object or an array');
    }
    if (hasId && role === 'client') return invalid(id, 'clients do not take requests');
    // Literals, not spreads: each shape gets one fixed hidden class (about twice as fast).
    if (has(value, 'params')) {
      return hasId
        ? { type: 'request', message: { jsonrpc: '2.0', method, params: params as JsonRpcParams, id } }
        : { type: 'notification', message: { jsonrpc: '2.0', method, params: params as JsonRpcParams } };
    }
    return hasId ? { type: 'request', message: { jsonrpc: '2.0', method, id } } : { type: 'notification', message: { jsonrpc: '2.0', method } };
  }

  const hasResult = has(value, 'result');
  const hasError = has(value, 'error');
  if (hasId && hasResult !== hasError) {
    if (role === 'server') return invalid(id, 'servers do not take responses');
    if (hasResult) return { type: 'response', message: { jsonrpc: '2.0', id, result: value['result'] } };
    const error = value['error'];
    if (isPlainObject(error) && Number.isInteger(error['code']) && typeof error['message'] === 'string') {
      const obj: ErrorObject = has(error, 'data')
        ? { code: error['code'] as number, message: error['message'], data: error['data'] }
        : { code: error['code'] as number, message: error['message'] };
      return { type: 'response', message: { jsonrpc: '2.0', id, error: obj } };
    }
    return invalid(id, 'error must be an error object');
  }
  return invalid(id, 'not a request, notification or response');
}

/** Given limits completed with the defaults: once per limits object, not once per frame. */
const completed = new WeakMap<Partial<FrameLimits>, FrameLimits>();
function fullLimits(given: Partial<FrameLimits>): FrameLimits {
  let limits = completed.get(given);
  if (!limits) completed.set(given, (limits = { ...DEFAULT_FRAME_LIMITS, ...given }));
  return limits;
}

/**
 * Decodes one WebSocket text frame into JSON-RPC messages, enforcing the frame limits. It never
 * throws: whatever the input, it returns typed messages or the exact JSON-RPC error response to
 * send (parse error, invalid request, limit exceeded), following JSON-RPC 2.0's rules for
 * batches, notifications and `id: null`. Keys named `__proto__`, `constructor` and the like
 * stay plain data: the result holds only fresh objects with known fields, plus the untouched
 * `params` / `result` values.
 *
 * @example
 * ```ts
 * const d = decodeFrame('{"jsonrpc":"2.0","id":1,"method":"rpc.ping"}');
 * if (d.kind === 'single' && d.item.type === 'request') d.item.message.method; // 'rpc.ping'
 * decodeFrame('{oops'); // { kind: 'error', reply: { jsonrpc: '2.0', id: null, error: { code: -32700, ... } } }
 * ```
 */
export function decodeFrame(raw: string, options: DecodeOptions = {}): Decoded {
  const limits = options.limits ? fullLimits(options.limits) : DEFAULT_FRAME_LIMITS;
  const role = options.role ?? 'server';
  if (typeof raw !== 'string') {
    return { kind: 'error', reply: failure(null, PARSE_ERROR, 'Parse error', { reason: 'not text' }) };
  }
  if (raw.length > limits.maxMessageBytes || (raw.length * 3 > limits.maxMessageBytes && utf8Length(raw) > limits.maxMessageBytes)) {
    return {
      kind: 'error',
      reply: failure(null, PAYLOAD_TOO_LARGE, 'Payload too large', { limit: 'maxMessageBytes', max: limits.maxMessageBytes }),
    };
  }
  if (exceedsDepth(raw, limits.maxDepth)) {
    return {
      kind: 'error',
      reply: failure(null, LIMIT_EXCEEDED, 'Limit exceeded', { limit: 'maxDepth', max: limits.maxDepth }),
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { kind: 'error', reply: failure(null, PARSE_ERROR, 'Parse error') };
  }
  if (!Array.isArray(value)) return { kind: 'single', item: decodeItem(value, role, limits) };
  if (value.length === 0) {
    return { kind: 'error', reply: failure(null, INVALID_REQUEST, 'Invalid Request', { reason: 'empty batch' }) };
  }
  if (value.length > limits.maxBatchLength) {
    return {
      kind: 'error',
      reply: failure(null, LIMIT_EXCEEDED, 'Limit exceeded', { limit: 'maxBatchLength', max: limits.maxBatchLength }),
    };
  }
  const items: DecodedItem[] = [];
  for (const element of value) items.push(decodeItem(element, role, limits));
  return { kind: 'batch', items };
}
