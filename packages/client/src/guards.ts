/**
 * Structural checks of what the server sends, limited to the fields the client relies on.
 *
 * The protocol's valibot schemas (`WelcomeSchema`, `PresenceEventSchema`)
 * describe these envelopes completely, and the server validates against them before sending.
 * Running them here would put most of valibot into every browser bundle (several kB gzipped,
 * over the client's size budget) to re-check what a conforming server already guarantees; so the
 * client checks types only, enough that a broken or hostile server cannot make it throw.
 *
 * @module
 */
import type { PresenceChange, Session } from './types.js';

type Obj = Record<string, unknown>;

const isObject = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (o: Obj, key: string): boolean => typeof o[key] === 'string';
const num = (o: Obj, key: string): boolean => typeof o[key] === 'number';

/**
 * The welcome (`rpc.hello` result), if it has what the client uses.
 *
 * @example
 * ```ts
 * readWelcome({ protocol: 'parley.v1', connectionId: 'c1', ... }); // the session, or undefined
 * ```
 */
export function readWelcome(x: unknown): Session | undefined {
  if (!isObject(x) || !str(x, 'protocol') || !str(x, 'connectionId') || !str(x, 'sessionId') || !num(x, 'serverTime')) return undefined;
  const { identity, limits, heartbeat } = x;
  if (!isObject(identity) || !str(identity, 'userId')) return undefined;
  if (!isObject(limits) || !num(limits, 'maxMessageBytes')) return undefined;
  if (!isObject(heartbeat) || !num(heartbeat, 'intervalMs') || !num(heartbeat, 'timeoutMs')) return undefined;
  if (!Array.isArray(x['streams'])) return undefined; // the epochs of compact deliveries on `all` and `user:` (protocol 6.3)
  return x as unknown as Session;
}

/**
 * A presence notice (`rpc.presence.join` / `.leave` params), if it has what the client uses.
 *
 * @example
 * ```ts
 * readPresence('join', { topic: 'room:1', userId: 'bob', ts: 0 }); // { type: 'join', topic: 'room:1', ... }
 * ```
 */
export function readPresence(type: PresenceChange['type'], x: unknown): PresenceChange | undefined {
  if (!isObject(x) || !str(x, 'topic') || !str(x, 'userId') || !num(x, 'ts')) return undefined;
  return { ...(x as Omit<PresenceChange, 'type'>), type };
}
