/**
 * The guards on incoming messages, between decoding and dispatch (internal): the rate limits of
 * a frame (messages and bytes per connection, user and IP) and of each call (per method), the
 * drain's refusal of new work, and the close of a connection that keeps flooding.
 *
 * A request over a limit is answered -32029 with `data: { retryAfterMs, scope }` and does not
 * run; a notification over a limit is dropped; the connection stays open until its abuse
 * allowance is spent, then gets `rpc.error` -32029 and close 4429.
 *
 * @module
 */
import {
  CloseCode,
  encodeError,
  ErrorCode,
  Method,
  parleyError,
  type AnyContract,
  type Decoded,
  type DecodedItem,
  type ErrorObject,
  type JsonRpcId,
} from '@parley/protocol';
import type { Call } from '../builtins/spec.js';
import type { Connection } from '../session/connection.js';
import type { ServerCore } from '../core.js';
import { isPromiseLike } from '../util/maybe-promise.js';
import type { RateLimitVerdict } from '../guards/rate-limiter.js';

/**
 * A reply text, or `undefined` when there is none (internal).
 *
 * @example
 * ```ts
 * const reply: Reply = encodeError(1, error);
 * ```
 */
export type Reply = string | undefined;

const SHUTTING_DOWN: ErrorObject = parleyError(ErrorCode.ShuttingDown).toJSON();
const ALLOW: RateLimitVerdict = Object.freeze({ ok: true });

/**
 * Charges one frame of `messages` calls and `bytes` bytes to the connection's buckets (a lone
 * `rpc.ping` to the connection's own buckets only, see `ConnectionRateLimiter.checkFrame`).
 *
 * @example
 * ```ts
 * const verdict = chargeFrame(core, connection, 120, decodeFrame(raw));
 * ```
 */
export function chargeFrame(core: ServerCore<AnyContract>, connection: Connection, bytes: number, decoded: Decoded): RateLimitVerdict | Promise<RateLimitVerdict> {
  const limiter = core.guard.of(connection).limiter;
  if (!limiter) return ALLOW;
  if (decoded.kind === 'batch') return limiter.checkFrame(bytes, decoded.items.length);
  const ping = decoded.kind === 'single' && decoded.item.type === 'request' && decoded.item.message.method === Method.Ping;
  return limiter.checkFrame(bytes, 1, ping);
}

/**
 * Notes a refusal: counts it per refused message and, when the connection's abuse allowance is
 * spent, closes it after the reply (`rpc.error` -32029, close 4429). Returns the error to answer.
 *
 * @example
 * ```ts
 * const error = noteRefusal(core, connection, verdict, 1, after);
 * ```
 */
export function noteRefusal(
  core: ServerCore<AnyContract>,
  connection: Connection,
  verdict: Extract<RateLimitVerdict, { ok: false }>,
  messages: number,
  after: Call['after'],
): ErrorObject {
  const { metrics } = core.guard;
  for (let i = 0; i < messages; i++) metrics.rateLimited(verdict.scope);
  if (verdict.close) {
    after.push(() => {
      if (connection.isClosed) return;
      const { connectionId, identity } = connection;
      core.options.logger.warn({ connectionId, userId: identity.userId, ip: connection.request.ip }, 'parley: closing a connection that keeps flooding');
      core.closeWithNotice(connection, CloseCode.RateLimited);
    });
  }
  return verdict.error.toJSON();
}

/**
 * The refusal of one decoded item of a refused frame: the error for a request (or an invalid
 * item, with its id), nothing for a notification.
 *
 * @example
 * ```ts
 * const reply = refuseItem(item, error);
 * ```
 */
export function refuseItem(item: DecodedItem, error: ErrorObject): Reply {
  if (item.type === 'request') return encodeError(item.message.id, error);
  if (item.type === 'invalid') return encodeError(item.reply.id, error);
  return undefined;
}

const refuse = (id: JsonRpcId | undefined, error: ErrorObject): Reply => (id === undefined ? undefined : encodeError(id, error));

/**
 * Admits one call before dispatch: while draining only `rpc.ping` runs (-32051 otherwise), and a
 * method with its own limit is charged to it. Runs `go` when admitted.
 *
 * @example
 * ```ts
 * return admitCall(core, connection, call, () => dispatch(core, connection, call));
 * ```
 */
export function admitCall(
  core: ServerCore<AnyContract>,
  connection: Connection,
  call: Pick<Call, 'method' | 'id' | 'after'>,
  go: () => Reply | Promise<Reply>,
): Reply | Promise<Reply> {
  if (core.guard.draining && call.method !== Method.Ping) return refuse(call.id, SHUTTING_DOWN);
  const limiter = core.guard.of(connection).limiter;
  if (!limiter) return go();
  const decide = (verdict: RateLimitVerdict): Reply | Promise<Reply> =>
    verdict.ok ? go() : refuse(call.id, noteRefusal(core, connection, verdict, 1, call.after));
  const verdict = limiter.checkMethod(call.method);
  return isPromiseLike(verdict) ? Promise.resolve(verdict).then(decide) : decide(verdict);
}
