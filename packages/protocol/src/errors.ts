import { ERROR_MESSAGES, ErrorCode, RETRYABLE_ERRORS, type ErrorCodeValue } from './codes/error-codes.js';

/**
 * A JSON-RPC 2.0 error object as it travels on the wire.
 *
 * @example
 * ```ts
 * const e: ErrorObject = { code: -32601, message: 'Method not found' };
 * ```
 */
export interface ErrorObject {
  /** An integer; Parley's codes are in {@link ErrorCode}. */
  code: number;
  /** A short description. */
  message: string;
  /** Extra structured information (validation issues, `retryAfterMs`, the limit crossed). */
  data?: unknown;
}

/**
 * The error every Parley API throws and rejects with. Throw it from a handler to send its
 * `code`, `message` and `data` to the caller unchanged.
 *
 * @example
 * ```ts
 * import { ParleyError, ErrorCode } from '@parley/protocol';
 * throw new ParleyError(ErrorCode.Forbidden, 'Only moderators can do that');
 * ```
 */
export class ParleyError extends Error {
  /** The error code (see {@link ErrorCode}). */
  readonly code: number;
  /** Structured details sent as the error object's `data`. */
  readonly data: unknown;

  /**
   * @param code - the error code; any integer, Parley's are in {@link ErrorCode}
   * @param message - defaults to the table's message for known codes
   * @param data - extra details sent on the wire as `data`
   */
  constructor(code: number, message?: string, data?: unknown) {
    super(message ?? (Object.hasOwn(ERROR_MESSAGES, code) ? ERROR_MESSAGES[code as ErrorCodeValue] : 'Error'));
    this.name = 'ParleyError';
    this.code = code;
    this.data = data;
  }

  /** Whether the error table marks this code retryable (unknown codes: `false`). */
  get retryable(): boolean {
    return RETRYABLE_ERRORS.includes(this.code);
  }

  /**
   * The wire form of this error: `{ code, message, data? }`, never a stack.
   *
   * @example
   * ```ts
   * new ParleyError(-32029, undefined, { retryAfterMs: 250 }).toJSON();
   * // { code: -32029, message: 'Rate limited', data: { retryAfterMs: 250 } }
   * ```
   */
  toJSON(): ErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }

  /**
   * Rebuilds a `ParleyError` from an error object received on the wire.
   *
   * @example
   * ```ts
   * const err = ParleyError.fromObject({ code: -32601, message: 'Method not found' });
   * ```
   */
  static fromObject(object: ErrorObject): ParleyError {
    return new ParleyError(object.code, object.message, object.data);
  }
}

/**
 * Makes a `ParleyError` for a code in the table, with its default message.
 *
 * @example
 * ```ts
 * throw parleyError(ErrorCode.RateLimited, { retryAfterMs: 100 });
 * ```
 */
export function parleyError(code: ErrorCodeValue, data?: unknown): ParleyError {
  return new ParleyError(code, ERROR_MESSAGES[code], data);
}

/**
 * Turns anything thrown into an error object that is safe to send: a `ParleyError` keeps its
 * code, message and data (if its code is an integer); anything else becomes -32603 "Internal
 * error" with no message, stack or data from the original (those stay on the server, for its
 * logger). It never throws.
 *
 * @example
 * ```ts
 * toErrorObject(new Error('db password is hunter2')); // { code: -32603, message: 'Internal error' }
 * ```
 */
export function toErrorObject(thrown: unknown): ErrorObject {
  try {
    // Only a well-formed ParleyError passes: a NaN or fractional code would not be valid JSON-RPC.
    if (thrown instanceof ParleyError && Number.isInteger(thrown.code) && typeof thrown.message === 'string') {
      return thrown.toJSON();
    }
  } catch {
    // `instanceof` throws on a revoked Proxy: treat it like any other foreign value.
  }
  return { code: ErrorCode.InternalError, message: ERROR_MESSAGES[ErrorCode.InternalError] };
}

/**
 * Whether `value` is an error object with an integer code and a string message.
 *
 * @example
 * ```ts
 * isErrorObject({ code: -32600, message: 'Invalid Request' }); // true
 * ```
 */
export function isErrorObject(value: unknown): value is ErrorObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return Number.isInteger(v['code']) && typeof v['message'] === 'string';
}
