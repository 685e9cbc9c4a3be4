import { ErrorCode } from '../codes/error-codes.js';
import { ParleyError } from '../errors.js';

/**
 * The credentials prefix the conformance fixtures accept.
 *
 * @example
 * ```ts
 * import { FIXTURE_CREDENTIALS_PREFIX, fixtureAuthenticate } from '@parley/protocol/vectors';
 * fixtureAuthenticate(`${FIXTURE_CREDENTIALS_PREFIX}-bob`); // { userId: 'conformance-bob' }
 * ```
 */
export const FIXTURE_CREDENTIALS_PREFIX = 'conformance';

/**
 * The authentication rule a server under test applies so the conformance vectors can log in, in
 * any language: a credentials string that starts with `conformance` authenticates as the user of
 * that name (`userId` = the string), except `conformance-reject`, which is refused (-32001
 * Unauthorized), and `conformance-banned`, a known but barred identity (-32003 Forbidden).
 * Anything else, including no credentials, is refused with -32001.
 *
 * @example
 * ```ts
 * fixtureAuthenticate('conformance-alice'); // { userId: 'conformance-alice' }
 * fixtureAuthenticate('nope');              // throws ParleyError -32001
 * ```
 */
export function fixtureAuthenticate(credentials: unknown): { userId: string } {
  if (typeof credentials !== 'string' || !credentials.startsWith(FIXTURE_CREDENTIALS_PREFIX)) {
    throw new ParleyError(ErrorCode.Unauthorized);
  }
  if (credentials === 'conformance-reject') throw new ParleyError(ErrorCode.Unauthorized);
  if (credentials === 'conformance-banned') throw new ParleyError(ErrorCode.Forbidden);
  return { userId: credentials };
}
