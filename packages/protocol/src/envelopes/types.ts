/**
 * TypeScript types of the built-in envelopes, inferred from their valibot schemas so the two can
 * never drift apart. Server and client both use them.
 *
 * @module
 */
import type * as v from 'valibot';
import type { BroadcastParamsSchema, PrivateParamsSchema, PublishResultSchema } from './messaging.js';
import type { RecipientSchema, SenderSchema } from './primitives.js';
import type {
  ErrorParamsSchema,
  GoAwayParamsSchema,
  HelloParamsSchema,
  IdentitySchema,
  RefreshParamsSchema,
  RefreshResultSchema,
  ResumeFailureReasonSchema,
  ResumeResultSchema,
  WelcomeSchema,
} from './session.js';
import type {
  PresenceEventSchema,
  PresenceMemberSchema,
  PresenceParamsSchema,
  PresenceResultSchema,
  SubscribeParamsSchema,
  SubscribeResultSchema,
  UnsubscribeParamsSchema,
  UnsubscribeResultSchema,
} from './topics.js';

/**
 * `rpc.hello` params.
 *
 * @example
 * ```ts
 * const hello: HelloParams = { credentials: 'token', client: 'my-app/1.0' };
 * ```
 */
export type HelloParams = v.InferOutput<typeof HelloParamsSchema>;

/**
 * The welcome (`rpc.hello` result).
 *
 * @example
 * ```ts
 * const onWelcome = (w: Welcome) => console.log(w.connectionId, w.heartbeat.intervalMs);
 * ```
 */
export type Welcome = v.InferOutput<typeof WelcomeSchema>;

/**
 * The identity a session runs as, as sent on the wire.
 *
 * @example
 * ```ts
 * const me: WireIdentity = { userId: 'alice' };
 * ```
 */
export type WireIdentity = v.InferOutput<typeof IdentitySchema>;

/**
 * The outcome of resuming one stream.
 *
 * @example
 * ```ts
 * const r: ResumeResult = { stream: 'user:bob', recovered: false, epoch: 'e2', seq: 0, reason: 'epoch_changed' };
 * ```
 */
export type ResumeResult = v.InferOutput<typeof ResumeResultSchema>;

/**
 * Why a stream could not be resumed.
 *
 * @example
 * ```ts
 * const reason: ResumeFailureReason = 'window_exceeded';
 * ```
 */
export type ResumeFailureReason = v.InferOutput<typeof ResumeFailureReasonSchema>;

/**
 * `rpc.refresh` params.
 *
 * @example
 * ```ts
 * const p: RefreshParams = { credentials: 'new-token' };
 * ```
 */
export type RefreshParams = v.InferOutput<typeof RefreshParamsSchema>;

/**
 * `rpc.refresh` result.
 *
 * @example
 * ```ts
 * const r: RefreshResult = { identity: { userId: 'alice' }, expiresAt: 1700000600000 };
 * ```
 */
export type RefreshResult = v.InferOutput<typeof RefreshResultSchema>;

/**
 * `rpc.goaway` params.
 *
 * @example
 * ```ts
 * const g: GoAwayParams = { reason: 'restart', reconnectWindowMs: 5000 };
 * ```
 */
export type GoAwayParams = v.InferOutput<typeof GoAwayParamsSchema>;

/**
 * `rpc.error` params.
 *
 * @example
 * ```ts
 * const e: ErrorParams = { code: -32006, message: 'Unsupported protocol version' };
 * ```
 */
export type ErrorParams = v.InferOutput<typeof ErrorParamsSchema>;

/**
 * `rpc.subscribe` params.
 *
 * @example
 * ```ts
 * const p: SubscribeParams = { topic: 'room:1', presence: true };
 * ```
 */
export type SubscribeParams = v.InferOutput<typeof SubscribeParamsSchema>;

/**
 * `rpc.subscribe` result.
 *
 * @example
 * ```ts
 * const r: SubscribeResult = { topic: 'room:1', stream: 'topic:room:1', epoch: 'e1', seq: 0 };
 * ```
 */
