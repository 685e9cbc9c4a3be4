/**
 * Signed demo tokens: `base64url(JSON {sub, exp}) + '.' + base64url(HMAC-SHA256(secret, payload))`.
 * Enough to show the real auth hook; a real application would use its own sessions or JWTs.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a token says: who (`sub`) and until when (`exp`, ms since the epoch).
 *
 * @example
 * ```ts
 * const claims: TokenClaims = { sub: 'alice', exp: Date.now() + 3_600_000 };
 * ```
 */
export interface TokenClaims {
  readonly sub: string;
  readonly exp: number;
}

/** Longest token accepted (the protocol ignores credentials over 8,192 characters anyway). */
const MAX_TOKEN_LENGTH = 1024;

const mac = (secret: Buffer, payload: string): Buffer => createHmac('sha256', secret).update(payload).digest();

/**
 * Signs claims into a token.
 *
 * @example
 * ```ts
 * const token = signToken(secret, { sub: 'alice', exp: Date.now() + 3_600_000 });
 * ```
 */
export function signToken(secret: Buffer, claims: TokenClaims): string {
  const payload = Buffer.from(JSON.stringify({ sub: claims.sub, exp: claims.exp })).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/**
 * Checks a token's signature and expiry; returns its claims, or `undefined` for anything that is
 * not a valid, unexpired token signed with `secret` (never throws).
 *
 * @example
 * ```ts
 * const claims = verifyToken(secret, credentials);
 * if (!claims) throw new ParleyError(ErrorCode.Unauthorized);
 * ```
 */
export function verifyToken(secret: Buffer, token: unknown, now = Date.now()): TokenClaims | undefined {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return undefined;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null) return undefined;
  const { sub, exp } = claims as Record<string, unknown>;
  if (typeof sub !== 'string' || typeof exp !== 'number' || !(exp > now)) return undefined;
  return { sub, exp };
}
