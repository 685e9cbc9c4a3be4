/**
 * The application's hooks into sessions: who a connection is (`authenticate`) and what it may do
 * with topics (`authorizeTopic`), plus the per-connection context every hook and handler sees.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { TransportCredentials } from './guards/credentials.js';
import type { RequestInfo } from './transport/request-info.js';

/**
 * Who a session runs as, as the `authenticate` hook returns it.
 *
 * @example
 * ```ts
 * const identity: Identity = { userId: 'alice', data: { name: 'Alice' }, expiresAt: Date.now() + 3_600_000 };
 * ```
 */
export interface Identity {
  /** The user's id (1-256 characters). Private messages to a user reach all of its connections. */
  readonly userId: string;
  /** Application data sent back to this client in its welcome (never to other users). */
  readonly data?: unknown;
  /** When the credentials stop being valid, in ms since the epoch; advertised in the welcome. */
  readonly expiresAt?: number;
}

/**
 * What `authenticate` receives: the upgrade request, the credentials from `rpc.hello` (or from
 * `rpc.refresh`, with the current identity in `previous`), and on hello the token the upgrade
 * request itself carried (`transport`: `Authorization` header, cookie, or the opt-in query param).
 *
 * @example
 * ```ts
 * const authenticate = async ({ transport, credentials }: AuthContext) => verify(transport?.token ?? credentials);
 * ```
 */
export interface AuthContext {
  /** The upgrade request (its `url` has token query parameters redacted; `ip` honours `trustProxy`). */
  readonly request: RequestInfo;
  /** `credentials` from the hello / refresh params, as the client sent them (not yet trusted). */
  readonly credentials: unknown;
  /**
   * On `rpc.hello`: the token found on the upgrade request, per the `credentials` option (header,
   * then cookie, then the query parameter when enabled); absent when there is none and on refresh.
   */
  readonly transport?: TransportCredentials;
  /** On `rpc.refresh`: the identity the session has now. */
  readonly previous?: Identity;
}

/**
 * Decides who a connection is. Return (or resolve) an identity; refuse by throwing a
 * `ParleyError` with `ErrorCode.Unauthorized` (the client gets that error, then close 4401) or
 * `ErrorCode.Forbidden` (close 4403). Any other error refuses with -32603 and close 1011.
 *
 * @example
 * ```ts
 * const authenticate: Authenticate = async ({ credentials }) => {
 *   const user = typeof credentials === 'string' ? await sessions.lookup(credentials) : undefined;
 *   if (!user) throw new ParleyError(ErrorCode.Unauthorized);
 *   return { userId: user.id, data: { name: user.name } };
 * };
 * ```
 */
export type Authenticate = (ctx: AuthContext) => Identity | Promise<Identity>;

/**
 * The default `authenticate`: everyone is welcome, each connection as a new anonymous user
 * (`anon-` and 16 random base64url characters). Replace it in production.
 *
 * @example
 * ```ts
 * anonymousAuthenticate(); // { userId: 'anon-3q2x...' }
 * ```
 */
export function anonymousAuthenticate(): Identity {
  return { userId: `anon-${randomBytes(12).toString('base64url')}` };
}

/**
 * A live session, as hooks and handlers see it.
 *
 * @example
 * ```ts
 * const authorizeTopic = (ctx: SessionContext, topic: string | null) => topic?.startsWith(`user:${ctx.identity.userId}`) ?? false;
 * ```
 */
export interface SessionContext {
  /** This connection's id (assigned by the server, sent in the welcome). */
  readonly connectionId: string;
  /** This session's id (unguessable; the key for resuming later). */
  readonly sessionId: string;
  /** Who the session runs as. */
  readonly identity: Identity;
  /** The upgrade request. */
  readonly request: RequestInfo;
  /** Free per-connection storage for the application (a null-prototype object). */
  readonly state: Record<string, unknown>;
}

/**
 * What a client asks to do with a topic: receive it, publish to it, or list who is in it.
 *
 * @example
 * ```ts
 * const action: TopicAction = 'publish';
 * ```
 */
export type TopicAction = 'subscribe' | 'publish' | 'presence';

/**
 * Decides whether a session may use a topic. `topic` is `null` for a broadcast to everyone
 * (action `publish`). Returning `false` answers the request with -32003 Forbidden and changes
 * nothing.
 *
 * @example
 * ```ts
 * const authorizeTopic: AuthorizeTopic = (ctx, topic, action) =>
 *   topic !== null && (action !== 'publish' || ctx.identity.data !== undefined);
 * ```
 */
export type AuthorizeTopic = (ctx: SessionContext, topic: string | null, action: TopicAction) => boolean | Promise<boolean>;

/**
 * The default `authorizeTopic`: allows everything.
 *
 * @example
 * ```ts
 * allowAllTopics(); // true
 * ```
 */
export function allowAllTopics(): boolean {
  return true;
}

/**
 * Decides whether a session may call a contract method, after its params passed validation and
 * before the handler runs. Anything but `true` answers the request with -32003 Forbidden and the
 * handler does not run (no side effect). Of the built-in `rpc.*` methods it is asked only about
 * the two that publish on the client's behalf, `rpc.broadcast` and `rpc.private` (with their
 * validated params, e.g. `{ to: { userId }, event, data }`), so an application decides who may
 * message whom; topics also have {@link AuthorizeTopic}. A hook that throws a `ParleyError`
 * answers with it; anything else thrown answers -32603 and is reported.
 *
 * @example
 * ```ts
 * const authorizeMethod: AuthorizeMethod = (ctx, method) =>
 *   !method.startsWith('admin.') || (ctx.identity.data as { admin?: boolean } | undefined)?.admin === true;
 * ```
 */
export type AuthorizeMethod = (ctx: SessionContext, method: string, params: unknown) => boolean | Promise<boolean>;
