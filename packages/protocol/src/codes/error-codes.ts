/**
 * The one table of JSON-RPC error codes used by every Parley package.
 *
 * Codes -32700 … -32603 are the JSON-RPC 2.0 standard codes. Parley's own codes live in the
 * JSON-RPC "server error" range (-32000 … -32099); where an HTTP status says the same thing the
 * last two digits follow it (401 → -32001, 429 → -32029). Codes marked `local` are never sent on
 * the wire: a client raises them itself (an abort, a closed connection). -32008 Timeout travels on
 * the wire and is also raised locally by a client whose call timed out.
 *
 * @module
 */

/**
 * Stable numeric error codes, by name.
 *
 * @example
 * ```ts
 * import { ErrorCode } from '@parley/protocol';
 * if (err.code === ErrorCode.RateLimited) await sleep(err.data.retryAfterMs);
 * ```
 */
export const ErrorCode = {
  /** Invalid JSON was received. */
  ParseError: -32700,
  /** The JSON sent is not a valid JSON-RPC request object. */
  InvalidRequest: -32600,
  /** The method does not exist or is not available. */
  MethodNotFound: -32601,
  /** Invalid method parameters; `data.issues` lists what failed validation. */
  InvalidParams: -32602,
  /** Internal error; never carries a stack trace. */
  InternalError: -32603,
  /** No or invalid credentials. */
  Unauthorized: -32001,
  /** The identity is known but not allowed to do this. */
  Forbidden: -32003,
  /** The target (user, connection, topic) does not exist. */
  NotFound: -32004,
  /** No common protocol version. */
  UnsupportedVersion: -32006,
  /** The call did not complete in time. */
  Timeout: -32008,
  /** The message is not valid in the session's current state (for example a call before hello). */
  SessionState: -32009,
  /** The message is larger than the advertised `maxMessageBytes`. */
  PayloadTooLarge: -32013,
  /** A limit other than size was crossed (batch length, nesting depth, topics, pending requests); `data.limit` names it. */
  LimitExceeded: -32020,
  /** Too many messages or bytes; `data.retryAfterMs` says when to try again. */
  RateLimited: -32029,
  /** The server is too busy to take this now. */
  Overloaded: -32050,
  /** The server is draining and takes no new work. */
  ShuttingDown: -32051,
  /** Local: the connection closed before the call settled. */
  ConnectionClosed: -32060,
  /** Local: a non-idempotent call's reply was lost to a disconnect; it may or may not have run. */
  OutcomeUnknown: -32061,
  /** Local: the offline queue is full. */
  QueueOverflow: -32062,
  /** Local: the call waited in the offline queue longer than its maximum age. */
  QueueExpired: -32063,
  /** Local: the caller aborted the call through its `AbortSignal`. */
  Aborted: -32064,
} as const;

/**
 * A name of {@link ErrorCode}.
 *
 * @example
 * ```ts
 * const name: ErrorCodeName = 'RateLimited';
 * ErrorCode[name]; // -32029
 * ```
 */
export type ErrorCodeName = keyof typeof ErrorCode;
/**
 * A numeric value of {@link ErrorCode}.
 *
 * @example
 * ```ts
 * const code: ErrorCodeValue = ErrorCode.Forbidden; // -32003
 * ERROR_MESSAGES[code]; // 'Forbidden'
 * ```
 */
export type ErrorCodeValue = (typeof ErrorCode)[ErrorCodeName];

/**
 * What the error table says about one code.
 *
 * @example
 * ```ts
 * const info: ErrorCodeInfo | undefined = errorInfo(ErrorCode.ConnectionClosed);
 * // { name: 'ConnectionClosed', message: 'Connection closed', retryable: true, local: true }
 * ```
 */
export interface ErrorCodeInfo {
  /** The code's name in {@link ErrorCode}. */
  readonly name: ErrorCodeName;
  /** The default `message` sent with the code. */
  readonly message: string;
  /** Whether repeating the same call later can succeed. */
  readonly retryable: boolean;
  /** `true` when the code is raised by a client locally and never travels on the wire. */
  readonly local: boolean;
}

