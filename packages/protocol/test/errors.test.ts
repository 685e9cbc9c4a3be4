import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  ERROR_TABLE,
  ErrorCode,
  ErrorObjectSchema,
  ParleyError,
  isErrorObject,
  parleyError,
  toErrorObject,
} from '@parley/protocol';

const INTERNAL = { code: -32603, message: 'Internal error' };

describe('ParleyError', () => {
  it('carries code, message and data, and is an Error', () => {
    const err = new ParleyError(ErrorCode.Forbidden, 'Moderators only', { role: 'member' });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ParleyError');
    expect([err.code, err.message, err.data]).toEqual([-32003, 'Moderators only', { role: 'member' }]);
  });

  it('defaults the message to the table message, or "Error" for unknown codes', () => {
    expect(new ParleyError(ErrorCode.RateLimited).message).toBe('Rate limited');
    expect(new ParleyError(4242).message).toBe('Error');
  });

  it('reads retryable from the table; unknown codes are not retryable', () => {
    expect(new ParleyError(ErrorCode.Overloaded).retryable).toBe(true);
    expect(new ParleyError(ErrorCode.Forbidden).retryable).toBe(false);
    expect(new ParleyError(4242).retryable).toBe(false);
  });

  it('serialises to { code, message, data? } only: no name, no stack', () => {
    const withData = new ParleyError(-32029, undefined, { retryAfterMs: 250 });
    expect(JSON.parse(JSON.stringify(withData))).toEqual({ code: -32029, message: 'Rate limited', data: { retryAfterMs: 250 } });
    expect(Object.keys(new ParleyError(-32001).toJSON())).toEqual(['code', 'message']);
  });

  it('round-trips through fromObject for every table code, with and without data', () => {
    for (const code of Object.keys(ERROR_TABLE).map(Number)) {
      for (const object of [{ code, message: 'm' }, { code, message: 'm', data: { n: [1, 'x'] } }]) {
        const rebuilt = ParleyError.fromObject(object);
        expect(rebuilt).toBeInstanceOf(ParleyError);
        expect(rebuilt.toJSON()).toEqual(object);
        expect(ParleyError.fromObject(rebuilt.toJSON()).toJSON()).toEqual(object);
      }
    }
  });

  it('parleyError uses the table message', () => {
    const err = parleyError(ErrorCode.LimitExceeded, { limit: 'maxTopics', max: 100 });
    expect(err.toJSON()).toEqual({ code: -32020, message: 'Limit exceeded', data: { limit: 'maxTopics', max: 100 } });
  });
});

describe('toErrorObject', () => {
  it('keeps a ParleyError exactly', () => {
    expect(toErrorObject(new ParleyError(-32004, 'No such user', { userId: 'x' }))).toEqual({
      code: -32004,
      message: 'No such user',
      data: { userId: 'x' },
    });
  });

  const secret = 'db password is hunter2';
  const foreign: [string, unknown][] = [
    ['Error', new Error(secret)],
    ['TypeError', new TypeError(secret)],
    ['an error-shaped plain object', { code: -32001, message: secret, data: secret, stack: secret }],
    ['a string', secret],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['a symbol', Symbol(secret)],
    ['an Error subclass with a code', Object.assign(new RangeError(secret), { code: -32001, data: secret })],
    ['an object posing as a ParleyError', Object.assign(Object.create(null) as object, { name: 'ParleyError', code: -32001, message: secret })],
  ];

  it.each(foreign)('turns %s into a bare -32603 with nothing from the original', (_label, thrown) => {
    const object = toErrorObject(thrown);
    expect(object).toEqual(INTERNAL);
    expect(JSON.stringify(object)).not.toContain('hunter2');
    expect(JSON.stringify(object)).not.toContain('at ');
  });

  it('always returns a schema-valid error object', () => {
    for (const [, thrown] of foreign) expect(v.is(ErrorObjectSchema, toErrorObject(thrown))).toBe(true);
  });

  // Regression: a ParleyError built from a computed code (e.g. Number(x)) could carry NaN or a
  // fraction; JSON.stringify turns NaN into null, so the reply put "code": null on the wire.
  it('bug: a ParleyError with a non-integer code (NaN, 1.5) put an invalid code on the wire', () => {
    for (const code of [Number.NaN, 1.5, Infinity]) {
      const object = toErrorObject(new ParleyError(code, 'x'));
      expect(object).toEqual(INTERNAL);
      expect(v.is(ErrorObjectSchema, JSON.parse(JSON.stringify(object)))).toBe(true);
    }
  });

  // Regression: `thrown instanceof ParleyError` on a revoked Proxy throws a TypeError, so the
  // normaliser a server calls inside its catch block threw itself.
  it('bug: a revoked Proxy thrown by a handler made toErrorObject throw', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(() => toErrorObject(proxy)).not.toThrow();
    expect(toErrorObject(proxy)).toEqual(INTERNAL);
  });
});

describe('isErrorObject', () => {
  it('accepts an integer code with a string message', () => {
    expect(isErrorObject({ code: -32600, message: 'Invalid Request' })).toBe(true);
    expect(isErrorObject({ code: 1, message: '', data: null })).toBe(true);
  });

  it.each([null, [], 'x', { code: '1', message: 'm' }, { code: 1.5, message: 'm' }, { code: 1 }, { message: 'm' }])('rejects %j', (value) => {
    expect(isErrorObject(value)).toBe(false);
  });
});
