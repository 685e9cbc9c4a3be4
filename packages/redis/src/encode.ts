/**
 * Deliveries through Redis (internal). The publishing node encodes the delivery once, as the
 * protocol's template (everything but the epoch and seq, `deliveryTemplate`); the publish script
 * numbers it and joins the frame in Lua exactly as `joinDelivery` does, logs the frame and
 * publishes `<epoch> <seq> <frame>` on the stream's channel, so a node learns where a live message
 * sits without parsing its JSON (a compact delivery carries no epoch). Log entries hold the frame
 * alone: every entry of a log is of its current epoch, in seq order.
 *
 * @module
 */
import { deliveryTemplate } from '@parley/protocol';
import type { MessageDraft, StreamMessage } from '@parley/server';

/**
 * The draft's template as the publish script's arguments: head, stream, from, extra, data.
 *
 * @example
 * ```ts
 * publishArgs({ stream: 'all', event: 'news', from: null, data: 1 });
 * // ['{"jsonrpc":"2.0","method":"news","params":', '"all"', 'null', '', '1']
 * ```
 */
export function publishArgs(draft: MessageDraft): [head: string, stream: string, from: string, extra: string, data: string] {
  const { head, stream, from, extra, data } = deliveryTemplate(draft);
  return [head, stream, from, extra, data];
}

/**
 * Reads a live message from a stream's channel (`<epoch> <seq> <frame>`); `undefined` when it is
 * not one (never throws).
 *
 * @example
 * ```ts
 * liveMessage('all', 'e1 7 {"jsonrpc":"2.0","method":"news","params":["all",7,null]}')?.seq; // 7
 * ```
 */
export function liveMessage(stream: string, payload: string): StreamMessage | undefined {
  const first = payload.indexOf(' ');
  const second = first > 0 ? payload.indexOf(' ', first + 1) : -1;
  if (second < 0) return undefined;
  const seq = Number(payload.slice(first + 1, second));
  if (!Number.isSafeInteger(seq) || seq < 1) return undefined;
  return { stream, epoch: payload.slice(0, first), seq, text: payload.slice(second + 1) };
}

/**
 * The messages of a log read: the frames after `since` in the current `epoch`, which are seqs
 * `since + 1` onwards.
 *
 * @example
 * ```ts
 * loggedMessages('all', 'e1', 40, [frame41, frame42]).map((m) => m.seq); // [41, 42]
 * ```
 */
export function loggedMessages(stream: string, epoch: string, since: number, texts: readonly string[]): StreamMessage[] {
  return texts.map((text, i) => ({ stream, epoch, seq: since + 1 + i, text }));
}
