import { describe, expect, it } from 'vitest';

import { clientIp, normalizeIp } from '../../src/guards/client-ip.js';

describe('normalizeIp', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['::FFFF:203.0.113.9', '203.0.113.9'],
    ['2001:DB8::1', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['203.0.113.9:8080', '203.0.113.9'],
    [' 203.0.113.9 ', '203.0.113.9'],
  ])('%s → %s', (input, expected) => expect(normalizeIp(input)).toBe(expected));
});

describe('clientIp', () => {
  const xff = { 'x-forwarded-for': '203.0.113.9, 10.0.0.2' };

  it('uses the socket address by default, ignoring X-Forwarded-For (clients can forge it)', () => {
    expect(clientIp(xff, '10.0.0.3')).toBe('10.0.0.3');
    expect(clientIp(xff, '::ffff:10.0.0.3', false)).toBe('10.0.0.3');
  });

  it('believes exactly trustProxy hops', () => {
    expect(clientIp(xff, '10.0.0.3', 1)).toBe('10.0.0.2');
    expect(clientIp(xff, '10.0.0.3', 2)).toBe('203.0.113.9');
    expect(clientIp(xff, '10.0.0.3', 5)).toBe('203.0.113.9');
    expect(clientIp(xff, '10.0.0.3', true)).toBe('203.0.113.9');
  });

  it('a forged left-most entry does not move the client when one proxy is trusted', () => {
    // The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the real address.
    expect(clientIp({ 'x-forwarded-for': '1.2.3.4, 198.51.100.7' }, '127.0.0.1', 1)).toBe('198.51.100.7');
  });

  it('falls back to the socket address without a usable header, and to "unknown" without an address', () => {
    expect(clientIp({}, '10.0.0.3', 1)).toBe('10.0.0.3');
    expect(clientIp({ 'x-forwarded-for': ' , ' }, '10.0.0.3', 1)).toBe('10.0.0.3');
    expect(clientIp({}, undefined)).toBe('unknown');
  });
});
