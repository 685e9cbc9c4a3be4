/**
 * The client's reader against the server's decoder: on 10,000 hostile frames, `readServerFrame`
 * never throws, never touches a prototype, and classifies every item exactly as `decodeFrame`
 * does with `role: 'client'` and no limits (response / notification / not for a client).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame, readServerFrame, type DecodedItem, type ServerItem } from '@parley/protocol';
import { frameArb } from './support/frames.js';

const UNLIMITED = {
  maxMessageBytes: Number.POSITIVE_INFINITY,
  maxBatchLength: Number.POSITIVE_INFINITY,
  maxDepth: Number.POSITIVE_INFINITY,
  maxIdLength: Number.POSITIVE_INFINITY,
  maxMethodLength: Number.POSITIVE_INFINITY,
};

const kindOf = (item: ServerItem): string => (item === undefined ? 'invalid' : 'method' in item ? 'notification' : 'response');
const decodedKind = (item: DecodedItem): string => item.type;

/** What decodeFrame says, in the reader's terms: undefined (parse error), [] (empty batch) or item kinds. */
function reference(raw: string): string[] | undefined {
  const decoded = decodeFrame(raw, { role: 'client', limits: UNLIMITED });
  if (decoded.kind === 'single') return [decodedKind(decoded.item)];
  if (decoded.kind === 'batch') return decoded.items.map(decodedKind);
  return decoded.reply.error.data === undefined ? undefined : [];
}

describe('readServerFrame', () => {
  it('agrees with decodeFrame (client role, no limits) on 10,000 arbitrary frames', () => {
    const before = Reflect.ownKeys(Object.prototype).length;
    fc.assert(
      fc.property(frameArb, (raw) => {
        const items = readServerFrame(raw);
        expect(items?.map(kindOf)).toEqual(reference(raw));
      }),
      { numRuns: 10_000 },
    );
    expect(Reflect.ownKeys(Object.prototype).length).toBe(before);
  });

  it('keeps the parsed objects: what a response or notification carries is what was sent', () => {
    expect(readServerFrame('{"jsonrpc":"2.0","id":"7","result":{"ok":true}}')).toEqual([{ jsonrpc: '2.0', id: '7', result: { ok: true } }]);
    expect(readServerFrame('[{"jsonrpc":"2.0","method":"a"},{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}]')).toEqual([
      { jsonrpc: '2.0', method: 'a' },
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } },
    ]);
  });

  it('an id that parses to Infinity is no id (found by the property test)', () => {
    expect(readServerFrame('{"id":1e400,"jsonrpc":"2.0","result":null}')).toEqual([undefined]);
  });

  it('marks what a client does not take', () => {
    const not = (raw: string): void => expect(readServerFrame(raw), raw).toEqual([undefined]);
    not('{"jsonrpc":"2.0","id":1,"method":"x"}'); // a request
    not('{"jsonrpc":"1.0","method":"x"}');
    not('{"jsonrpc":"2.0","method":"x","params":1}');
    not('{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"m"}}');
    not('{"jsonrpc":"2.0","id":1,"error":{"code":1.5,"message":"m"}}');
    not('{"jsonrpc":"2.0","id":{},"result":1}');
    not('{"jsonrpc":"2.0","result":1}');
    not('{"__proto__":{"jsonrpc":"2.0"},"method":"x"}');
    not('42');
    expect(readServerFrame('[]')).toEqual([]);
    expect(readServerFrame('{oops')).toBeUndefined();
  });
});
