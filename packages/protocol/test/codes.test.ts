import { describe, expect, it } from 'vitest';
import {
  CLOSE_TABLE,
  CloseCode,
  ERROR_MESSAGES,
  ERROR_TABLE,
  ErrorCode,
  RETRYABLE_ERRORS,
  closeInfo,
  errorInfo,
  isRetryableClose,
} from '@parley/protocol';

describe('error table', () => {
  it('has exactly one entry per ErrorCode, under the same name', () => {
    expect(Object.keys(ERROR_TABLE).map(Number).sort()).toEqual(Object.values(ErrorCode).sort());
    for (const [name, code] of Object.entries(ErrorCode)) expect(ERROR_TABLE[code].name).toBe(name);
  });

  it('has unique codes and non-empty default messages', () => {
    const codes = Object.values(ErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const info of Object.values(ERROR_TABLE)) expect(info.message.length).toBeGreaterThan(0);
  });

  it('keeps codes in the JSON-RPC ranges: the five standard codes, the rest in -32000..-32099', () => {
    const standard = [-32700, -32600, -32601, -32602, -32603];
    for (const code of Object.values(ErrorCode)) {
      expect(Number.isInteger(code)).toBe(true);
      expect(standard.includes(code) || (code <= -32000 && code >= -32099)).toBe(true);
    }
  });

  it('builds its messages and retryable column from ERROR_MESSAGES and RETRYABLE_ERRORS, which list table codes only', () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual(Object.keys(ERROR_TABLE).sort());
    for (const [code, info] of Object.entries(ERROR_TABLE)) {
      expect(info.message).toBe(ERROR_MESSAGES[Number(code) as keyof typeof ERROR_MESSAGES]);
      expect(info.retryable).toBe(RETRYABLE_ERRORS.includes(Number(code)));
    }
    for (const code of RETRYABLE_ERRORS) expect(Object.hasOwn(ERROR_TABLE, code)).toBe(true);
    expect(new Set(RETRYABLE_ERRORS).size).toBe(RETRYABLE_ERRORS.length);
  });

  it('marks exactly the client-side codes local', () => {
    const local = Object.values(ERROR_TABLE)
      .filter((info) => info.local)
      .map((info) => info.name)
      .sort();
    expect(local).toEqual(['Aborted', 'ConnectionClosed', 'OutcomeUnknown', 'QueueExpired', 'QueueOverflow']);
  });

  it('uses the JSON-RPC specification messages for the standard codes', () => {
    expect(ERROR_TABLE[-32700].message).toBe('Parse error');
    expect(ERROR_TABLE[-32600].message).toBe('Invalid Request');
    expect(ERROR_TABLE[-32601].message).toBe('Method not found');
    expect(ERROR_TABLE[-32602].message).toBe('Invalid params');
    expect(ERROR_TABLE[-32603].message).toBe('Internal error');
  });

  it('errorInfo finds own entries only', () => {
    expect(errorInfo(-32029)?.name).toBe('RateLimited');
    for (const odd of [42, 0, -0, Number.NaN, -32000]) expect(errorInfo(odd)).toBeUndefined();
  });
});

describe('close table', () => {
  it('has exactly one entry per CloseCode, under the same name', () => {
    expect(Object.keys(CLOSE_TABLE).map(Number).sort()).toEqual(Object.values(CloseCode).sort());
    for (const [name, code] of Object.entries(CloseCode)) expect(CLOSE_TABLE[code].name).toBe(name);
  });

  it('uses codes a WebSocket close frame may carry, with short reasons', () => {
    for (const [code, info] of Object.entries(CLOSE_TABLE)) {
      expect(Number(code) >= 1000 && Number(code) <= 4999).toBe(true);
      // A close frame's reason must fit in 123 bytes.
      expect(info.reason.length).toBeGreaterThan(0);
      expect(info.reason.length).toBeLessThanOrEqual(123);
    }
  });

  it('application codes are 4000 + the matching HTTP status', () => {
    expect([CloseCode.BadRequest, CloseCode.Unauthorized, CloseCode.Forbidden, CloseCode.UnsupportedVersion]).toEqual([4400, 4401, 4403, 4406]);
    expect([CloseCode.HandshakeTimeout, CloseCode.RateLimited]).toEqual([4408, 4429]);
  });

  it('closeInfo finds own entries only', () => {
    expect(closeInfo(4401)?.name).toBe('Unauthorized');
    for (const odd of [0, 1005, 4000, Number.NaN]) expect(closeInfo(odd)).toBeUndefined();
  });
});

describe('isRetryableClose', () => {
  // The brief's table: what a client does after each code.
  const expected: [number, boolean][] = [
    [1000, false],
    [1001, true],
    [1008, false],
    [1009, false],
    [1011, true],
    [1012, true],
    [1013, true],
    [4400, false],
    [4401, false],
    [4403, false],
    [4406, false],
    [4408, true],
    [4419, true],
    [4429, true],
    [4509, true],
  ];

  it.each(expected)('%i → retryable %s', (code, retryable) => {
    expect(isRetryableClose(code)).toBe(retryable);
    expect(CLOSE_TABLE[code as keyof typeof CLOSE_TABLE].retryable).toBe(retryable);
  });

  it('answers from the table for every listed code', () => {
    for (const [code, info] of Object.entries(CLOSE_TABLE)) expect(isRetryableClose(Number(code))).toBe(info.retryable);
  });

  it('treats unknown 4000-4999 codes as terminal (an application said stop)', () => {
    for (const code of [4000, 4001, 4123, 4500, 4999]) expect(isRetryableClose(code)).toBe(false);
  });

  it('treats other unknown codes as retryable (1005 no status, 1015 TLS, 3xxx)', () => {
    for (const code of [1004, 1005, 1014, 1015, 3000, 3999, 2000]) expect(isRetryableClose(code)).toBe(true);
  });

  it('its short code lists agree with CLOSE_TABLE and the unknown-code rule for every code 0-5999', () => {
    const disagreements: number[] = [];
    for (let code = 0; code < 6000; code++) {
      const known = closeInfo(code);
      const rule = known ? known.retryable : !(code >= 4000 && code <= 4999);
      if (isRetryableClose(code) !== rule) disagreements.push(code);
    }
    expect(disagreements).toEqual([]);
  });
});
