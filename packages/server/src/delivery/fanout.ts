/**
 * Fan-out: one message, many sockets. The text is framed once (lazily, only if there is a
 * recipient) and the same frame buffers are queued on every recipient's outbox.
 *
 * @module
 */
import type { Connection } from '../session/connection.js';
import { frameText, type Frame } from '../transport/frame.js';

/**
 * Queues `text` for every open connection in `recipients`; returns how many got it.
 * `droppable` marks sequenced deliveries (skippable under the `drop` policy).
 *
 * @example
 * ```ts
 * fanOut(message.text, hub.topicSubscribers('lobby'), true);
 * ```
 */
export function fanOut(text: string, recipients: Iterable<Connection>, droppable: boolean): number {
  let frame: Frame | undefined;
  let sent = 0;
  for (const connection of recipients) {
    if (!connection.isOpen) continue;
    frame ??= frameText(text);
    if (connection.sendFrame(frame, droppable)) sent++;
  }
  return sent;
}
