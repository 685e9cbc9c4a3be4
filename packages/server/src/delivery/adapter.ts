/**
 * The `Adapter`: the one door through which all fan-out, private routing, presence and the
 * stream log go. The core never delivers a message to a socket except through
 * {@link AdapterNode.deliver}, called by the adapter, so an adapter backed by Redis (or anything
 * else) spreads one Parley server over many processes without touching the core.
 *
 * Every method may return a promise; the in-memory adapter answers synchronously.
 *
 * @module
 */
import type { PresenceChange, PresenceMember, PublishResult, StreamPosition } from '@parley/protocol';

/**
 * A message to publish, before the adapter places it in its stream: a delivery (protocol 6.1)
 * without its epoch and seq. `deliveryTemplate(draft)` from `@parley/protocol` encodes it once;
 * `joinDelivery(template, epoch, seq)` makes the frame.
 *
 * @example
 * ```ts
 * const draft: MessageDraft = { stream: 'topic:lobby', event: 'news', from: null, data: { text: 'hi' } };
 * ```
 */
export interface MessageDraft {
  /** The stream it belongs to (`all`, `topic:<t>`, `user:<id>`, `conn:<id>`). */
  readonly stream: string;
  /** Application event name (validated against the contract). */
  readonly event: string;
  /** The sending user's id, or `null` for the server. */
  readonly from: string | null;
  /** The sending connection, when the delivery carries it (messages to one connection; the `delivery.senderConnection` option). */
  readonly fromConnection?: string;
  /** Publish time, ms since the epoch, when the server stamps deliveries (the `delivery.timestamps` option). */
  readonly ts?: number;
  /** Event payload (validated against the contract). */
  readonly data?: unknown;
}

/**
 * A published message: its place in its stream and its frame, encoded once and sent as is to
 * every recipient (and on replay). A message is identified by stream, epoch and seq.
 *
 * @example
 * ```ts
 * const message: StreamMessage = { stream: 'all', epoch: 'e1', seq: 7, text: joinDelivery(deliveryTemplate(draft), 'e1', 7) };
 * ```
 */
export interface StreamMessage {
  /** The stream. */
  readonly stream: string;
  /** The stream's epoch. */
  readonly epoch: string;
  /** The message's seq (1 or more); seq 1 opens an epoch (its frame is in the full form and carries the epoch). */
  readonly seq: number;
  /** The delivery frame (`joinDelivery`). */
  readonly text: string;
}

/**
 * What reading a stream's log after a position gives: every message after it, in order, or the
 * reason it cannot (never part of them). `position` is the stream's current position either way.
 *
 * @example
 * ```ts
 * const read: HistoryRead = { ok: false, reason: 'window_exceeded', position: { epoch: 'e1', seq: 4000 } };
 * ```
 */
export type HistoryRead =
  | { readonly ok: true; readonly messages: readonly StreamMessage[]; readonly position: StreamPosition }
  | { readonly ok: false; readonly reason: 'window_exceeded' | 'epoch_changed'; readonly position: StreamPosition };

/**
 * A session as an adapter may remember it across nodes (for resume on another process).
 *
 * @example
 * ```ts
 * const ref: SessionRef = { sessionId: '3b241101-e2bb-4255-8caf-4136c566a962', userId: 'alice' };
 * ```
 */
export interface SessionRef {
  /** The session id. */
  readonly sessionId: string;
  /** The user it belongs to. */
  readonly userId: string;
}

/**
 * One connection's presence in a topic.
 *
 * @example
 * ```ts
 * const entry: PresenceEntry = { topic: 'lobby', userId: 'alice', connectionId: 'c1', data: { name: 'Alice' } };
 * ```
 */
export interface PresenceEntry {
  /** The topic. */
  readonly topic: string;
  /** The user. */
  readonly userId: string;
  /** The connection subscribed to the topic. */
  readonly connectionId: string;
  /** What presence lists show for the user (from the `presenceData` option). */
  readonly data?: unknown;
}

export type { PresenceChange } from '@parley/protocol';

/**
 * One connection as the adapter is told about it.
 *
 * @example
 * ```ts
 * const c: ConnectionRef = { connectionId: 'c1', userId: 'alice' };
 * ```
 */
export interface ConnectionRef {
  /** The connection. */
  readonly connectionId: string;
  /** Its user. */
  readonly userId: string;
}

/**
 * What a server (one node) offers its adapter: delivery to the sockets of this process. An
 * adapter calls these for every node of the cluster, the local one included.
 *
 * @example
 * ```ts
 * // inside an adapter, after assigning epoch and seq:
 * node.deliver(message);
 * ```
 */
