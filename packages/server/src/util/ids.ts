/**
 * Identifiers the server hands out: connection ids and session ids (unguessable).
 *
 * @module
 */
import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';

/** Random bytes fetched at once, then handed out in slices (as `randomUUID` does): one system call per 4 KiB, not per id. */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

/**
 * `bytes` random bytes as base64url text, from the CSPRNG like `randomBytes`, each byte used once.
 *
 * @example
 * ```ts
 * randomText(12); // 'q3Zx9mK2aB-7fLpQ' (16 characters)
 * ```
 */
export function randomText(bytes: number): string {
  if (bytes > POOL_BYTES) return randomBytes(bytes).toString('base64url');
  if (poolOffset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const text = pool.toString('base64url', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return text;
}

/**
 * A new connection id: `c` and 16 random base64url characters (96 bits).
 *
 * @example
 * ```ts
 * newConnectionId(); // 'cq3Zx9mK2aB-7fLpQ'
 * ```
 */
export function newConnectionId(): string {
  // Joined, not a template literal: a flat string (see shared-strings.ts).
  return ['c', randomText(12)].join('');
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
