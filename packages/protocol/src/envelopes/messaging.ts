import * as v from 'valibot';
import {
  ConnectionIdSchema,
  EpochSchema,
  NameSchema,
  RecipientSchema,
  SenderSchema,
  SeqSchema,
  StreamSchema,
  TopicSchema,
} from './primitives.js';

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
 * Result of `rpc.broadcast` and `rpc.private`: the published message's place in its stream,
 * which identifies it (a message is identified by stream, epoch and seq).
 *
 * @example
 * ```ts
 * v.is(PublishResultSchema, { stream: 'topic:room:1', epoch: 'e1', seq: 7 }); // true
 * ```
 */
export const PublishResultSchema = v.object({ stream: StreamSchema, epoch: EpochSchema, seq: SeqSchema });

/** A delivered message's seq: 1 or more. */
const DeliverySeqSchema = v.pipe(SeqSchema, v.minValue(1));

/**
 * A delivery's params in the full form (protocol 6.1): every member named, the epoch included. A
 * server sends it for the first message of an epoch (seq 1) and whenever the delivery carries
 * `fromConnection` or `ts`; otherwise the compact form ({@link CompactDeliverySchema}).
 *
 * @example
 * ```ts
 * v.is(FullDeliverySchema, { stream: 'topic:room:1', seq: 1, epoch: 'e1', from: 'alice', data: { text: 'hi' } }); // true
 * ```
 */
export const FullDeliverySchema = v.object({
  stream: StreamSchema,
  seq: DeliverySeqSchema,
  epoch: EpochSchema,
  from: SenderSchema,
  fromConnection: v.optional(ConnectionIdSchema),
  ts: v.optional(v.number()),
  data: v.optional(v.unknown()),
});

/**
 * A delivery's params in the compact form (protocol 6.1): `[stream, seq, from]` or
 * `[stream, seq, from, data]`. The epoch is the one the receiver knows for the stream.
 *
 * @example
 * ```ts
 * v.is(CompactDeliverySchema, ['all', 17, null, { text: 'Maintenance at 22:00 UTC' }]); // true
 * ```
 */
export const CompactDeliverySchema = v.union([
  v.strictTuple([StreamSchema, DeliverySeqSchema, SenderSchema]),
  v.strictTuple([StreamSchema, DeliverySeqSchema, SenderSchema, v.unknown()]),
]);

/**
 * The params of a delivery: a notification named after its application event (protocol 6.1),
 * in either form.
 *
 * @example
 * ```ts
 * v.is(DeliveryParamsSchema, ['user:bob', 3, 'alice', { text: 'Lunch at 12?' }]); // true
 * ```
 */
export const DeliveryParamsSchema = v.union([CompactDeliverySchema, FullDeliverySchema]);

/**
 * A delivered message as the server builds it and a client reads it, whichever form it travels
 * in: its event, its place in its stream (with the epoch, which the compact form leaves to the
 * receiver), its sender and its payload.
 *
 * @example
 * ```ts
 * const delivery: Delivery = { event: 'chat.message', stream: 'topic:room:1', epoch: 'e1', seq: 7, from: 'alice', data: { text: 'hi' } };
 * ```
 */
export interface Delivery {
  /** The application event (the notification's method). */
  readonly event: string;
  /** The stream the message belongs to. */
  readonly stream: string;
  /** The stream's epoch. */
  readonly epoch: string;
  /** The message's position in the stream's epoch (1 or more). */
  readonly seq: number;
  /** The sending user's id; `null` when the server application sent it. */
  readonly from: string | null;
  /** The sending connection, when the delivery carries it. */
  readonly fromConnection?: string;
  /** When the server accepted the message (ms since the epoch), when the server stamps deliveries. */
  readonly ts?: number;
  /** The event payload; absent when the event has none. */
  readonly data?: unknown;
}
