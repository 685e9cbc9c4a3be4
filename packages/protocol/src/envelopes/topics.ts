import * as v from 'valibot';
import { ResumeFailureReasonSchema } from './session.js';
import { EpochSchema, PositionSchema, SeqSchema, StreamSchema, TopicSchema, UserIdSchema } from './primitives.js';

/**
 * `rpc.subscribe` params: the topic, whether to receive presence join/leave notices, and
 * optionally the position after which to replay missed messages.
 *
 * @example
 * ```ts
 * v.is(SubscribeParamsSchema, { topic: 'room:1', presence: true }); // true
 * ```
 */
export const SubscribeParamsSchema = v.object({
  topic: TopicSchema,
  presence: v.optional(v.boolean()),
  since: v.optional(PositionSchema),
});

/**
 * `rpc.subscribe` result: the topic's stream and current position; with `since`, whether the
 * missed messages were replayed (they arrive before this result) or why not.
 *
 * @example
 * ```ts
 * v.is(SubscribeResultSchema, { topic: 'room:1', stream: 'topic:room:1', epoch: 'e1', seq: 0 }); // true
 * ```
 */
export const SubscribeResultSchema = v.object({
  topic: TopicSchema,
  stream: StreamSchema,
  epoch: EpochSchema, // PositionSchema's entries, written out: a spread would keep schemas alive in bundles
  seq: SeqSchema,
  recovered: v.optional(v.boolean()),
  replayed: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  reason: v.optional(ResumeFailureReasonSchema),
});

/**
 * `rpc.unsubscribe` params.
 *
 * @example
 * ```ts
 * v.is(UnsubscribeParamsSchema, { topic: 'room:1' }); // true
 * ```
 */
export const UnsubscribeParamsSchema = v.object({ topic: TopicSchema });

/**
 * `rpc.unsubscribe` result: whether the connection was subscribed.
 *
 * @example
 * ```ts
 * v.is(UnsubscribeResultSchema, { topic: 'room:1', wasSubscribed: true }); // true
 * ```
 */
export const UnsubscribeResultSchema = v.object({ topic: TopicSchema, wasSubscribed: v.boolean() });

/**
 * `rpc.presence` params: the topic to list.
 *
 * @example
 * ```ts
 * v.is(PresenceParamsSchema, { topic: 'room:1' }); // true
 * ```
 */
export const PresenceParamsSchema = v.object({ topic: TopicSchema });

/**
 * One present user: id, how many of their connections are in the topic, and app data from
 * authentication.
 *
 * @example
 * ```ts
 * v.is(PresenceMemberSchema, { userId: 'alice', connections: 2 }); // true
 * ```
 */
export const PresenceMemberSchema = v.object({
  userId: UserIdSchema,
  connections: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  data: v.optional(v.unknown()),
});

/**
 * `rpc.presence` result.
 *
 * @example
 * ```ts
 * v.is(PresenceResultSchema, { topic: 'room:1', members: [{ userId: 'alice', connections: 1 }] }); // true
 * ```
 */
export const PresenceResultSchema = v.object({ topic: TopicSchema, members: v.array(PresenceMemberSchema) });

/**
 * `rpc.presence.join` / `rpc.presence.leave` params: who joined or left which topic, and when.
 *
 * @example
 * ```ts
 * v.is(PresenceEventSchema, { topic: 'room:1', userId: 'bob', ts: 1700000000000 }); // true
 * ```
 */
export const PresenceEventSchema = v.object({
  topic: TopicSchema,
  userId: UserIdSchema,
  data: v.optional(v.unknown()),
  ts: v.number(),
});