/**
 * Each code's default message: the table's `message` column. Kept as its own record (with the
 * `retryable` column below) because `ParleyError` needs only these two columns: a bundle that
 * makes errors but never reads {@link ERROR_TABLE} (a browser client's) then leaves the rest out.
 *
 * @example
 * ```ts
 * ERROR_MESSAGES[ErrorCode.RateLimited]; // 'Rate limited'
 * ```
 */
export const ERROR_MESSAGES: Readonly<Record<ErrorCodeValue, string>> = {
  [-32700]: 'Parse error',
  [-32600]: 'Invalid Request',
  [-32601]: 'Method not found',
  [-32602]: 'Invalid params',
  [-32603]: 'Internal error',
  [-32001]: 'Unauthorized',
  [-32003]: 'Forbidden',
  [-32004]: 'Not found',
  [-32006]: 'Unsupported protocol version',
  [-32008]: 'Timeout',
  [-32009]: 'Not valid in the current session state',
  [-32013]: 'Payload too large',
  [-32020]: 'Limit exceeded',
  [-32029]: 'Rate limited',
  [-32050]: 'Server overloaded',
  [-32051]: 'Server shutting down',
  [-32060]: 'Connection closed',
  [-32061]: 'Outcome unknown',
  [-32062]: 'Offline queue full',
  [-32063]: 'Offline queue entry expired',
  [-32064]: 'Aborted',
};

/**
 * The codes whose call can succeed when repeated later: the table's `retryable` column.
 *
 * @example
 * ```ts
 * RETRYABLE_ERRORS.includes(ErrorCode.Overloaded); // true
 * ```
 */
export const RETRYABLE_ERRORS: readonly number[] = [-32603, -32008, -32029, -32050, -32051, -32060, -32062, -32063];

// Marked free of side effects so bundles that never read the table drop it.
const info = /* @__NO_SIDE_EFFECTS__ */ (name: ErrorCodeName, local = false): ErrorCodeInfo => {
  const code = ErrorCode[name];
  return { name, message: ERROR_MESSAGES[code], retryable: RETRYABLE_ERRORS.includes(code), local };
};

/**
 * The full error table: for every code its name, default message, whether it is retryable and
 * whether it is local to a client. The tables in docs/protocol.md are checked against it by a test.
 * The messages and the retryable codes are listed in {@link ERROR_MESSAGES} and
 * {@link RETRYABLE_ERRORS}; the rows here add the names and mark the local codes.
 *
 * @example
 * ```ts
 * import { ERROR_TABLE, ErrorCode } from '@parley/protocol';
 * ERROR_TABLE[ErrorCode.RateLimited].retryable; // true
 * ```
 */
export const ERROR_TABLE: Readonly<Record<ErrorCodeValue, ErrorCodeInfo>> = {
  [-32700]: info('ParseError'),
  [-32600]: info('InvalidRequest'),
  [-32601]: info('MethodNotFound'),
  [-32602]: info('InvalidParams'),
  [-32603]: info('InternalError'),
  [-32001]: info('Unauthorized'),
  [-32003]: info('Forbidden'),
  [-32004]: info('NotFound'),
  [-32006]: info('UnsupportedVersion'),
  [-32008]: info('Timeout'),
  [-32009]: info('SessionState'),
  [-32013]: info('PayloadTooLarge'),
  [-32020]: info('LimitExceeded'),
  [-32029]: info('RateLimited'),
  [-32050]: info('Overloaded'),
  [-32051]: info('ShuttingDown'),
  [-32060]: info('ConnectionClosed', true),
  [-32061]: info('OutcomeUnknown', true),
  [-32062]: info('QueueOverflow', true),
  [-32063]: info('QueueExpired', true),
  [-32064]: info('Aborted', true),
};

/**
 * Looks a code up in {@link ERROR_TABLE}; `undefined` for codes Parley does not define
 * (applications may use any other integer).
 *
 * @example
 * ```ts
 * errorInfo(-32029)?.name; // 'RateLimited'
 * errorInfo(42);           // undefined
 * ```
 */
export function errorInfo(code: number): ErrorCodeInfo | undefined {
  return Object.hasOwn(ERROR_TABLE, code) ? ERROR_TABLE[code as ErrorCodeValue] : undefined;
}
