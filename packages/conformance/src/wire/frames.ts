/**
 * Telling the frames a server sends apart: replies, notifications, and frames that are not JSON.
 *
 * @module
 */

/**
 * A frame the server sent that is not JSON (kept so a report can show it).
 *
 * @example
 * ```ts
 * const frame = await socket.next();
 * if (frame instanceof UnparsedFrame) console.log('not JSON:', frame.text);
 * ```
 */
export class UnparsedFrame {
  /** @param text - the frame's text as received */
  constructor(readonly text: string) {}

  /** How the frame shows in a mismatch (`JSON.stringify` calls this). */
  toJSON(): string {
    return `<not JSON: ${this.text.slice(0, 80)}>`;
  }
}

/**
 * Whether a frame is a reply (a response or a batch of responses) rather than a notification.
 * A frame that is not JSON, or not an object, counts as a reply, so it is reported instead of
 * ignored.
 *
 * @example
 * ```ts
 * isReply({ jsonrpc: '2.0', id: 1, result: 2 });  // true
 * isReply({ jsonrpc: '2.0', method: 'fixture.note' }); // false
 * ```
 */
export function isReply(frame: unknown): boolean {
  if (frame instanceof UnparsedFrame || Array.isArray(frame)) return true;
  // Anything but an object with a `method` (a notification): a response, or junk to report.
  return !(typeof frame === 'object' && frame !== null && 'method' in frame);
}

/**
 * Whether a frame is a notification of `method`.
 *
 * @example
 * ```ts
 * socket.next(isNotification('rpc.presence.join'), 'join notice');
 * ```
 */
export function isNotification(method: string): (frame: unknown) => boolean {
  return (frame) => typeof frame === 'object' && frame !== null && (frame as { method?: unknown }).method === method;
}