export interface AdapterNode {
  /** Delivers a message to this node's recipients of its stream. Never throws. */
  deliver(message: StreamMessage): void;
  /** Sends a presence notice to this node's connections watching the topic. Never throws. */
  presenceChanged(change: PresenceChange): void;
  /** Closes this node's connections of the user. Never throws. */
  disconnectUser(userId: string, code: number, reason: string): void;
  /**
   * Optional: closes this node's recipients of `stream` (with the protocol's notice for the
   * code). An adapter that missed messages of a stream it cannot deliver any more (a gap its log
   * cannot fill) calls it with a retryable code, so those clients reconnect and learn of the gap
   * through resume (`recovered: false`) instead of never seeing it. Never throws.
   */
  closeStream?(stream: string, code: number, reason: string): void;
  /**
   * Whether this node has a recipient of `stream` now (for `all`, any open session). An adapter
   * that keeps per-stream state may ask instead of tracking `watch` / `unwatch` itself.
   */
  hasRecipients(stream: string): boolean;
  /** Whether this node has an open session with this connection id. */
  hasConnection(connectionId: string): boolean;
}

/**
 * The adapter interface. One instance serves one server; `init` is called once before any other
 * method. Methods may return promises; a rejection is reported to the caller (for publish,
 * presence list and read) or logged.
 *
 * Ordering contract: messages of one stream reach `node.deliver` in `seq` order on every node.
 *
 * @example
 * ```ts
 * const server = createParleyServer({ server: http, adapter: new MemoryAdapter({ historySize: 500 }) });
 * ```
 */
export interface Adapter {
  /** Called once with the local node. */
  init(node: AdapterNode): void | Promise<void>;
  /** Places the draft in its stream (next `seq` of the current `epoch`), appends it to the log, delivers it on every node, and returns its place. */
  publish(draft: MessageDraft): PublishResult | Promise<PublishResult>;
  /** The stream's current position (seq 0 for a stream with no message yet). */
  position(stream: string): StreamPosition | Promise<StreamPosition>;
  /**
   * The messages after `since`, or why they cannot be had (resume, protocol 7): all of them, in
   * seq order, or none with `window_exceeded` (some were dropped from the log) or
   * `epoch_changed` (`since.epoch` is not the current epoch, or `since.seq` is past the current
   * seq). `position` is the stream's position as of the read, and `messages` are exactly those
   * after `since` up to it. A message must be in the log before any node delivers it, so one
   * delivered after the read started is either in `messages` or after `position`: the server
   * holds live deliveries of the stream from before the read and drops those at or below
   * `position`, which is how a replay and live messages join without a gap or a duplicate.
   */
  read(stream: string, since: StreamPosition): HistoryRead | Promise<HistoryRead>;
  /** This node now has recipients for `stream` (a first subscriber, a first connection of a user). */
  watch(stream: string): void | Promise<void>;
  /** This node has no more recipients for `stream`. */
  unwatch(stream: string): void | Promise<void>;
  /** A connection subscribed to a topic; announces a join (via every node's `presenceChanged`) when it is the user's first. */
  presenceAdd(entry: PresenceEntry): void | Promise<void>;
  /** A connection left a topic; announces a leave when it was the user's last. */
  presenceRemove(entry: PresenceEntry): void | Promise<void>;
  /** Who is present in a topic, cluster-wide. */
  presenceList(topic: string): readonly PresenceMember[] | Promise<readonly PresenceMember[]>;
  /** A session opened on this node. */
  connectionOpened(connection: ConnectionRef): void | Promise<void>;
  /** A session on this node ended (after its presence entries were removed). */
  connectionClosed(connection: ConnectionRef): void | Promise<void>;
  /** Whether a connection with this id has a session anywhere in the cluster. */
  hasConnection(connectionId: string): boolean | Promise<boolean>;
  /** Closes the user's connections on every node (calls every node's `disconnectUser`). */
  disconnectUser(userId: string, code: number, reason: string): void | Promise<void>;
  /** Releases timers and connections. */
  close(): void | Promise<void>;
  /**
   * Optional, for resume on another node: remember that the session exists, for `ttlMs` from
   * now (called when it opens and again when its connection closes). Without it, a session can
   * be resumed only on the node that opened it; elsewhere the client is told `unknown_session`.
   */
  rememberSession?(session: SessionRef, ttlMs: number): void | Promise<void>;
  /** Optional, with `rememberSession`: the session if it is remembered anywhere in the cluster. */
  findSession?(sessionId: string): SessionRef | undefined | Promise<SessionRef | undefined>;
}
