import { describe, expect, it } from 'vitest';

import { bearerToken, extractCredentials, redactUrl } from '../../src/guards/credentials.js';
import { requestInfo } from '../../src/transport/request-info.js';

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def-ghi', 'abc.def-ghi'],
    ['bearer abc', 'abc'],
    ['BEARER   abc  ', 'abc'],
  ])('%j → %j', (header, token) => expect(bearerToken(header)).toBe(token));

  it.each([undefined, '', 'Basic dXNlcg==', 'Bearer', 'Bearer ', 'Bearer a b', 'Bearerabc'])('ignores %j', (header) =>
    expect(bearerToken(header)).toBeUndefined(),
  );
});

describe('extractCredentials', () => {
  const req = (headers: Record<string, string>, url = '/ws') => ({ headers, url });

  it('reads the Authorization header by default', () => {
    expect(extractCredentials(req({ authorization: 'Bearer h' }))).toEqual({ token: 'h', source: 'header' });
    expect(extractCredentials(req({ authorization: 'Bearer h' }), { header: false })).toBeUndefined();
  });

  it('reads the named cookie only when configured', () => {
    const r = req({ cookie: 'other=1; session=c' });
    expect(extractCredentials(r)).toBeUndefined();
    expect(extractCredentials(r, { cookie: 'session' })).toEqual({ token: 'c', source: 'cookie' });
  });

  it('reads the query token only when explicitly enabled', () => {
    const r = req({}, '/ws?token=q&x=1');
    expect(extractCredentials(r)).toBeUndefined();
    expect(extractCredentials(r, { cookie: 'session' })).toBeUndefined();
    expect(extractCredentials(r, { queryParam: 'token' })).toEqual({ token: 'q', source: 'query' });
  });

  it('uses cookies already parsed into a RequestInfo, and never inherited properties', () => {
    const info = { headers: {}, url: '/ws', cookies: Object.assign(Object.create(null) as Record<string, string>, { session: 'pre' }) };
    expect(extractCredentials(info, { cookie: 'session' })).toEqual({ token: 'pre', source: 'cookie' });
    expect(extractCredentials(req({ cookie: 'a=1' }), { cookie: 'toString' })).toBeUndefined();
    expect(extractCredentials(req({ cookie: 'a=1' }), { cookie: '__proto__' })).toBeUndefined();
    expect(extractCredentials(req({ cookie: '__proto__=p' }), { cookie: '__proto__' })).toEqual({ token: 'p', source: 'cookie' });
    expect(({} as Record<string, unknown>)['p']).toBeUndefined();
  });

  it('accepts a real IncomingMessage through requestInfo', () => {
    const incoming = { headers: { cookie: 'session=c%3D' }, url: '/ws', socket: { remoteAddress: '127.0.0.1' } };
    const info = requestInfo(incoming as unknown as Parameters<typeof requestInfo>[0]);
    expect(extractCredentials(info, { cookie: 'session' })).toEqual({ token: 'c=', source: 'cookie' });
  });

  it('prefers header, then cookie, then query', () => {
    const all = req({ authorization: 'Bearer h', cookie: 'session=c' }, '/ws?token=q');
    const options = { cookie: 'session', queryParam: 'token' } as const;
    expect(extractCredentials(all, options)?.source).toBe('header');
    expect(extractCredentials(req({ cookie: 'session=c' }, '/ws?token=q'), options)?.source).toBe('cookie');
  });

  it('ignores tokens over 8,192 characters', () => {
    expect(extractCredentials(req({ authorization: `Bearer ${'a'.repeat(9000)}` }))).toBeUndefined();
    expect(extractCredentials(req({}, `/ws?token=${'a'.repeat(9000)}`), { queryParam: 'token' })).toBeUndefined();
  });
});

describe('redactUrl', () => {
  it('redacts the named parameters and leaves the rest untouched', () => {
    expect(redactUrl('/ws?room=1&token=abc#x', ['token'])).toBe('/ws?room=1&token=[REDACTED]#x');
    expect(redactUrl('wss://h.example/ws?a=%20&access_token=s3cret&access_token=again')).toBe(
      'wss://h.example/ws?a=%20&access_token=[REDACTED]&access_token=[REDACTED]',
    );
  });

  it('matches names case-insensitively and percent-encoded', () => {
    expect(redactUrl('/ws?TOKEN=a&%74oken=b&jwt', ['token', 'jwt'])).toBe('/ws?TOKEN=[REDACTED]&%74oken=[REDACTED]&jwt=[REDACTED]');
  });

  it('redacts the default parameter names', () => {
    const out = redactUrl('/ws?token=1&api_key=2&password=3&room=4');
    expect(out).not.toMatch(/=1|=2|=3/);
    expect(out).toContain('room=4');
  });

  it('returns URLs without a query unchanged', () => {
    expect(redactUrl('/ws', ['token'])).toBe('/ws');
  });
});
