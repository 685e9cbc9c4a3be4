/**
 * The shapes the client hands to applications: results of the built-in methods, delivery
 * metadata, the session. They mirror the protocol's envelope schemas (type tests pin that).
 *
 * @module
 */
import type { ResumeResult, WelcomeLimits } from '@parley/protocol';

/**
 * Who a session runs as, as the server's authentication decided.
 *
 * @example
 * ```ts
 * client.session?.identity.userId; // 'alice'
 * ```
 */
export interface Identity {
  /** The user id. */
  readonly userId: string;
  /** Application data from authentication (a display name, roles). */
  readonly data?: unknown;
}

/**
 * The current session, from the server's welcome (`identity` and `expiresAt` follow refreshes).
 *
 * @example
 * ```ts
 * await client.connect();
 * client.session?.limits.maxMessageBytes; // 65536
 * ```
 */
export interface Session {
  /** The protocol version in use (`parley.v1`). */
  readonly protocol: string;
  /** This connection's id (the target of `send({ connectionId })`). */
  readonly connectionId: string;
  /** The session id (used to resume after a reconnect). */
  readonly sessionId: string;
  /** Who the session runs as. */
  readonly identity: Identity;
  /** When the credentials expire (ms since the epoch), if they do. */
  readonly expiresAt?: number | undefined;
  /** The limits the server enforces; the client pre-checks `maxMessageBytes`. */
  readonly limits: WelcomeLimits;
  /** The server's heartbeat timing. */
  readonly heartbeat: { readonly intervalMs: number; readonly timeoutMs: number };
  /** The server's clock at welcome time. */
  readonly serverTime: number;
  /** Positions of the streams the session receives from the start (`all`, `user:<userId>`). */
  readonly streams: readonly { readonly stream: string; readonly epoch: string; readonly seq: number }[];
  /** After a reconnect: what became of each stream the client asked to resume (also told through `onRecovery`). */
  readonly resume?: readonly ResumeResult[] | undefined;
}

/**
 * The target of a private message: every connection of a user, or one connection.
 *
 * @example
 * ```ts
 * await client.send({ userId: 'bob' }, 'chat.dm', { text: 'psst' });
 * ```
 */
export type Recipient = { readonly userId: string } | { readonly connectionId: string };

/**
 * The sender of a delivered message: the sending user's id, or `null` for the server itself.
 *
 * @example
 * ```ts
 * client.on('chat.message', (msg, meta) => meta.from ?? 'the server');
 * ```
 */
export type Sender = string | null;

/**
 * Where a delivered message sits and where it came from. A message is identified by its stream,
 * epoch and seq; a private message is on the stream `user:<your id>` or `conn:<your connection>`.
 * `topic` is read off the stream name; `fromConnection` and `ts` come only when the server sends
 * them (protocol 6.1).
 *
 * @example
 * ```ts
 * client.on('chat.message', (msg, { stream, seq, from }) => console.log(stream, seq, from));
 * ```
 */
export interface DeliveryMeta {
  /** The stream it belongs to (`all`, `topic:<topic>`, `user:<userId>`, `conn:<connectionId>`). */
  readonly stream: string;
  /** The stream's epoch. */
  readonly epoch: string;
  /** Its sequence number within the stream and epoch. */
  readonly seq: number;
  /** The sending user's id; `null` when the server application sent it. */
  readonly from: Sender;
  /** The sending connection: on messages sent to one connection, or always when the server is set to add it. */
  readonly fromConnection: string | undefined;
  /** When the server published it (ms since the epoch), when the server stamps deliveries (`delivery.timestamps`). */
  readonly ts: number | undefined;
  /** The topic, for topic broadcasts (read off the stream name). */
  readonly topic: string | undefined;
}

/**
 * Result of `broadcast` and `send`: the published message's place in its stream, which identifies it.
 *
 * @example
 * ```ts
 * const { stream, seq } = await client.broadcast('room:1', 'chat.message', { text: 'hi' });
 * ```
 */
export interface PublishResult {
  /** The stream it went to. */
  readonly stream: string;
  /** The stream's epoch. */
  readonly epoch: string;
  /** Its sequence number. */
  readonly seq: number;
}

/**
 * Why a stream could not be resumed (see the protocol's `ResumeFailureReasonSchema`).
 *
 * @example
 * ```ts
 * if (result.reason === 'window_exceeded') reloadRoom();
 * ```
 */
export type ResumeFailureReason = 'window_exceeded' | 'epoch_changed' | 'unknown_session' | 'forbidden' | 'unknown_stream';

/**
 * Result of `subscribe`: the topic's stream and its current position.
 *
 * @example
 * ```ts
 * const { stream, seq } = await client.subscribe('room:1');
 * ```
 */
export interface SubscribeResult {
  /** The topic. */
  readonly topic: string;
  /** Its stream (`topic:<topic>`). */
  readonly stream: string;
  /** The stream's epoch. */
  readonly epoch: string;
  /** The stream's last sequence number. */
  readonly seq: number;
  /** With a replay position: whether the missed messages were replayed. */
  readonly recovered?: boolean | undefined;
  /** With a replay position: how many messages were replayed. */
  readonly replayed?: number | undefined;
  /** Why recovery failed. */
  readonly reason?: ResumeFailureReason | undefined;
}

/**
 * Result of `unsubscribe`.
 *
 * @example
 * ```ts
 * (await client.unsubscribe('room:1')).wasSubscribed; // true
 * ```
 */
export interface UnsubscribeResult {
  /** The topic. */
  readonly topic: string;
  /** Whether this connection was subscribed. */
  readonly wasSubscribed: boolean;
}

/**
 * One user present in a topic.
 *
 * @example
 * ```ts
 * const { members } = await client.presence('room:1');
 * members.map((m: PresenceMember) => m.userId);
 * ```
 */
export interface PresenceMember {
  /** The user. */
  readonly userId: string;
  /** How many of the user's connections are subscribed. */
  readonly connections: number;
  /** Application data from authentication. */
  readonly data?: unknown;
}

/**
 * Result of `presence`.
 *
 * @example
 * ```ts
 * const { members } = await client.presence('room:1');
 * ```
 */
export interface PresenceResult {
  /** The topic. */
  readonly topic: string;
  /** Who is present. */
  readonly members: readonly PresenceMember[];
}

export type { PresenceChange } from '@parley/protocol';

/**
 * Result of `refresh`: the (possibly updated) identity and its new expiry.
 *
 * @example
 * ```ts
 * const { expiresAt } = await client.refresh({ token: newToken });
 * ```
 */
export interface RefreshResult {
  /** Who the session now runs as. */
  readonly identity: Identity;
  /** When the new credentials expire. */
  readonly expiresAt?: number | undefined;
}