export type SubscribeResult = v.InferOutput<typeof SubscribeResultSchema>;

/**
 * `rpc.unsubscribe` params.
 *
 * @example
 * ```ts
 * const p: UnsubscribeParams = { topic: 'room:1' };
 * ```
 */
export type UnsubscribeParams = v.InferOutput<typeof UnsubscribeParamsSchema>;

/**
 * `rpc.unsubscribe` result.
 *
 * @example
 * ```ts
 * const r: UnsubscribeResult = { topic: 'room:1', wasSubscribed: true };
 * ```
 */
export type UnsubscribeResult = v.InferOutput<typeof UnsubscribeResultSchema>;

/**
 * `rpc.presence` params.
 *
 * @example
 * ```ts
 * const p: PresenceParams = { topic: 'room:1' };
 * ```
 */
export type PresenceParams = v.InferOutput<typeof PresenceParamsSchema>;

/**
 * One present user in a topic.
 *
 * @example
 * ```ts
 * const m: PresenceMember = { userId: 'alice', connections: 2 };
 * ```
 */
export type PresenceMember = v.InferOutput<typeof PresenceMemberSchema>;

/**
 * `rpc.presence` result.
 *
 * @example
 * ```ts
 * const r: PresenceResult = { topic: 'room:1', members: [{ userId: 'alice', connections: 1 }] };
 * ```
 */
export type PresenceResult = v.InferOutput<typeof PresenceResultSchema>;

/**
 * `rpc.presence.join` / `rpc.presence.leave` params.
 *
 * @example
 * ```ts
 * const e: PresenceEvent = { topic: 'room:1', userId: 'bob', ts: 1700000000000 };
 * ```
 */
export type PresenceEvent = v.InferOutput<typeof PresenceEventSchema>;

/**
 * A user joined (their first connection subscribed) or left (their last one is gone) a topic: the
 * params of `rpc.presence.join` / `rpc.presence.leave` with the kind of notice. What the server's
 * adapter passes around and what a client's presence listeners receive.
 *
 * @example
 * ```ts
 * const change: PresenceChange = { type: 'join', topic: 'lobby', userId: 'alice', ts: Date.now() };
 * ```
 */
export interface PresenceChange {
  /** `join` or `leave`. */
  readonly type: 'join' | 'leave';
  /** The topic. */
  readonly topic: string;
  /** The user. */
  readonly userId: string;
  /** The user's presence data (application data from authentication by default). */
  readonly data?: unknown;
  /** When it happened, ms since the epoch (server clock). */
  readonly ts: number;
}

/**
 * `rpc.broadcast` params.
 *
 * @example
 * ```ts
 * const p: BroadcastParams = { topic: 'room:1', event: 'chat.message', data: { text: 'hi' } };
 * ```
 */
export type BroadcastParams = v.InferOutput<typeof BroadcastParamsSchema>;

/**
 * `rpc.private` params.
 *
 * @example
 * ```ts
 * const p: PrivateParams = { to: { userId: 'bob' }, event: 'chat.dm', data: { text: 'psst' } };
 * ```
 */
export type PrivateParams = v.InferOutput<typeof PrivateParamsSchema>;

/**
 * The result of `rpc.broadcast` / `rpc.private`: the message's place in its stream.
 *
 * @example
 * ```ts
 * const r: PublishResult = { stream: 'topic:room:1', epoch: 'e1', seq: 7 };
 * ```
 */
export type PublishResult = v.InferOutput<typeof PublishResultSchema>;

/**
 * The sender of a delivered message: the sending user's id, or `null` for the server.
 *
 * @example
 * ```ts
 * const from: Sender = 'alice';
 * ```
 */
export type Sender = v.InferOutput<typeof SenderSchema>;

/**
 * The target of a private message: all of a user's connections, or one connection.
 *
 * @example
 * ```ts
 * const to: Recipient = { userId: 'bob' };
 * ```
 */
export type Recipient = v.InferOutput<typeof RecipientSchema>;
