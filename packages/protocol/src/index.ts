/**
 * `@parley/protocol`: Parley's wire protocol v1. Pure: no I/O, no timers, no Node built-ins.
 *
 * @example
 * ```ts
 * import { decodeFrame, encodeResult, defineContract, ErrorCode } from '@parley/protocol';
 * ```
 *
 * @module
 */
export * from './codes/error-codes.js';
export * from './codes/close-codes.js';
export * from './codes/error-close.js';
export * from './errors.js';
export * from './limits.js';
export * from './validate.js';
export * from './schema-check.js';
export * from './contract.js';
export * from './structured-params.js';
export * from './negotiate.js';
export * from './streams.js';
export type * from './jsonrpc/types.js';
export * from './jsonrpc/schemas.js';
export * from './jsonrpc/decode.js';
export * from './jsonrpc/read.js';
export * from './jsonrpc/encode.js';
export * from './delivery.js';
export * from './envelopes/methods.js';
export * from './envelopes/primitives.js';
export * from './envelopes/session.js';
export * from './envelopes/topics.js';
export * from './envelopes/messaging.js';
export * from './envelopes/registry.js';
export type * from './envelopes/types.js';
