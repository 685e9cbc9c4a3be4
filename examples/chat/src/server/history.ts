/**
 * `chat.history` reads the adapter's stream log, the same log that resume replays from: no second
 * store, and with `@parley/redis` every instance sees the same history.
 *
 * @module
 */
import { readDeliveryFrame, topicStream, userStream } from '@parley/protocol';
import type { Adapter, StreamMessage } from '@parley/server';
import type { HistoryMessage } from '../shared/contract.js';
import { messageId, roomTopic } from '../shared/names.js';

/**
 * Most messages `chat.history` returns.
 *
 * @example
 * ```ts
 * entries.slice(-HISTORY_LIMIT);
 * ```
 */
export const HISTORY_LIMIT = 100;

/**
 * The last (up to) `limit` messages of a stream that are still in the adapter's log. A log read is
 * all-or-nothing ("never a partial replay"), so when the oldest of them already left the window,
 * this finds the oldest position that can still be read (a binary search, a few reads at most).
 *
 * @example
 * ```ts
 * const messages = await recentMessages(adapter, 'topic:room:lobby', 50);
 * ```
 */
export async function recentMessages(adapter: Adapter, stream: string, limit: number): Promise<readonly StreamMessage[]> {
  const { epoch, seq } = await adapter.position(stream);
  if (seq === 0) return [];
  const readAfter = async (after: number): Promise<readonly StreamMessage[] | undefined> => {
    const result = await adapter.read(stream, { epoch, seq: after });
    return result.ok ? result.messages : undefined;
  };
  let low = Math.max(0, seq - limit);
  const all = await readAfter(low);
  if (all) return all;
  // Reading after `low` failed, after `seq` cannot (nothing to read): find the smallest that works.
  let high = seq;
  low += 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (await readAfter(middle)) high = middle;
    else low = middle + 1;
  }
  return (await readAfter(high)) ?? [];
}

/**
 * A logged message as a history entry, if it is one of the chat's events (published by the server,
 * which stamps every delivery with its time: the `delivery.timestamps` option).
 *
 * @example
 * ```ts
 * const entries = messages.map(toHistoryEntry).filter((m) => m !== undefined);
 * ```
 */
export function toHistoryEntry(message: StreamMessage): HistoryMessage | undefined {
  const delivery = readDeliveryFrame(message.text);
  if (!delivery || delivery.from !== null || (delivery.event !== 'chat.message' && delivery.event !== 'chat.dm')) return undefined;
  const data = delivery.data as { from?: unknown; to?: unknown; text?: unknown } | undefined;
  if (typeof data?.from !== 'string' || typeof data.text !== 'string' || delivery.ts === undefined) return undefined;
  const entry = { id: messageId(message), ts: delivery.ts, from: data.from, text: data.text };
  return typeof data.to === 'string' ? { ...entry, to: data.to } : entry;
}

/**
 * A room's history, or the private conversation between `me` and `user` (read from `me`'s own
 * private stream, which holds a copy of every direct message to or from them).
 *
 * @example
 * ```ts
 * await conversationHistory(adapter, 'alice', { room: 'lobby' });
 * await conversationHistory(adapter, 'alice', { user: 'bob' });
 * ```
 */
export async function conversationHistory(
  adapter: Adapter,
  me: string,
  conversation: { readonly room: string } | { readonly user: string },
): Promise<HistoryMessage[]> {
  const stream = 'room' in conversation ? topicStream(roomTopic(conversation.room)) : userStream(me);
  const entries: HistoryMessage[] = [];
  // A private stream mixes every conversation: read further back, then keep this one's.
  const limit = 'room' in conversation ? HISTORY_LIMIT : HISTORY_LIMIT * 4;
  for (const message of await recentMessages(adapter, stream, limit)) {
    const entry = toHistoryEntry(message);
    if (!entry) continue;
    if ('user' in conversation && entry.from !== conversation.user && entry.to !== conversation.user) continue;
    entries.push(entry);
  }
  return entries.slice(-HISTORY_LIMIT);
}
