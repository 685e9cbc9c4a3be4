import { describe, expect, it } from 'vitest';

import { createOriginCheck, normalizeOrigin } from '../../src/guards/origin.js';

describe('normalizeOrigin', () => {
  it.each([
    ['https://app.example.com', 'https://app.example.com'],
    ['HTTPS://App.Example.COM', 'https://app.example.com'],
    ['https://app.example.com:443', 'https://app.example.com'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    ['Chrome-Extension://abcdef', 'chrome-extension://abcdef'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeOrigin(input)).toBe(expected);
  });

  it.each([
    'https://app.example.com/',
    'https://app.example.com/path',
    'https://app.example.com?x=1',
    'https://user@app.example.com',
    'https://app.example.com, https://evil.example',
    'app.example.com',
    'https://',
    'https://' + 'a'.repeat(5000),
  ])('refuses %s', (input) => {
    expect(normalizeOrigin(input)).toBeNull();
  });
});

describe('createOriginCheck', () => {
  const check = createOriginCheck({ allowed: ['https://app.example.com', 'http://localhost:3000'] });

  it('allows exact origins, normalising only case and default ports', () => {
    expect(check({ origin: 'https://app.example.com' })).toEqual({ ok: true });
    expect(check({ origin: 'HTTPS://APP.EXAMPLE.COM:443' })).toEqual({ ok: true });
    expect(check({ origin: 'http://localhost:3000' })).toEqual({ ok: true });
  });

  it.each([
    'https://evil.app.example.com',
    'https://app.example.com.evil.com',
    'https://evilapp.example.com',
    'http://app.example.com',
    'https://app.example.com:8443',
    'http://localhost:30000',
    'http://localhost',
  ])('refuses look-alike %s with 403', (origin) => {
    expect(check({ origin })).toEqual({ ok: false, status: 403, reason: 'not_allowed' });
  });

  it('refuses malformed and multiple origins', () => {
    expect(check({ origin: 'https://app.example.com/' })).toMatchObject({ ok: false, status: 403, reason: 'malformed' });
    expect(check({ origin: ['https://app.example.com', 'https://app.example.com'] })).toMatchObject({ reason: 'malformed' });
  });

  it('refuses the null origin unless allowed', () => {
    expect(check({ origin: 'null' })).toEqual({ ok: false, status: 403, reason: 'null' });
    expect(createOriginCheck({ allowed: [], allowNull: true })({ origin: 'null' })).toEqual({ ok: true });
  });

  it('allows a missing Origin by default, refuses it when asked', () => {
    expect(check({ origin: undefined })).toEqual({ ok: true });
    expect(createOriginCheck({ allowMissing: false })({ origin: undefined })).toEqual({ ok: false, status: 403, reason: 'missing' });
  });

  it("defaults to 'same-host': the Origin's host must be the request's Host", () => {
    const sameHost = createOriginCheck();
    expect(sameHost({ origin: 'https://chat.example.com', host: 'chat.example.com' })).toEqual({ ok: true });
    expect(sameHost({ origin: 'http://localhost:8080', host: 'localhost:8080' })).toEqual({ ok: true });
    expect(sameHost({ origin: 'https://chat.example.com', host: 'chat.example.com:443' })).toEqual({ ok: true });
    expect(sameHost({ origin: 'https://evil.example', host: 'chat.example.com' })).toMatchObject({ ok: false, reason: 'not_allowed' });
    expect(sameHost({ origin: 'http://localhost:8081', host: 'localhost:8080' })).toMatchObject({ ok: false });
    expect(sameHost({ origin: 'https://chat.example.com', host: undefined })).toMatchObject({ ok: false });
    expect(sameHost({ origin: 'https://chat.example.com', host: 'evil@chat.example.com' })).toMatchObject({ ok: false });
    expect(sameHost({ origin: 'https://chat.example.com', host: 'chat.example.com/x' })).toMatchObject({ ok: false });
  });

  it("'*' allows any well-formed origin but still refuses null", () => {
    const any = createOriginCheck({ allowed: '*' });
    expect(any({ origin: 'https://anything.example' })).toEqual({ ok: true });
    expect(any({ origin: 'null' })).toMatchObject({ ok: false, reason: 'null' });
  });

  it('throws at configuration time for entries that are not bare origins', () => {
    expect(() => createOriginCheck({ allowed: ['https://app.example.com/'] })).toThrow(TypeError);
    expect(() => createOriginCheck({ allowed: ['app.example.com'] })).toThrow(TypeError);
    expect(() => createOriginCheck({ allowed: ['null'] })).toThrow(TypeError);
  });
});
