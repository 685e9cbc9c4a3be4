/**
 * A delivery encoded once, around the two values only Redis can assign: the stream's epoch and
 * seq. The publishing node sends the two halves; the publish script joins them with the epoch and
 * seq it assigned, logs the text and publishes it; every node sends that text as is.
 *
 * @module
 */
import { encodeNotification, Method, type Delivery } from '@parley/protocol';
import type { MessageDraft, StreamMessage } from '@parley/server';

/** `{"jsonrpc":"2.0","method":"rpc.message","params":` */
const ENVELOPE_HEAD = encodeNotification(Method.Message, 0).slice(0, -2);

/**
 * The encoded delivery without its epoch and seq: `head + '"' + epoch + '","seq":' + seq + tail`
 * is exactly `encodeDelivery(delivery)`.
 *
 * @example
 * ```ts
 * const parts = draftParts(draft);
 * joinParts(parts, 'e1', 7) === encodeDelivery(toDelivery(draft, 'e1', 7)); // true
 * ```
 */
export interface DraftParts {
  /** Up to and including `"epoch":`. */
  readonly head: string;
  /** From `,"ts":` to the end. */
  readonly tail: string;
}

/**
 * The delivery a draft becomes at `epoch`/`seq`, with the same member order as the in-memory
 * adapter's (so both encode to the same text).
 *
 * @example
 * ```ts
 * toDelivery({ stream: 'all', id: 'm1', ts: 1, from: null, event: 'news' }, 'e1', 1).seq; // 1
 * ```
 */
export function toDelivery(draft: MessageDraft, epoch: string, seq: number): Delivery {
  const { id, stream, ts, from, event } = draft;
  const delivery: Delivery = { id, stream, epoch, seq, ts, from, event };
  if (draft.topic !== undefined) delivery.topic = draft.topic;
  if (draft.to !== undefined) delivery.to = draft.to;
  if (draft.data !== undefined) delivery.data = draft.data;
  return delivery;
}

/**
 * Encodes a draft once, leaving out the epoch and seq. Throws a `TypeError` for data
 * `JSON.stringify` cannot encode.
 *
 * @example
 * ```ts
 * draftParts({ stream: 'all', id: 'm1', ts: 1, from: null, event: 'news' }).tail; // ',"ts":1,"from":null,"event":"news"}}'
 * ```
 */
export function draftParts(draft: MessageDraft): DraftParts {
  const { id, stream, ts, from, event } = draft;
  const rest: Record<string, unknown> = { ts, from, event };
  if (draft.topic !== undefined) rest['topic'] = draft.topic;
  if (draft.to !== undefined) rest['to'] = draft.to;
  if (draft.data !== undefined) rest['data'] = draft.data;
  const head = `${ENVELOPE_HEAD}{"id":${JSON.stringify(id)},"stream":${JSON.stringify(stream)},"epoch":`;
  return { head, tail: `,${JSON.stringify(rest).slice(1)}}` };
}

/**
 * Joins the parts with an epoch and seq (what the publish script does in Lua).
 *
 * @example
 * ```ts
 * joinParts(draftParts(draft), 'e1', 3);
 * ```
 */
export function joinParts(parts: DraftParts, epoch: string, seq: number): string {
  return `${parts.head}"${epoch}","seq":${seq}${parts.tail}`;
}

/**
 * Reads a text received from Redis back into a {@link StreamMessage}; `undefined` when it is not
 * a delivery (never throws).
 *
 * @example
 * ```ts
 * parseMessage(encodeDelivery(delivery))?.delivery.seq;
 * ```
 */
export function parseMessage(text: string): StreamMessage | undefined {
  try {
    const delivery = (JSON.parse(text) as { params?: Delivery }).params;
    if (typeof delivery !== 'object' || delivery === null) return undefined;
    if (typeof delivery.stream !== 'string' || typeof delivery.epoch !== 'string' || !Number.isSafeInteger(delivery.seq)) return undefined;
    return { delivery, text };
  } catch {
    return undefined;
  }
}
