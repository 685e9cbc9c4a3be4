/**
 * The public types of a Parley server: the server itself, handlers and their context, events,
 * and what the server tells about its connections.
 *
 * @module
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type {
  AnyContract,
  EventInput,
  EventName,
  HandlerParams,
  HandlerResult,
  JsonRpcId,
  MethodName,
  PresenceMember,
  PublishResult,
} from '@parley/protocol';
import type { DrainOptions } from './guards/drain.js';
import type { SessionContext } from './hooks.js';

/**
 * What a handler gets besides its params: the session, the call, and the server.
 *
 * @example
 * ```ts
 * server.handle('chat.send', async ({ room, text }, ctx) => {
 *   await ctx.server.broadcast(room, 'chat.message', { room, text, from: ctx.identity.userId });
 *   return { ok: true };
 * });
 * ```
 */
export interface HandlerContext<C extends AnyContract = AnyContract> extends SessionContext {
  /** The method called. */
  readonly method: string;
  /** The JSON-RPC id of the request; `undefined` for a notification (no reply is sent). */
  readonly requestId: JsonRpcId | undefined;
  /** Aborted when the connection closes: stop long work early. */
  readonly signal: AbortSignal;
  /** The server, for broadcasts and private messages from inside a handler. */
  readonly server: ParleyServer<C>;
}

/**
 * A handler of contract method `K`: receives the validated params, returns the result (or a
 * promise of it). Throw a `ParleyError` to answer with its code; anything else thrown becomes
 * -32603 with no details on the wire (the original goes to the logger and the `error` event).
 *
 * @example
 * ```ts
 * const send: Handler<typeof chat, 'chat.send'> = async (params, ctx) => ({ id: await save(params, ctx.identity) });
 * ```
 */
export type Handler<C extends AnyContract, K extends MethodName<C>> = (
  params: HandlerParams<C, K>,
  ctx: HandlerContext<C>,
) => HandlerResult<C, K> | Promise<HandlerResult<C, K>>;

/**
 * A snapshot of one connection with an open session.
 *
 * @example
 * ```ts
 * for (const info of server.connections.list()) console.log(info.userId, info.topics);
 * ```
 */
export interface ConnectionInfo {
  /** The connection id. */
  readonly connectionId: string;
  /** The session id. */
  readonly sessionId: string;
  /** The user. */
  readonly userId: string;
  /** Subscribed topics. */
  readonly topics: readonly string[];
  /** Peer address of the socket. */
  readonly remoteAddress: string | undefined;
  /** When the socket was accepted (ms since the epoch). */
  readonly openedAt: number;
  /** Bytes waiting to be sent to it. */
  readonly bufferedBytes: number;
  /** Deliveries skipped for it under the `drop` slow-consumer policy. */
  readonly dropped: number;
}

/**
 * How a connection ended.
 *
 * @example
 * ```ts
 * server.on('disconnect', (info, { code }) => metrics.closes.inc({ code }));
 * ```
 */
export interface DisconnectInfo {
  /** The close code (1006 when the socket died without a close frame). */
  readonly code: number;
  /** The close reason text. */
  readonly reason: string;
}

/**
 * Where an error reported through the `error` event happened.
 *
 * @example
 * ```ts
 * server.on('error', (error, { where, method }) => log.error({ error, where, method }));
 * ```
 */
export interface ErrorContext {
  /** The part that failed. */
  readonly where: 'handler' | 'authenticate' | 'authorizeTopic' | 'authorizeMethod' | 'adapter' | 'socket' | 'encode';
  /** The connection concerned, if any. */
  readonly connectionId?: string;
  /** The method being handled, if any. */
  readonly method?: string;
}

/**
 * The server's events.
 *
 * @example
 * ```ts
 * server.on('connection', (info) => console.log('hello', info.userId));
 * ```
 */
export interface ServerEvents {
  /** A session opened (after a successful `rpc.hello`). */
  connection: (info: ConnectionInfo) => void;
  /** A session's connection closed. */
  disconnect: (info: ConnectionInfo, close: DisconnectInfo) => void;
  /** A handler, hook or adapter failed unexpectedly (never a `ParleyError` thrown on purpose). */
  error: (error: unknown, context: ErrorContext) => void;
}

