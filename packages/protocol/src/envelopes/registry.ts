import type * as v from 'valibot';
import { Method, type BuiltinMethod } from './methods.js';
import { BroadcastParamsSchema, DeliverySchema, PrivateParamsSchema, PublishResultSchema } from './messaging.js';
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

/** Any valibot schema, as the registry holds them. */
export type AnySchema = v.GenericSchema;

/** How one built-in envelope travels and what its parts look like. */
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

/**
 * Every built-in envelope of protocol v1, by method name: direction, kind and schemas.
 *
 * @example
 * ```ts
 * import * as v from 'valibot';
 * const spec = ENVELOPES['rpc.subscribe'];
 * v.safeParse(spec.params, { topic: 'room:1' }).success; // true
 * ```
 */
export const ENVELOPES: Readonly<Record<BuiltinMethod, EnvelopeSpec>> = {
  [Method.Hello]: { from: 'client', kind: 'request', params: HelloParamsSchema, result: WelcomeSchema },
  [Method.Refresh]: { from: 'client', kind: 'request', params: RefreshParamsSchema, result: RefreshResultSchema },
  [Method.Ping]: { from: 'client', kind: 'request', params: PingParamsSchema, result: PingResultSchema },
  [Method.Subscribe]: { from: 'client', kind: 'request', params: SubscribeParamsSchema, result: SubscribeResultSchema },
  [Method.Unsubscribe]: { from: 'client', kind: 'request', params: UnsubscribeParamsSchema, result: UnsubscribeResultSchema },
  [Method.Broadcast]: { from: 'client', kind: 'request', params: BroadcastParamsSchema, result: PublishResultSchema },
  [Method.Private]: { from: 'client', kind: 'request', params: PrivateParamsSchema, result: PublishResultSchema },
  [Method.Presence]: { from: 'client', kind: 'request', params: PresenceParamsSchema, result: PresenceResultSchema },
  [Method.Message]: { from: 'server', kind: 'notification', params: DeliverySchema },
  [Method.PresenceJoin]: { from: 'server', kind: 'notification', params: PresenceEventSchema },
  [Method.PresenceLeave]: { from: 'server', kind: 'notification', params: PresenceEventSchema },
  [Method.GoAway]: { from: 'server', kind: 'notification', params: GoAwayParamsSchema },
  [Method.Error]: { from: 'server', kind: 'notification', params: ErrorParamsSchema },
};
