/**
 * The chat's method handlers. `from` is always the authenticated user: the page cannot post in
 * someone else's name.
 *
 * @module
 */
import type { Adapter, ParleyServer } from '@parley/server';
import type { ChatContract } from '../shared/contract.js';
import { messageId, roomTopic } from '../shared/names.js';
import { conversationHistory } from './history.js';
import type { ChatMetrics } from './metrics.js';

/**
 * Registers `chat.send`, `chat.direct` and `chat.history`.
 *
 * @example
 * ```ts
 * registerChatHandlers(parley, adapter, chatMetrics(promClient, registry));
 * ```
 */
export function registerChatHandlers(parley: ParleyServer<ChatContract>, adapter: Adapter, metrics: ChatMetrics): void {
  // Each returns the message as posted (`ts`: when the server took it, within a few ms of the
  // delivery's), so the sender shows it even when its own copy comes later, or, right after a
  // reconnect, not at all because its subscription was not back yet.
  parley.handle('chat.send', async ({ room, text }, ctx) => {
    const from = ctx.identity.userId;
    const ts = Date.now();
    const posted = await ctx.server.broadcast(roomTopic(room), 'chat.message', { room, text, from });
    metrics.messages.inc({ kind: 'room' });
    return { id: messageId(posted), ts, from, text };
  });

  parley.handle('chat.direct', async ({ to, text }, ctx) => {
    const from = ctx.identity.userId;
    const message = { from, to, text };
    const ts = Date.now();
    // One copy in each user's private stream: every tab of both users shows it, and both can
    // read the conversation back with `chat.history`. The sender's copy is the one returned.
    let posted = await ctx.server.sendToUser(to, 'chat.dm', message);
    if (to !== from) posted = await ctx.server.sendToUser(from, 'chat.dm', message);
    metrics.messages.inc({ kind: 'direct' });
    return { id: messageId(posted), ts, from, to, text };
  });

  parley.handle('chat.history', async (conversation, ctx) => ({
    messages: await conversationHistory(adapter, ctx.identity.userId, conversation),
  }));
}
