/**
 * The `rpc.error` a server sends before a close it decides on (protocol section 4.9), so a client
 * can tell why before the close code arrives.
 *
 * @module
 */
import { CloseCode, ErrorCode, parleyError, type ErrorCodeValue, type ErrorObject } from '@parley/protocol';

const NOTICES: ReadonlyMap<number, ErrorCodeValue> = new Map<number, ErrorCodeValue>([
  [CloseCode.BadRequest, ErrorCode.InvalidRequest],
  [CloseCode.PolicyViolation, ErrorCode.InvalidRequest],
  [CloseCode.Unauthorized, ErrorCode.Unauthorized],
  [CloseCode.Forbidden, ErrorCode.Forbidden],
  [CloseCode.HandshakeTimeout, ErrorCode.Timeout],
  [CloseCode.CredentialsExpired, ErrorCode.Unauthorized],
  [CloseCode.RateLimited, ErrorCode.RateLimited],
  [CloseCode.TryAgainLater, ErrorCode.Overloaded],
  [CloseCode.InternalError, ErrorCode.InternalError],
]);

/**
 * The error object of the `rpc.error` notice that precedes `closeCode`, or `undefined` when none
 * does (1000, 1001, transport closes such as 1009, 4509, 1012 which has `rpc.goaway`, 4406 which
 * has its own notice, application codes).
 *
 * @example
 * ```ts
 * closeNotice(4403); // { code: -32003, message: 'Forbidden' }
 * closeNotice(4509); // undefined
 * ```
 */
export function closeNotice(closeCode: number): ErrorObject | undefined {
  const code = NOTICES.get(closeCode);
  return code === undefined ? undefined : parleyError(code).toJSON();
}
