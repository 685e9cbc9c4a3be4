import * as v from 'valibot';

/**
 * Schema of a JSON-RPC id: string, finite number or null.
 *
 * @example
 * ```ts
 * v.is(IdSchema, 'a'); // true
 * ```
 */
export const IdSchema = v.union([v.string(), v.pipe(v.number(), v.finite()), v.null()]);

/**
 * Schema of JSON-RPC `params`: an object or an array.
 *
 * @example
 * ```ts
 * v.is(ParamsSchema, 3); // false
 * ```
 */
export const ParamsSchema = v.union([v.record(v.string(), v.unknown()), v.array(v.unknown())]);

/**
 * Schema of a JSON-RPC error object.
 *
 * @example
 * ```ts
 * v.is(ErrorObjectSchema, { code: -32600, message: 'Invalid Request' }); // true
 * ```
 */
export const ErrorObjectSchema = v.object({
  code: v.pipe(v.number(), v.integer()),
  message: v.string(),
  data: v.optional(v.unknown()),
});

/**
 * Schema of a JSON-RPC request (has `id`).
 *
 * @example
 * ```ts
 * v.is(RequestSchema, { jsonrpc: '2.0', id: 1, method: 'rpc.ping' }); // true
 * ```
 */
export const RequestSchema = v.object({
  jsonrpc: v.literal('2.0'),
  id: IdSchema,
  method: v.string(),
  params: v.optional(ParamsSchema),
});

/**
 * Schema of a JSON-RPC notification (no `id`).
 *
 * @example
 * ```ts
 * v.is(NotificationSchema, { jsonrpc: '2.0', method: 'rpc.ping' }); // true
 * ```
 */
export const NotificationSchema = v.object({
  jsonrpc: v.literal('2.0'),
  method: v.string(),
  params: v.optional(ParamsSchema),
});

/**
 * Schema of a successful JSON-RPC response.
 *
 * @example
 * ```ts
 * v.is(SuccessSchema, { jsonrpc: '2.0', id: 1, result: null }); // true
 * ```
 */
export const SuccessSchema = v.object({ jsonrpc: v.literal('2.0'), id: IdSchema, result: v.unknown() });

/**
 * Schema of a JSON-RPC error response.
 *
 * @example
 * ```ts
 * v.is(FailureSchema, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }); // true
 * ```
 */
export const FailureSchema = v.object({ jsonrpc: v.literal('2.0'), id: IdSchema, error: ErrorObjectSchema });
