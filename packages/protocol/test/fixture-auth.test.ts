import { ErrorCode, ParleyError } from '@parley/protocol';
import { fixtureAuthenticate } from '@parley/protocol/vectors';
import { describe, expect, it } from 'vitest';

const codeOf = (credentials: unknown): number | undefined => {
  try {
    fixtureAuthenticate(credentials);
    return undefined;
  } catch (error) {
    return error instanceof ParleyError ? error.code : NaN;
  }
};

describe('fixtureAuthenticate', () => {
  it('logs conformance* strings in as that user', () => {
    expect(fixtureAuthenticate('conformance')).toEqual({ userId: 'conformance' });
    expect(fixtureAuthenticate('conformance-peer')).toEqual({ userId: 'conformance-peer' });
  });
  it('refuses conformance-reject and anything else with Unauthorized', () => {
    for (const c of ['conformance-reject', 'alice', '', undefined, null, 42, { token: 'conformance' }]) {
      expect(codeOf(c)).toBe(ErrorCode.Unauthorized);
    }
  });
  it('bars conformance-banned with Forbidden', () => {
    expect(codeOf('conformance-banned')).toBe(ErrorCode.Forbidden);
  });
});
