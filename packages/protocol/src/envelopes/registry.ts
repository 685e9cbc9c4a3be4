import type * as v from 'valibot';
import type { BuiltinMethod } from './methods.js';
import { BroadcastParamsSchema, PrivateParamsSchema, PublishResultSchema } from './messaging.js';
import {
  ErrorParamsSchema,
  GoAwayParamsSchema,
  HelloParamsSchema,
  PingParamsSchema,
  PingResultSchema,
  RefreshParamsSchema,
  RefreshResultSchema,
  WelcomeSchema,
} from './session.js';
import {
  PresenceEventSchema,
  PresenceParamsSchema,
  PresenceResultSchema,
  SubscribeParamsSchema,
  SubscribeResultSchema,
  UnsubscribeParamsSchema,
  UnsubscribeResultSchema,
} from './topics.js';

/**
 * Any valibot schema, as the registry holds them.
 *
 * @example
 * ```ts
 * const params: AnySchema = ENVELOPES['rpc.ping'].params;
 * v.is(params, {}); // true
 * ```
 */
export type AnySchema = v.GenericSchema;

/**
 * How one built-in envelope travels and what its parts look like.
 *
 * @example
 * ```ts
 * const spec: EnvelopeSpec = ENVELOPES['rpc.goaway'];
 * spec.from;   // 'server'
 * spec.kind;   // 'notification'
 * spec.result; // undefined: notifications get no response
 * ```
 */
export interface EnvelopeSpec {
  /** Who sends it. */
  readonly from: 'client' | 'server';
  /** `request` expects a response; `notification` never gets one. */
  readonly kind: 'request' | 'notification';
  /** Schema of `params`. */
  readonly params: AnySchema;
  /** Schema of the success `result` (requests only). */
  readonly result?: AnySchema;
}

// Keys are the literal names (the type checks them against `Method`): computed keys such as
// `[Method.Hello]` would make bundlers keep this table, and with it every schema, in every bundle.
/**
 * Every built-in envelope of protocol v1, by method name: direction, kind and schemas. Deliveries
 * are not built-ins: they are named after their application event (`DeliveryParamsSchema`).
 *
 * @example
 * ```ts
 * import * as v from 'valibot';
 * const spec = ENVELOPES['rpc.subscribe'];
 * v.safeParse(spec.params, { topic: 'room:1' }).success; // true
 * ```
 */
export const ENVELOPES: Readonly<Record<BuiltinMethod, EnvelopeSpec>> = {
  'rpc.hello': { from: 'client', kind: 'request', params: HelloParamsSchema, result: WelcomeSchema },
  'rpc.refresh': { from: 'client', kind: 'request', params: RefreshParamsSchema, result: RefreshResultSchema },
  'rpc.ping': { from: 'client', kind: 'request', params: PingParamsSchema, result: PingResultSchema },
  'rpc.subscribe': { from: 'client', kind: 'request', params: SubscribeParamsSchema, result: SubscribeResultSchema },
  'rpc.unsubscribe': { from: 'client', kind: 'request', params: UnsubscribeParamsSchema, result: UnsubscribeResultSchema },
  'rpc.broadcast': { from: 'client', kind: 'request', params: BroadcastParamsSchema, result: PublishResultSchema },
  'rpc.private': { from: 'client', kind: 'request', params: PrivateParamsSchema, result: PublishResultSchema },
  'rpc.presence': { from: 'client', kind: 'request', params: PresenceParamsSchema, result: PresenceResultSchema },
  'rpc.presence.join': { from: 'server', kind: 'notification', params: PresenceEventSchema },
  'rpc.presence.leave': { from: 'server', kind: 'notification', params: PresenceEventSchema },
  'rpc.goaway': { from: 'server', kind: 'notification', params: GoAwayParamsSchema },
  'rpc.error': { from: 'server', kind: 'notification', params: ErrorParamsSchema },
};
