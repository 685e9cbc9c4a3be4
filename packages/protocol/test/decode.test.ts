/**
 * decodeFrame cases the language-neutral vectors cannot hold: raw lone surrogates (no strict JSON
 * parser reads them from a vector file), non-string input, the client role's invalid items, and
 * the shape of the decoded objects.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, decodeFrame, type Decoded } from '@parley/protocol';

const single = (decoded: Decoded) => {
  if (decoded.kind !== 'single') throw new Error(`expected a single item, got ${decoded.kind}`);
  return decoded.item;
};

describe('decodeFrame: lone surrogates', () => {
  it('answers a raw lone surrogate outside a string with -32700', () => {
    const decoded = decodeFrame('\ud800');
    expect(decoded.kind === 'error' && decoded.reply.error).toEqual({ code: ErrorCode.ParseError, message: 'Parse error' });
  });

  it('keeps a raw lone surrogate inside a method name as data', () => {
    const item = single(decodeFrame('{"jsonrpc":"2.0","id":1,"method":"x\udfff"}'));
    expect(item).toEqual({ type: 'request', message: { jsonrpc: '2.0', id: 1, method: 'x\udfff' } });
  });

  it('keeps an id with an escaped lone surrogate exactly', () => {
    const item = single(decodeFrame('{"jsonrpc":"2.0","id":"\\ud800","method":"m"}'));
    expect(item.type === 'request' && item.message.id).toBe('\ud800');
  });

  it('answers an invalid item with a lone-surrogate id with that id', () => {
    const item = single(decodeFrame('{"jsonrpc":"1.0","id":"\\udc00"}'));
    expect(item.type === 'invalid' && item.reply.id).toBe('\udc00');
  });
});

describe('decodeFrame: input that is not text', () => {
  const notText: unknown[] = [undefined, null, 42, {}, [], new Uint8Array([123, 125])];
  it.each(notText)('answers %j with -32700', (raw) => {
    const decoded = decodeFrame(raw as string);
    expect(decoded).toEqual({ kind: 'error', reply: { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error', data: { reason: 'not text' } } } });
  });
});

describe('decodeFrame: client role', () => {
  it('marks a request from the server invalid (servers send no requests)', () => {
    const item = single(decodeFrame('{"jsonrpc":"2.0","id":7,"method":"rpc.ping"}', { role: 'client' }));
    expect(item.type === 'invalid' && item.reply.id).toBe(7);
  });

  it('accepts success and error responses, error data included', () => {
    expect(single(decodeFrame('{"jsonrpc":"2.0","id":"c:1","result":null}', { role: 'client' }))).toEqual({
      type: 'response',
      message: { jsonrpc: '2.0', id: 'c:1', result: null },
    });
    expect(single(decodeFrame('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error","data":{"x":1},"extra":2}}', { role: 'client' }))).toEqual({
      type: 'response',
      message: { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error', data: { x: 1 } } },
    });
  });

  it.each(['{"code":"x","message":"m"}', '{"code":1.5,"message":"m"}', '{"code":1}', 'null', '[]', '"boom"'])('marks a malformed error object %s invalid', (error) => {
    const item = single(decodeFrame(`{"jsonrpc":"2.0","id":2,"error":${error}}`, { role: 'client' }));
    expect(item.type).toBe('invalid');
  });

  it('marks a response with both result and error invalid', () => {
    const item = single(decodeFrame('{"jsonrpc":"2.0","id":2,"result":1,"error":{"code":1,"message":"m"}}', { role: 'client' }));
    expect(item.type).toBe('invalid');
  });

  it('accepts notifications, including batches of them', () => {
    const decoded = decodeFrame('[{"jsonrpc":"2.0","method":"rpc.goaway","params":{"reason":"r","reconnectWindowMs":1}},{"jsonrpc":"2.0","id":1,"result":2}]', { role: 'client' });
    expect(decoded.kind === 'batch' && decoded.items.map((item) => item.type)).toEqual(['notification', 'response']);
  });
});

describe('decodeFrame: decoded objects', () => {
  it('hold only the JSON-RPC members, never extra or prototype-named ones', () => {
    const item = single(decodeFrame('{"jsonrpc":"2.0","id":1,"method":"m","params":[1],"__proto__":{"x":1},"constructor":2,"extra":3}'));
    expect(item.type === 'request' && Object.keys(item.message).sort()).toEqual(['id', 'jsonrpc', 'method', 'params']);
    expect(Object.getPrototypeOf(item.type === 'request' ? item.message : null)).toBe(Object.prototype);
  });

  it('pass params through untouched, prototype-named keys as own data', () => {
    const item = single(decodeFrame('{"jsonrpc":"2.0","method":"m","params":{"__proto__":{"polluted":true}}}'));
    const params = item.type === 'notification' ? item.message.params : undefined;
    expect(params && Object.keys(params)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('omit params when the frame has none, and distinguish id null from no id', () => {
    expect(single(decodeFrame('{"jsonrpc":"2.0","id":null,"method":"m"}'))).toEqual({ type: 'request', message: { jsonrpc: '2.0', id: null, method: 'm' } });
    const notification = single(decodeFrame('{"jsonrpc":"2.0","method":"m"}'));
    expect(notification.type === 'notification' && Object.keys(notification.message)).toEqual(['jsonrpc', 'method']);
  });
});
