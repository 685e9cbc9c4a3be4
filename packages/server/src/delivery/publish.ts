/**
 * Publishing an application event: checked against the contract once, then handed to the
 * adapter, which numbers it, logs it and fans it out.
 *
 * @module
 */
import {
  getEvent,
  invalidParamsError,
  parseStream,
  validateFast,
  type AnyContract,
  type PublishResult,
} from '@parley/protocol';
import type { Adapter, MessageDraft } from './adapter.js';
import { andThen } from '../util/maybe-promise.js';
import type { DeliveryOptions } from '../options.js';

/** What to publish (internal). */
export interface PublishRequest {
  readonly stream: string;
  /** The sending user, `null` for the server. */
  readonly from: string | null;
  /** The sending connection (client publishes); the delivery carries it where the protocol says. */
  readonly fromConnection?: string;
  readonly event: string;
  readonly data: unknown;
}

/** What publishing needs from the server (internal). */
export interface Publisher {
  readonly contract: AnyContract;
  readonly adapter: Adapter;
  readonly delivery: Required<DeliveryOptions>;
}

/**
 * Checks the event against the contract: an unknown name or an invalid payload throws -32602
 * with `data.issues` (the name's issue at path `event`, payload issues under `data`).
 * Returns the validated payload.
 *
 * @example
 * ```ts
 * checkEvent(contract, 'chat.message', { text: 'hi' }); // the parsed payload
 * ```
 */
export function checkEvent(contract: AnyContract, event: string, data: unknown): unknown {
  const schema = getEvent(contract, event);
  if (!schema) throw invalidParamsError([{ path: 'event', message: `Unknown event ${JSON.stringify(event.slice(0, 128))}` }]);
  const result = validateFast(schema, data);
  if (!result.success) {
    throw invalidParamsError(result.issues.map((issue) => ({ ...issue, path: issue.path ? `data.${issue.path}` : 'data' })));
  }
  return result.output;
}

/**
 * The draft of a message (internal): the sending connection only on a message to one connection
 * (protocol 6.1) or with `delivery.senderConnection`, the time only with `delivery.timestamps`.
 *
 * @example
 * ```ts
 * toDraft({ senderConnection: false, timestamps: false }, { stream: 'all', from: 'alice', fromConnection: 'c1', event: 'news', data: 1 }, 1);
 * // { stream: 'all', event: 'news', from: 'alice', data: 1 }
 * ```
 */
export function toDraft(options: Required<DeliveryOptions>, request: PublishRequest, data: unknown): MessageDraft {
  const draft: { -readonly [K in keyof MessageDraft]: MessageDraft[K] } = { stream: request.stream, event: request.event, from: request.from };
  const { fromConnection } = request;
  if (fromConnection !== undefined && (options.senderConnection || parseStream(request.stream)?.kind === 'conn')) draft.fromConnection = fromConnection;
  if (options.timestamps) draft.ts = Date.now();
  if (data !== undefined) draft.data = data;
  return draft;
}

/**
 * Validates and publishes one event; gives its place in its stream. Synchronous (a result, or a
 * thrown -32602) when the adapter numbers synchronously, as the memory adapter does; else a
 * promise.
 *
 * @example
 * ```ts
 * await publish(publisher, { stream: 'topic:lobby', from: null, event: 'news', data: { text: 'hi' } });
 * ```
 */
export function publish(publisher: Publisher, request: PublishRequest): PublishResult | PromiseLike<PublishResult> {
  const data = checkEvent(publisher.contract, request.event, request.data);
  return andThen(publisher.adapter.publish(toDraft(publisher.delivery, request, data)), placeOf);
}

/** The result alone (an adapter may return more, such as the memory adapter's whole message). */
const placeOf = ({ stream, epoch, seq }: PublishResult): PublishResult => ({ stream, epoch, seq });