/**
 * This process's open sessions.
 *
 * @example
 * ```ts
 * server.connections.count; // 42
 * server.connections.ofUser('alice').length; // 2
 * ```
 */
export interface ConnectionsView {
  /** How many sessions are open here. */
  readonly count: number;
  /** All of them. */
  list(): ConnectionInfo[];
  /** One, by connection id. */
  get(connectionId: string): ConnectionInfo | undefined;
  /** A user's. */
  ofUser(userId: string): ConnectionInfo[];
}

/**
 * Options of {@link ParleyServer.disconnectUser}.
 *
 * @example
 * ```ts
 * await server.disconnectUser('mallory', { reason: 'banned' });
 * ```
 */
export interface DisconnectOptions {
  /** Close code. Default 4403 (terminal: the client does not reconnect). */
  readonly code?: number;
  /** Close reason text (at most 120 bytes). */
  readonly reason?: string;
}

/**
 * Options of {@link ParleyServer.close}, the graceful drain: every field of {@link DrainOptions}
 * (over the server's `drain` option), and the close code.
 *
 * @example
 * ```ts
 * await server.close({ timeoutMs: 25_000, batchSize: 500 });
 * ```
 */
export interface CloseOptions extends DrainOptions {
  /** Close code sent to every connection. Default 1012 (service restart, retryable). */
  readonly code?: number;
}

/**
 * A Parley server, typed by its contract `C`.
 *
 * @example
 * ```ts
 * const server = createParleyServer({ server: http, contract: chat });
 * server.handle('chat.send', ({ text }, ctx) => ({ id: ctx.connectionId + text.length }));
 * ```
 */
export interface ParleyServer<C extends AnyContract = AnyContract> {
  /** The contract. */
  readonly contract: C;
  /** The endpoint path handled on attached servers. */
  readonly path: string;
  /** This process's open sessions. */
  readonly connections: ConnectionsView;
  /** Registers the handler of a contract method (once per method). */
  handle<K extends MethodName<C>>(method: K, handler: Handler<C, K>): this;
  /** Publishes an event to a topic's subscribers, or to every session when `topic` is `null`. */
  broadcast<E extends EventName<C>>(topic: string | null, event: E, data: EventInput<C, E>): Promise<PublishResult>;
  /** Publishes an event to every connection of a user (the `user:<id>` stream). */
  sendToUser<E extends EventName<C>>(userId: string, event: E, data: EventInput<C, E>): Promise<PublishResult>;
  /** Publishes an event to one connection (rejects with -32004 if it does not exist). */
  sendToConnection<E extends EventName<C>>(connectionId: string, event: E, data: EventInput<C, E>): Promise<PublishResult>;
  /** Who is present in a topic (cluster-wide, through the adapter). */
  presence(topic: string): Promise<PresenceMember[]>;
  /** Closes every connection of a user, on every node (default code 4403). */
  disconnectUser(userId: string, options?: DisconnectOptions): Promise<void>;
  /** Handles `upgrade` events of an HTTP(S) server for {@link ParleyServer.path}. */
  attach(server: HttpServer | HttpsServer): this;
  /** Accepts one upgrade request routed by the application (any path). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Starts a standalone HTTP server for Parley alone (plain HTTP requests get 426). */
  listen(port?: number, host?: string): Promise<AddressInfo>;
  /**
   * Drains gracefully: stops accepting (upgrades get 503, new calls -32051), sends every session
   * `rpc.goaway` with a reconnect window, closes connections in batches with 1012 once their calls
   * are answered, waits for the calls still under way (terminating what is left after
   * `timeoutMs`); then detaches, stops timers and the adapter, and closes the server `listen`
   * started. Never rejects.
   */
  close(options?: CloseOptions): Promise<void>;
  /** Adds an event listener; returns a function that removes it. */
  on<K extends keyof ServerEvents>(event: K, listener: ServerEvents[K]): () => void;
  /** Removes an event listener. */
  off<K extends keyof ServerEvents>(event: K, listener: ServerEvents[K]): void;
}
