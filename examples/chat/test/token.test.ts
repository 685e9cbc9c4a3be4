/**
 * The demo tokens: what verifies, and every way a token can be wrong.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../src/server/token.js';

const secret = randomBytes(32);
const hour = 3_600_000;

describe('demo tokens', () => {
  it('verify with the secret that signed them, until they expire', () => {
    const exp = Date.now() + hour;
    const token = signToken(secret, { sub: 'alice', exp });
    expect(verifyToken(secret, token)).toEqual({ sub: 'alice', exp });
    expect(verifyToken(secret, token, exp - 1)).toEqual({ sub: 'alice', exp });
    expect(verifyToken(secret, token, exp)).toBeUndefined();
  });

  it('do not verify with another secret (a restart without CHAT_SECRET)', () => {
    const token = signToken(secret, { sub: 'alice', exp: Date.now() + hour });
    expect(verifyToken(randomBytes(32), token)).toBeUndefined();
  });

  it('do not verify when the claims were changed', () => {
    const token = signToken(secret, { sub: 'alice', exp: Date.now() + hour });
    const [, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'admin', exp: Date.now() + hour })).toString('base64url');
    expect(verifyToken(secret, `${forged}.${signature}`)).toBeUndefined();
  });

  it('reject malformed input without throwing', () => {
    const valid = signToken(secret, { sub: 'alice', exp: Date.now() + hour });
    const notJson = Buffer.from('not json').toString('base64url');
    const noSub = Buffer.from(JSON.stringify({ exp: Date.now() + hour })).toString('base64url');
    const sign = (payload: string): string => `${payload}.${signToken(secret, { sub: 'x', exp: 1 }).split('.')[1]}`;
    for (const input of [
      undefined,
      null,
      42,
      { token: valid },
      '',
      '.',
      'a.b.c',
      `${valid}.extra`,
      valid.slice(0, -2),
      'x'.repeat(5000),
      sign(notJson),
      sign(noSub),
    ]) {
      expect(verifyToken(secret, input)).toBeUndefined();
    }
  });
});
