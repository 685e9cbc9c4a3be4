/**
 * Publishing an application event: checked against the contract once, then handed to the
 * adapter, which numbers it, logs it and fans it out.
 *
 * @module
 */
import {
  getEvent,
  invalidParamsError,
  validate,
  type AnyContract,
  type PublishResult,
  type Recipient,
  type Sender,
} from '@parley/protocol';
import type { Adapter, MessageDraft } from './adapter.js';

/** What to publish (internal). */
export interface PublishRequest {
  readonly stream: string;
  readonly from: Sender;
  readonly topic?: string;
  readonly to?: Recipient;
  readonly event: string;
  readonly data: unknown;
}

/** What publishing needs from the server (internal). */
export interface Publisher {
  readonly contract: AnyContract;
  readonly adapter: Adapter;
  readonly nextMessageId: () => string;
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
  const result = validate(schema, data);
  if (!result.success) {
    throw invalidParamsError(result.issues.map((issue) => ({ ...issue, path: issue.path ? `data.${issue.path}` : 'data' })));
  }
  return result.output;
}

/**
 * Validates and publishes one event; resolves with its id and place in its stream.
 *
 * @example
 * ```ts
 * await publish(publisher, { stream: 'topic:lobby', topic: 'lobby', from: null, event: 'news', data: { text: 'hi' } });
 * ```
 */
export async function publish(publisher: Publisher, request: PublishRequest): Promise<PublishResult> {
  const data = checkEvent(publisher.contract, request.event, request.data);
  const draft: { -readonly [K in keyof MessageDraft]: MessageDraft[K] } = {
    stream: request.stream,
    id: publisher.nextMessageId(),
    ts: Date.now(),
    from: request.from,
    event: request.event,
  };
  if (request.topic !== undefined) draft.topic = request.topic;
  if (request.to !== undefined) draft.to = request.to;
  if (data !== undefined) draft.data = data;
  const message = await publisher.adapter.publish(draft);
  const { id, stream, epoch, seq } = message.delivery;
  return { id, stream, epoch, seq };
}
