/**
 * The protocol's `ErrorCode` (error codes) as one constant per member, for the client's own use.
 *
 * `@parley/protocol` exports `ErrorCode` as an object, and a bundler keeps an object whole: one
 * `ErrorCode.X` in the client would put every member into every app. Imported as a namespace,
 * these constants read the same at the call site (`ErrorCode.X`) and a bundler inlines them.
 * Client code takes its error codes from here, never from the protocol's object. The types tie
 * each value to the protocol's; a unit test fails on a missing or extra member.
 *
 * @example
 * ```ts
 * import * as ErrorCode from './error-codes.js';
 * if (error.code === ErrorCode.ConnectionClosed) retryLater();
 * ```
 *
 * @module
 */
import type * as Protocol from '@parley/protocol';

export const ParseError: typeof Protocol.ErrorCode.ParseError = -32700;
export const InvalidRequest: typeof Protocol.ErrorCode.InvalidRequest = -32600;
export const MethodNotFound: typeof Protocol.ErrorCode.MethodNotFound = -32601;
export const InvalidParams: typeof Protocol.ErrorCode.InvalidParams = -32602;
export const InternalError: typeof Protocol.ErrorCode.InternalError = -32603;
export const Unauthorized: typeof Protocol.ErrorCode.Unauthorized = -32001;
export const Forbidden: typeof Protocol.ErrorCode.Forbidden = -32003;
export const NotFound: typeof Protocol.ErrorCode.NotFound = -32004;
export const UnsupportedVersion: typeof Protocol.ErrorCode.UnsupportedVersion = -32006;
export const Timeout: typeof Protocol.ErrorCode.Timeout = -32008;
export const SessionState: typeof Protocol.ErrorCode.SessionState = -32009;
export const PayloadTooLarge: typeof Protocol.ErrorCode.PayloadTooLarge = -32013;
export const LimitExceeded: typeof Protocol.ErrorCode.LimitExceeded = -32020;
export const RateLimited: typeof Protocol.ErrorCode.RateLimited = -32029;
export const Overloaded: typeof Protocol.ErrorCode.Overloaded = -32050;
export const ShuttingDown: typeof Protocol.ErrorCode.ShuttingDown = -32051;
export const ConnectionClosed: typeof Protocol.ErrorCode.ConnectionClosed = -32060;
export const OutcomeUnknown: typeof Protocol.ErrorCode.OutcomeUnknown = -32061;
export const QueueOverflow: typeof Protocol.ErrorCode.QueueOverflow = -32062;
export const QueueExpired: typeof Protocol.ErrorCode.QueueExpired = -32063;
export const Aborted: typeof Protocol.ErrorCode.Aborted = -32064;
