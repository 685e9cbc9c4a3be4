/**
 * How error codes and close codes relate (docs/protocol.md section 4.9): which close code a
 * refusal ends in, and which `rpc.error` notice precedes a close a server decides on. Server and
 * client both read these two functions, so the pairing lives in one place.
 *
 * @module
 */
import { CloseCode } from './close-codes.js';
import { ErrorCode, ERROR_MESSAGES, type ErrorCodeValue } from './error-codes.js';
import type { ErrorObject } from '../errors.js';

/**
 * The close code that follows a session-level refusal carrying `errorCode` (a refused hello, a
 * refused refresh, sustained abuse): 4401 for -32001, 4403 for -32003, 4406 for -32006, 4429 for
 * -32029, 1013 for -32050, 1012 for -32051, 1011 for -32603, 4400 for anything else.
 *
 * @example
 * ```ts
 * closeCodeForError(ErrorCode.Unauthorized); // 4401
 * isRetryableClose(closeCodeForError(err.code)); // does a client retry after this refusal?
 * ```
 */
export function closeCodeForError(errorCode: number): number {
  // Literal codes (pinned against ErrorCode and CloseCode by error-close.test.ts) so a client
  // bundle that calls this does not take in the whole code tables.
  switch (errorCode) {
    case -32001: // Unauthorized
      return 4401;
    case -32003: // Forbidden
      return 4403;
    case -32006: // UnsupportedVersion
      return 4406;
    case -32029: // RateLimited
      return 4429;
    case -32050: // Overloaded → TryAgainLater
      return 1013;
    case -32051: // ShuttingDown → ServiceRestart
      return 1012;
    case -32603: // InternalError
      return 1011;
    default: // BadRequest
      return 4400;
  }
}

/** The error code of the notice before `closeCode`: a switch rather than a Map, so bundles that never call it drop it. */
function noticeCode(closeCode: number): ErrorCodeValue | undefined {
  switch (closeCode) {
    case CloseCode.BadRequest:
    case CloseCode.PolicyViolation:
      return ErrorCode.InvalidRequest;
    case CloseCode.Unauthorized:
    case CloseCode.CredentialsExpired:
      return ErrorCode.Unauthorized;
    case CloseCode.Forbidden:
      return ErrorCode.Forbidden;
    case CloseCode.HandshakeTimeout:
      return ErrorCode.Timeout;
    case CloseCode.RateLimited:
      return ErrorCode.RateLimited;
    case CloseCode.TryAgainLater:
      return ErrorCode.Overloaded;
    case CloseCode.InternalError:
      return ErrorCode.InternalError;
    default:
      return undefined;
  }
}

/**
 * The error object of the `rpc.error` notice a server sends before closing with `closeCode`, or
 * `undefined` when none does (1000, 1001, transport closes such as 1009 and 4509, 1012 which is
 * preceded by `rpc.goaway`, 4406 which has its own notice, application codes).
 *
 * @example
 * ```ts
 * closeNotice(4403); // { code: -32003, message: 'Forbidden' }
 * closeNotice(4509); // undefined
 * ```
 */
export function closeNotice(closeCode: number): ErrorObject | undefined {
  const code = noticeCode(closeCode);
  return code === undefined ? undefined : { code, message: ERROR_MESSAGES[code] };
}
