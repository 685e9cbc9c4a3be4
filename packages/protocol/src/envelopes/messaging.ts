import * as v from 'valibot';
import { NameSchema, RecipientSchema, SenderSchema, SeqSchema, EpochSchema, StreamSchema, TopicSchema } from './primitives.js';

/**
 * `rpc.broadcast` params: an application event to a topic, or to everyone when `topic` is absent.
 *
 * @example
 * ```ts
 * v.is(BroadcastParamsSchema, { topic: 'room:1', event: 'chat.message', data: { text: 'hi' } }); // true
 * ```
 */
export const BroadcastParamsSchema = v.object({
  topic: v.optional(TopicSchema),
  event: NameSchema,
  data: v.optional(v.unknown()),
});

/**
 * `rpc.private` params: an application event to every connection of a user, or to one connection.
 *
 * @example
 * ```ts
 * v.is(PrivateParamsSchema, { to: { userId: 'bob' }, event: 'chat.dm', data: { text: 'psst' } }); // true
 * ```
 */
export const PrivateParamsSchema = v.object({
  to: RecipientSchema,
  event: NameSchema,
  data: v.optional(v.unknown()),
});

/**
 * Result of `rpc.broadcast` and `rpc.private`: the published message's id and place in its stream.
 *
 * @example
 * ```ts
 * v.is(PublishResultSchema, { id: 'm1', stream: 'topic:room:1', epoch: 'e1', seq: 7 }); // true
 * ```
 */
export const PublishResultSchema = v.object({ id: v.pipe(v.string(), v.minLength(1), v.maxLength(128)), stream: StreamSchema, epoch: EpochSchema, seq: SeqSchema });

/**
 * `rpc.message` params: one delivered message. `stream`, `epoch` and `seq` place it in its
 * stream so a client can detect gaps and duplicates; `topic` is set for topic broadcasts, `to`
 * for private messages; `from` is `null` when the server itself sent it.
 *
 * @example
 * ```ts
 * v.is(DeliverySchema, {
 *   id: 'm1', stream: 'topic:room:1', epoch: 'e1', seq: 7, ts: 1700000000000,
 *   from: { userId: 'alice', connectionId: 'c1' }, topic: 'room:1', event: 'chat.message', data: { text: 'hi' },
 * }); // true
 * ```
 */
export const DeliverySchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  stream: StreamSchema,
  epoch: EpochSchema,
  seq: SeqSchema,
  ts: v.number(),
  from: SenderSchema,
  topic: v.optional(TopicSchema),
  to: v.optional(RecipientSchema),
  event: NameSchema,
  data: v.optional(v.unknown()),
});

/**
 * A delivered message (`rpc.message` params).
 *
 * @example
 * ```ts
 * const log = (m: Delivery) => console.log(m.stream, m.seq, m.from?.userId ?? 'server', m.event, m.data);
 * ```
 */
export type Delivery = v.InferOutput<typeof DeliverySchema>;
