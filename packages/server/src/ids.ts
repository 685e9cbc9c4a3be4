/**
 * Identifiers the server hands out: connection ids, session ids (unguessable) and message ids
 * (unique: a random per-server prefix and a counter).
 *
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';

/**
 * A new connection id: `c` and 16 random base64url characters (96 bits).
 *
 * @example
 * ```ts
 * newConnectionId(); // 'cq3Zx9mK2aB-7fLpQ'
 * ```
 */
export function newConnectionId(): string {
  return `c${randomBytes(12).toString('base64url')}`;
}

/**
 * A new session id: a random UUID (122 random bits); knowing it is what lets a client resume.
 *
 * @example
 * ```ts
 * newSessionId(); // '3b241101-e2bb-4255-8caf-4136c566a962'
 * ```
 */
export function newSessionId(): string {
  return randomUUID();
}

/**
 * Makes message ids for one server: a random prefix, then a base-36 counter. Ids are unique
 * within the server and, with the random prefix, across servers sharing an adapter.
 *
 * @example
 * ```ts
 * const next = messageIds();
 * next(); // 'Kx3f9q-0'
 * next(); // 'Kx3f9q-1'
 * ```
 */
export function messageIds(): () => string {
  const prefix = `${randomBytes(6).toString('base64url')}-`;
  let counter = 0;
  return () => prefix + (counter++).toString(36);
}
