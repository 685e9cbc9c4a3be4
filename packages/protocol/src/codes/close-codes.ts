/**
 * The WebSocket close codes Parley uses, each marked retryable or terminal so a client knows
 * whether to reconnect. Application codes follow the 4xxx = 4000 + HTTP status convention.
 *
 * @module
 */

/**
 * Close codes by name.
 *
 * @example
 * ```ts
 * import { CloseCode } from '@parley/protocol';
 * socket.close(CloseCode.ServiceRestart, 'draining');
 * ```
 */
export const CloseCode = {
  /** Normal closure: the peer is done. Terminal. */
  Normal: 1000,
  /** The endpoint is going away (process exit without drain, page navigation). Retryable. */
  GoingAway: 1001,
  /** WebSocket-level protocol error (bad framing). Terminal. */
  ProtocolError: 1002,
  /** Data the endpoint cannot accept (a binary frame). Terminal. */
  UnsupportedData: 1003,
  /** Reserved: no close frame was received (network failure). Never sent. Retryable. */
  Abnormal: 1006,
  /** A text frame was not valid UTF-8. Terminal. */
  InvalidPayload: 1007,
  /** Policy violation: repeated protocol abuse. Terminal. */
  PolicyViolation: 1008,
  /** A frame exceeded `maxMessageBytes`. Terminal (a client pre-checks sizes, so a retry would fail the same way). */
  MessageTooBig: 1009,
  /** The server hit an unexpected condition. Retryable. */
  InternalError: 1011,
  /** The server is restarting or draining; reconnect within the goaway window. Retryable. */
  ServiceRestart: 1012,
  /** The server is overloaded or a connection limit is reached. Retryable with backoff. */
  TryAgainLater: 1013,
  /** The hello itself was malformed (invalid params, or sent as a notification). Terminal. */
  BadRequest: 4400,
  /** Authentication failed. Terminal: a client may fetch fresh credentials once, then stops. */
  Unauthorized: 4401,
  /** The user was disconnected by the server (logout, ban). Terminal. */
  Forbidden: 4403,
  /** No protocol version in common. Terminal. */
  UnsupportedVersion: 4406,
  /** No hello within the handshake timeout. Retryable. */
  HandshakeTimeout: 4408,
  /** The session's credentials expired without an in-session refresh. Retryable with new credentials. */
  CredentialsExpired: 4419,
  /** Sustained flooding after rate-limit replies. Retryable with backoff. */
  RateLimited: 4429,
  /** The client read too slowly and its send buffer passed `maxBufferedBytes`. Retryable; resume recovers. */
  SlowConsumer: 4509,
} as const;

/**
 * A name of {@link CloseCode}.
 *
 * @example
 * ```ts
 * const name: CloseCodeName = 'SlowConsumer';
 * CloseCode[name]; // 4509
 * ```
 */
export type CloseCodeName = keyof typeof CloseCode;
/**
 * A numeric value of {@link CloseCode}.
 *
 * @example
 * ```ts
 * const code: CloseCodeValue = CloseCode.TryAgainLater; // 1013
 * CLOSE_TABLE[code].reason; // 'try again later'
 * ```
 */
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];

/**
 * What the close-code table says about one code.
 *
 * @example
 * ```ts
 * const info: CloseCodeInfo | undefined = closeInfo(4429);
 * // { name: 'RateLimited', reason: 'rate limited', retryable: true }
 * ```
 */
export interface CloseCodeInfo {
  /** The code's name in {@link CloseCode}. */
  readonly name: CloseCodeName;
  /** The reason text Parley sends with the code. */
  readonly reason: string;
  /** `true`: reconnect (with backoff); `false`: stop. */
  readonly retryable: boolean;
}

// Marked free of side effects so bundles that never read the table drop it.
const info = /* @__NO_SIDE_EFFECTS__ */ (name: CloseCodeName, reason: string, retryable: boolean): CloseCodeInfo => ({
  name,
  reason,
  retryable,
});

/**
 * The full close-code table.
 *
 * @example
 * ```ts
 * import { CLOSE_TABLE, CloseCode } from '@parley/protocol';
 * CLOSE_TABLE[CloseCode.Unauthorized].retryable; // false
 * ```
 */
export const CLOSE_TABLE: Readonly<Record<CloseCodeValue, CloseCodeInfo>> = {
  1000: info('Normal', 'normal closure', false),
  1001: info('GoingAway', 'going away', true),
  1002: info('ProtocolError', 'protocol error', false),
  1003: info('UnsupportedData', 'unsupported data', false),
  1006: info('Abnormal', 'abnormal closure', true),
  1007: info('InvalidPayload', 'invalid payload', false),
  1008: info('PolicyViolation', 'policy violation', false),
  1009: info('MessageTooBig', 'message too big', false),
  1011: info('InternalError', 'internal error', true),
  1012: info('ServiceRestart', 'service restart', true),
  1013: info('TryAgainLater', 'try again later', true),
  4400: info('BadRequest', 'bad request', false),
  4401: info('Unauthorized', 'unauthorized', false),
  4403: info('Forbidden', 'forbidden', false),
  4406: info('UnsupportedVersion', 'unsupported protocol version', false),
  4408: info('HandshakeTimeout', 'handshake timeout', true),
  4419: info('CredentialsExpired', 'credentials expired', true),
  4429: info('RateLimited', 'rate limited', true),
  4509: info('SlowConsumer', 'slow consumer', true),
};

/**
 * Looks a close code up in {@link CLOSE_TABLE}.
 *
 * @example
 * ```ts
 * closeInfo(4401)?.name; // 'Unauthorized'
 * ```
 */
export function closeInfo(code: number): CloseCodeInfo | undefined {
  return Object.hasOwn(CLOSE_TABLE, code) ? CLOSE_TABLE[code as CloseCodeValue] : undefined;
}

// What `isRetryableClose` needs of the table, as two short lists so a client bundle does not carry
// the whole table (its names and reasons). A test checks them against CLOSE_TABLE for every code.
/** The table's retryable codes in 4000-4999 (every other 4xxx code is terminal). */
const RETRYABLE_4XXX: readonly number[] = [4408, 4419, 4429, 4509];
/** The table's terminal codes outside 4000-4999 (every other such code is retryable). */
const TERMINAL_OTHER: readonly number[] = [1000, 1002, 1003, 1007, 1008, 1009];

/**
 * Whether a client should reconnect after the connection closed with `code`. Codes in the table
 * answer from it; unknown codes in 4000-4999 are terminal (an application said stop); any other
 * unknown code (1005, 1015, 3xxx) is retryable.
 *
 * @example
 * ```ts
 * isRetryableClose(1012); // true  (server restart)
 * isRetryableClose(4401); // false (unauthorized)
 * ```
 */
export function isRetryableClose(code: number): boolean {
  return code >= 4000 && code <= 4999 ? RETRYABLE_4XXX.includes(code) : !TERMINAL_OTHER.includes(code);
}
