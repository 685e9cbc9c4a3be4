/**
 * Messages of the control channel (internal): presence notices (published by the presence
 * scripts) and disconnect-user orders.
 *
 * @module
 */
import type { PresenceChange } from '@parley/server';

/** A control message, read. */
export type ControlMessage =
  | { readonly k: 'presence'; readonly change: PresenceChange }
  | { readonly k: 'kick'; readonly from: string; readonly userId: string; readonly code: number; readonly reason: string };

/**
 * The text of a disconnect-user order.
 *
 * @example
 * ```ts
 * kickMessage('n1', 'alice', 4403, 'banned'); // '{"k":"kick","from":"n1",...}'
 * ```
 */
export function kickMessage(from: string, userId: string, code: number, reason: string): string {
  return JSON.stringify({ k: 'kick', from, userId, code, reason });
}

/**
 * Reads a control message; `undefined` for anything else (never throws).
 *
 * @example
 * ```ts
 * readControl('{"k":"join","topic":"lobby","userId":"alice","ts":1}'); // { k: 'presence', change: { type: 'join', ... } }
 * ```
 */
export function readControl(text: string): ControlMessage | undefined {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null || typeof m['userId'] !== 'string') return undefined;
  const userId = m['userId'];
  if (m['k'] === 'kick') {
    const { from, code, reason } = m;
    if (typeof from !== 'string' || typeof code !== 'number' || typeof reason !== 'string') return undefined;
    return { k: 'kick', from, userId, code, reason };
  }
  if ((m['k'] === 'join' || m['k'] === 'leave') && typeof m['topic'] === 'string' && typeof m['ts'] === 'number') {
    const change: PresenceChange = m['data'] === undefined
      ? { type: m['k'], topic: m['topic'], userId, ts: m['ts'] }
      : { type: m['k'], topic: m['topic'], userId, ts: m['ts'], data: m['data'] };
    return { k: 'presence', change };
  }
  return undefined;
}
