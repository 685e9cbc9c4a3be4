import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAME_LIMITS, ErrorCode, decodeFrame, exceedsDepth, utf8Length } from '@parley/protocol';

describe('DEFAULT_FRAME_LIMITS', () => {
  it('are the documented defaults', () => {
    expect(DEFAULT_FRAME_LIMITS).toEqual({ maxMessageBytes: 65536, maxBatchLength: 50, maxDepth: 32, maxIdLength: 128, maxMethodLength: 128 });
  });
});

describe('utf8Length', () => {
  it.each([
    ['', 0],
    ['hello', 5],
    ['héllo', 6],
    ['✓', 3],
    ['🎉', 4],
    ['a🎉b', 6],
    ['\ud800', 3],
    ['\udc00', 3],
    ['\ud800a', 4],
    ['\udc00\ud800', 6],
    ['x\ud83c', 4],
  ])('%j is %i bytes', (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes);
  });
});

describe('exceedsDepth', () => {
  it.each([
    ['1', 0, false],
    ['[]', 0, true],
    ['[]', 1, false],
    ['[[[1]]]', 2, true],
    ['[[[1]]]', 3, false],
    ['{"a":{"b":[]}}', 2, true],
    ['{"a":{"b":[]}}', 3, false],
    ['{"a":"[[["}', 1, false],
    ['{"a":"\\"[[["}', 1, false],
    ['{"a":"\\\\"}', 1, false],
    ['{"a":"\\\\","b":[[1]]}', 2, true],
    ['[{}, {}, {}]', 2, false],
    ['[1][1]', 1, false],
  ])('%j deeper than %i: %s', (text, max, expected) => {
    expect(exceedsDepth(text, max)).toBe(expected);
  });

  it('scans a very deep frame without recursion', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(exceedsDepth(deep, 32)).toBe(true);
    expect(exceedsDepth(deep, 1_000_000)).toBe(false);
  });
});

describe('decodeFrame limits', () => {
  it('counts UTF-8 bytes, not characters: multibyte text under the length limit is still too large', () => {
    const text = `{"jsonrpc":"2.0","method":"m","params":["${'é'.repeat(40)}"]}`;
    expect(text.length).toBeLessThan(100);
    const decoded = decodeFrame(text, { limits: { maxMessageBytes: 100 } });
    expect(decoded).toEqual({
      kind: 'error',
      reply: { jsonrpc: '2.0', id: null, error: { code: ErrorCode.PayloadTooLarge, message: 'Payload too large', data: { limit: 'maxMessageBytes', max: 100 } } },
    });
  });

  it('accepts a frame of exactly maxMessageBytes', () => {
    const base = '{"jsonrpc":"2.0","method":"m","params":[""]}';
    const text = base.replace('""', `"${'x'.repeat(100 - base.length)}"`);
    expect(text.length).toBe(100);
    expect(decodeFrame(text, { limits: { maxMessageBytes: 100 } }).kind).toBe('single');
    expect(decodeFrame(`${text} `, { limits: { maxMessageBytes: 100 } }).kind).toBe('error');
  });

  it('checks size before depth, and depth before parsing', () => {
    const deepInvalid = `${'['.repeat(40)}oops`;
    const tooDeep = decodeFrame(deepInvalid);
    expect(tooDeep.kind === 'error' && tooDeep.reply.error).toEqual({ code: ErrorCode.LimitExceeded, message: 'Limit exceeded', data: { limit: 'maxDepth', max: 32 } });
    const tooBig = decodeFrame(deepInvalid, { limits: { maxMessageBytes: 10 } });
    expect(tooBig.kind === 'error' && tooBig.reply.error.code).toBe(ErrorCode.PayloadTooLarge);
  });

  it('applies limits given in options over the defaults', () => {
    const batch = `[${Array(3).fill('{"jsonrpc":"2.0","method":"m"}').join(',')}]`;
    expect(decodeFrame(batch).kind).toBe('batch');
    const limited = decodeFrame(batch, { limits: { maxBatchLength: 2 } });
    expect(limited.kind === 'error' && limited.reply.error).toEqual({ code: -32020, message: 'Limit exceeded', data: { limit: 'maxBatchLength', max: 2 } });
    const idLimited = decodeFrame('{"jsonrpc":"2.0","id":"abcd","method":"m"}', { limits: { maxIdLength: 3 } });
    expect(idLimited.kind === 'single' && idLimited.item.type).toBe('invalid');
    const methodLimited = decodeFrame('{"jsonrpc":"2.0","id":1,"method":"abcd"}', { limits: { maxMethodLength: 3 } });
    expect(methodLimited.kind === 'single' && methodLimited.item.type === 'invalid' && methodLimited.item.reply.id).toBe(1);
  });
});
