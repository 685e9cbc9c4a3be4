/**
 * Deliveries on the wire (protocol 6.1): which form each delivery takes, that both forms pass the
 * schema and read back to what was sent, and what the compact envelope costs in bytes.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  DeliveryParamsSchema,
  decodeFrame,
  deliveryTemplate,
  encodeDelivery,
  joinDelivery,
  readDelivery,
  readDeliveryFrame,
  type Delivery,
} from '@parley/protocol';

const parse = (text: string): { jsonrpc: string; method: string; params: unknown } => JSON.parse(text) as never;

describe('encodeDelivery: the form follows the protocol', () => {
  const base: Delivery = { event: 'chat.message', stream: 'topic:room:1', epoch: 'e1', seq: 7, from: 'alice', data: { text: 'héllo 🎉' } };

  it('is a notification named after the event, compact when nothing needs the full form', () => {
    const text = encodeDelivery(base);
    expect(parse(text)).toEqual({ jsonrpc: '2.0', method: 'chat.message', params: ['topic:room:1', 7, 'alice', { text: 'héllo 🎉' }] });
    const decoded = decodeFrame(text, { role: 'client' });
    expect(decoded.kind === 'single' && decoded.item.type).toBe('notification');
  });

  it('leaves the payload out when there is none (three elements, no data member)', () => {
    expect(parse(encodeDelivery({ ...base, data: undefined })).params).toEqual(['topic:room:1', 7, 'alice']);
    expect(parse(encodeDelivery({ ...base, seq: 1, data: undefined })).params).toEqual({ stream: 'topic:room:1', seq: 1, epoch: 'e1', from: 'alice' });
  });

  it('announces an epoch: seq 1 is always the full form, with the epoch', () => {
    expect(parse(encodeDelivery({ ...base, seq: 1, from: null }))).toEqual({
      jsonrpc: '2.0',
      method: 'chat.message',
      params: { stream: 'topic:room:1', seq: 1, epoch: 'e1', from: null, data: { text: 'héllo 🎉' } },
    });
  });

  it('uses the full form for fromConnection and ts, at any seq', () => {
    expect(parse(encodeDelivery({ ...base, seq: 9, fromConnection: 'c_1', ts: 1700000000000 })).params).toEqual({
      stream: 'topic:room:1',
      seq: 9,
      epoch: 'e1',
      from: 'alice',
      fromConnection: 'c_1',
      ts: 1700000000000,
      data: { text: 'héllo 🎉' },
    });
  });

  it('sends a null payload as null (only an absent one is left out)', () => {
    expect(parse(encodeDelivery({ ...base, data: null })).params).toEqual(['topic:room:1', 7, 'alice', null]);
  });

  it('is deterministic: one string for every recipient', () => {
    expect(encodeDelivery(base)).toBe(encodeDelivery({ ...base }));
  });

  it('throws a TypeError for a payload JSON cannot hold', () => {
    expect(() => encodeDelivery({ ...base, data: { n: 1n } })).toThrow(TypeError);
  });

  it('joins a template exactly as encodeDelivery encodes (what a store numbering messages relies on)', () => {
    const template = deliveryTemplate(base);
    for (const seq of [1, 2, 1000]) expect(joinDelivery(template, 'Zq3k9_XaP0c', seq)).toBe(encodeDelivery({ ...base, epoch: 'Zq3k9_XaP0c', seq }));
  });
});

describe('the compact envelope is small (issue 14: at most 80 bytes around the payload)', () => {
  const data = { text: 'hello everyone', i: 0 };
  const payload = JSON.stringify(data).length;

  it('a user broadcast to everyone: 70 bytes of envelope (221 before)', () => {
    const frame = encodeDelivery({ event: 'chat.message', stream: 'all', epoch: 'Zq3k9_XaP0c', seq: 17, from: 'alice', data });
    expect(frame).toBe('{"jsonrpc":"2.0","method":"chat.message","params":["all",17,"alice",{"text":"hello everyone","i":0}]}');
    expect(frame.length - payload).toBe(70);
  });

  it('the server application broadcasting to everyone: 67 bytes', () => {
    const frame = encodeDelivery({ event: 'chat.message', stream: 'all', epoch: 'Zq3k9_XaP0c', seq: 17, from: null, data });
    expect(frame.length - payload).toBe(67);
  });
});

describe('readDelivery', () => {
  it('reads the compact form, leaving the epoch to the receiver', () => {
    expect(readDelivery(['all', 17, null, { text: 'hi' }])).toEqual({
      stream: 'all', seq: 17, epoch: undefined, from: null, fromConnection: undefined, ts: undefined, data: { text: 'hi' },
    });
    expect(readDelivery(['user:bob', 2, 'alice'])?.data).toBeUndefined();
  });

  it('fills a given object for the compact form (a hot path reuses one), and gives the full form as it is', () => {
    const into = {};
    expect(readDelivery(['all', 17, null, 1], into)).toBe(into);
    expect(readDelivery(['user:b', 3, 'a'], into)).toEqual({ stream: 'user:b', seq: 3, epoch: undefined, from: 'a', fromConnection: undefined, ts: undefined, data: undefined });
    const full = { stream: 'all', seq: 1, epoch: 'e', from: null };
    expect(readDelivery(full, into)).toBe(full);
  });

  it('reads the full form', () => {
    expect(readDelivery({ stream: 'conn:c2', seq: 1, epoch: 'e9', from: 'alice', fromConnection: 'c1', ts: 5, data: 1 })).toEqual({
      stream: 'conn:c2', seq: 1, epoch: 'e9', from: 'alice', fromConnection: 'c1', ts: 5, data: 1,
    });
  });

  it.each([
    undefined, null, 'all', 7, [], ['all'], ['all', 1], ['all', 1, null, 1, 2], [1, 1, null], ['all', 0, null], ['all', -1, null],
    ['all', 1.5, null], ['all', '1', null], ['all', 2 ** 53, null], ['all', 1, 5], ['all', 1, { userId: 'a' }],
    { stream: 'all', seq: 1, from: null }, { stream: 'all', seq: 1, epoch: 5, from: null }, { stream: 'all', seq: 1, epoch: 'e' },
    { stream: 'all', seq: 1, epoch: 'e', from: null, ts: '5' }, { stream: 'all', seq: 1, epoch: 'e', from: null, fromConnection: 1 },
  ])('rejects %j', (params) => {
    expect(readDelivery(params)).toBeUndefined();
  });

  it('does not read prototype members as delivery fields', () => {
    const params = JSON.parse('{"stream":"all","seq":1,"epoch":"e","from":null,"__proto__":{"data":"polluted"}}') as unknown;
    expect(readDelivery(params)?.data).toBeUndefined();
    expect(({} as Record<string, unknown>)['data']).toBeUndefined();
  });
});

const id = fc.stringMatching(/^[\w.:@/-]{1,30}$/);
const deliveryArb: fc.Arbitrary<Delivery> = fc
  .record(
    {
      event: fc.stringMatching(/^[A-Za-z][\w.:-]{0,20}$/).filter((name) => !name.startsWith('rpc.')),
      stream: fc.oneof(fc.constant('all'), id.map((s) => `topic:${s}`), id.map((s) => `user:${s}`), id.map((s) => `conn:${s}`)),
      epoch: fc.string({ minLength: 1, maxLength: 64 }),
      seq: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
      from: fc.option(id, { nil: null }),
      fromConnection: id,
      ts: fc.integer({ min: 0 }),
      data: fc.jsonValue(),
    },
    { requiredKeys: ['event', 'stream', 'epoch', 'seq', 'from'] },
  )
  .map((d) => JSON.parse(JSON.stringify(d)) as Delivery); // what survives JSON (-0 becomes 0)

describe('property: what is encoded reads back', () => {
  it('every delivery encodes to a frame that passes the schema and reads back to itself (epoch only in the full form)', () => {
    fc.assert(
      fc.property(deliveryArb, (delivery) => {
        const frame = parse(encodeDelivery(delivery));
        expect(frame.method).toBe(delivery.event);
        const full = delivery.seq === 1 || delivery.fromConnection !== undefined || delivery.ts !== undefined;
        expect(Array.isArray(frame.params)).toBe(!full);
        const read = readDelivery(frame.params);
        expect(read).toEqual({
          stream: delivery.stream,
          seq: delivery.seq,
          epoch: full ? delivery.epoch : undefined,
          from: delivery.from,
          fromConnection: delivery.fromConnection,
          ts: delivery.ts,
          data: delivery.data,
        });
        expect(v.safeParse(DeliveryParamsSchema, frame.params).issues).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });
});

describe('readDeliveryFrame', () => {
  it('reads a whole frame, as a log holds it, in either form', () => {
    const compact = encodeDelivery({ event: 'news', stream: 'all', epoch: 'e1', seq: 2, from: null, data: 1 });
    expect(readDeliveryFrame(compact)).toEqual({ event: 'news', stream: 'all', seq: 2, epoch: undefined, from: null, fromConnection: undefined, ts: undefined, data: 1 });
    const full = encodeDelivery({ event: 'news', stream: 'all', epoch: 'e1', seq: 1, from: 'a', ts: 5 });
    expect(readDeliveryFrame(full)).toMatchObject({ event: 'news', epoch: 'e1', seq: 1, ts: 5 });
  });

  it.each(['', 'nope', 'null', '[]', '{"jsonrpc":"2.0","method":"rpc.goaway","params":{}}', '{"method":"news","params":["all",2,null]}', '{"jsonrpc":"2.0","method":"news","params":{}}'])(
    'is undefined for %j',
    (text) => {
      expect(readDeliveryFrame(text)).toBeUndefined();
    },
  );
});
