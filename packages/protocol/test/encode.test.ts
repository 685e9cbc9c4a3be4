import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  FailureSchema,
  NotificationSchema,
  RequestSchema,
  SuccessSchema,
  decodeFrame,
  encodeBatch,
  encodeError,
  encodeNotification,
  encodeRequest,
  encodeResult,
  type JsonRpcId,
} from '@parley/protocol';

const ids: JsonRpcId[] = [1, 0, -7, 1.5, 'c1:42', '', 'quote " and \\ backslash', 'héllo ✓ 🎉', '\ud800', null];
const parse = (text: string): unknown => JSON.parse(text);

describe('encodeResult', () => {
  it.each(ids)('id %j: parses back to the intended success response', (id) => {
    const text = encodeResult(id, { ts: 5, list: [1, 'a', null] });
    expect(parse(text)).toEqual({ jsonrpc: '2.0', id, result: { ts: 5, list: [1, 'a', null] } });
    expect(v.is(SuccessSchema, parse(text))).toBe(true);
  });

  it('sends an undefined result as null (JSON-RPC requires the member)', () => {
    expect(encodeResult(1, undefined)).toBe('{"jsonrpc":"2.0","id":1,"result":null}');
    expect(parse(encodeResult('x', () => 1))).toEqual({ jsonrpc: '2.0', id: 'x', result: null });
  });

  it('throws a TypeError for values JSON cannot hold (BigInt, cycles)', () => {
    expect(() => encodeResult(1, 10n)).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(() => encodeResult(1, cycle)).toThrow(TypeError);
  });

  it('keeps "__proto__" keys of a result as plain data', () => {
    const result: unknown = JSON.parse('{"__proto__":{"polluted":true}}');
    const back = parse(encodeResult(1, result)) as { result: object };
    expect(Object.keys(back.result)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('encodeError', () => {
  it.each(ids)('id %j: parses back to the intended error response', (id) => {
    const error = { code: -32029, message: 'Rate limited', data: { retryAfterMs: 250 } };
    const text = encodeError(id, error);
    expect(parse(text)).toEqual({ jsonrpc: '2.0', id, error });
    expect(v.is(FailureSchema, parse(text))).toBe(true);
  });

  it('leaves out absent data', () => {
    expect(encodeError(null, { code: -32700, message: 'Parse error' })).toBe('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}');
  });

  it('throws a TypeError for a BigInt in data', () => {
    expect(() => encodeError(1, { code: 1, message: 'm', data: 1n })).toThrow(TypeError);
  });
});

describe('encodeRequest / encodeNotification', () => {
  it.each(ids)('request id %j decodes on the server side to the same request', (id) => {
    const text = encodeRequest(id, 'chat.send', { room: 'r', text: 'hi' });
    const want = { jsonrpc: '2.0', id, method: 'chat.send', params: { room: 'r', text: 'hi' } };
    expect(parse(text)).toEqual(want);
    expect(v.is(RequestSchema, parse(text))).toBe(true);
    expect(decodeFrame(text)).toEqual({ kind: 'single', item: { type: 'request', message: want } });
  });

  it('omits params when undefined', () => {
    expect(encodeRequest(1, 'rpc.ping')).toBe('{"jsonrpc":"2.0","id":1,"method":"rpc.ping"}');
    expect(encodeNotification('rpc.ping')).toBe('{"jsonrpc":"2.0","method":"rpc.ping"}');
  });

  it('encodes a notification with positional params that decodes back', () => {
    const text = encodeNotification('chat.typing', [1, 'x']);
    expect(parse(text)).toEqual({ jsonrpc: '2.0', method: 'chat.typing', params: [1, 'x'] });
    expect(v.is(NotificationSchema, parse(text))).toBe(true);
    expect(decodeFrame(text, { role: 'client' })).toEqual({ kind: 'single', item: { type: 'notification', message: parse(text) } });
  });

  it('escapes method names', () => {
    expect(parse(encodeRequest(1, 'a"b\\c'))).toMatchObject({ method: 'a"b\\c' });
  });

  it('throws a TypeError for a BigInt param', () => {
    expect(() => encodeRequest(1, 'm', { n: 1n })).toThrow(TypeError);
    expect(() => encodeNotification('m', [1n])).toThrow(TypeError);
  });
});

describe('encodeBatch', () => {
  it('joins encoded items into an array, in order', () => {
    const text = encodeBatch([encodeResult(1, 2), encodeError(2, { code: -32601, message: 'Method not found' })]);
    expect(parse(text)).toEqual([
      { jsonrpc: '2.0', id: 1, result: 2 },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method not found' } },
    ]);
    const decoded = decodeFrame(text, { role: 'client' });
    expect(decoded.kind === 'batch' && decoded.items.map((item) => item.type)).toEqual(['response', 'response']);
  });

  it('encodes no items as []', () => {
    expect(encodeBatch([])).toBe('[]');
  });
});
