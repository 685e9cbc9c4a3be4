/**
 * The chat's authentication and authorization hooks: a signed token from `/login` proves the user
 * name; clients may read rooms but only the server publishes to them.
 *
 * @module
 */
import { ErrorCode, ParleyError } from '@parley/protocol';
import type { Authenticate, AuthorizeTopic } from '@parley/server';
import { isUserName, topicRoom } from '../shared/names.js';
import { verifyToken } from './token.js';

/**
 * The `authenticate` hook: the hello's credentials must be a token this process (or another one
 * with the same secret) signed and that has not expired. The identity expires with the token, so
 * the server closes the session (4419) unless the page refreshes it first.
 *
 * @example
 * ```ts
 * createParleyServer({ server: http, contract: chat, authenticate: tokenAuthenticate(secret) });
 * ```
 */
export function tokenAuthenticate(secret: Buffer): Authenticate {
  return ({ credentials }) => {
    const claims = verifyToken(secret, credentials);
    if (!claims || !isUserName(claims.sub)) throw new ParleyError(ErrorCode.Unauthorized, 'Invalid or expired token');
    return { userId: claims.sub, expiresAt: claims.exp };
  };
}

/**
 * The `authorizeTopic` hook: any signed-in user may join a room (`room:<name>`) and see who is in
 * it; nobody may publish to a topic directly (`chat.send` does, stamping the sender), and there
 * is no broadcast to everyone.
 *
 * @example
 * ```ts
 * createParleyServer({ server: http, contract: chat, authorizeTopic: roomsOnly });
 * ```
 */
export const roomsOnly: AuthorizeTopic = (_ctx, topic, action) => action !== 'publish' && topicRoom(topic) !== undefined;
