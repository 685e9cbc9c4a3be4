/**
 * Every built-in envelope's schemas: each params (and result) schema accepts a canonical example
 * and rejects a wrong one. The table of examples must name every envelope.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  DeliveryParamsSchema,
  ENVELOPES,
  Method,
  NameSchema,
  RESERVED_PREFIX,
  StreamSchema,
  TopicSchema,
  isBuiltinMethod,
  isDeliveryMethod,
  type BuiltinMethod,
} from '@parley/protocol';

interface Examples {
  params: { good: unknown[]; bad: unknown[] };
  result?: { good: unknown[]; bad: unknown[] };
}

const position = { epoch: 'e1', seq: 7 };
const identity = { userId: 'alice', data: { name: 'Alice' } };
const limits = { maxMessageBytes: 65536, maxBatchLength: 50, maxDepth: 32, maxTopics: 100, maxPendingRequests: 64, rateLimit: null };
const welcome = {
  protocol: 'parley.v1',
  connectionId: 'c1',
  sessionId: 's1',
  identity,
  limits,
  heartbeat: { intervalMs: 25000, timeoutMs: 20000 },
  serverTime: 1700000000000,
  streams: [{ stream: 'all', ...position }],
};
const publish = { stream: 'topic:room:1', ...position };

const EXAMPLES: Record<BuiltinMethod, Examples> = {
  [Method.Hello]: {
    params: {
      good: [undefined, {}, { credentials: 'token' }, { credentials: { token: 't' }, client: 'parley-js/0.1.0', resume: { sessionId: 's1', streams: [{ stream: 'user:bob', ...position }] } }],
      bad: [null, 'token', { credentials: 42 }, { client: 'x'.repeat(101) }, { resume: { sessionId: '', streams: [] } }, { resume: { sessionId: 's', streams: [{ stream: 'nope', ...position }] } }],
    },
    result: {
      good: [
        welcome,
        { ...welcome, expiresAt: 1700000600000, limits: { ...limits, rateLimit: { messagesPerSecond: 10, bytesPerSecond: 65536, burst: 20 } } },
        { ...welcome, resume: [{ stream: 'user:bob', recovered: true, ...position, replayed: 3 }, { stream: 'topic:a', recovered: false, ...position, reason: 'window_exceeded' }] },
      ],
      bad: [{ ...welcome, connectionId: '' }, { ...welcome, streams: undefined }, { ...welcome, limits: { ...limits, maxDepth: 1.5 } }, { ...welcome, resume: [{ stream: 'user:bob', recovered: false, ...position, reason: 'because' }] }],
    },
  },
  [Method.Refresh]: {
    params: { good: [{ credentials: 'new-token' }, { credentials: { token: 'x' } }], bad: [{}, { credentials: 1 }, { credentials: 'x'.repeat(8193) }] },
    result: { good: [{ identity }, { identity, expiresAt: 1 }], bad: [{}, { identity: { userId: '' } }, { identity, expiresAt: 'soon' }] },
  },
  [Method.Ping]: {
    params: { good: [undefined, {}, []], bad: ['x', 1, null] },
    result: { good: [{ ts: 1700000000000 }], bad: [{}, { ts: '1' }] },
  },
  [Method.Subscribe]: {
    params: { good: [{ topic: 'room:1' }, { topic: 'a', presence: true, since: position }], bad: [{}, { topic: '' }, { topic: 'a b' }, { topic: 'x'.repeat(201) }, { topic: 'a', since: { epoch: 'e', seq: -1 } }] },
    result: {
      good: [{ topic: 'room:1', stream: 'topic:room:1', ...position }, { topic: 'a', stream: 'topic:a', ...position, recovered: false, reason: 'epoch_changed' }],
      bad: [{ topic: 'a', stream: 'topic:a' }, { topic: 'a', stream: 'topic:a', ...position, reason: 'nope' }],
    },
  },
  [Method.Unsubscribe]: {
    params: { good: [{ topic: 'room:1' }], bad: [{}, { topic: 5 }] },
    result: { good: [{ topic: 'room:1', wasSubscribed: true }], bad: [{ topic: 'room:1' }, { topic: 'room:1', wasSubscribed: 'yes' }] },
  },
  [Method.Broadcast]: {
    params: { good: [{ event: 'chat.message' }, { topic: 'room:1', event: 'chat.message', data: { text: 'hi' } }], bad: [{}, { event: 'rpc.error' }, { event: '1x' }, { topic: '', event: 'a' }] },
    result: { good: [publish, { ...publish, stream: 'all' }], bad: [{ ...publish, stream: 'everyone' }, { ...publish, seq: -1 }, { ...publish, epoch: '' }] },
  },
  [Method.Private]: {
    params: { good: [{ to: { userId: 'bob' }, event: 'chat.dm' }, { to: { connectionId: 'c2' }, event: 'chat.dm', data: 1 }], bad: [{ to: {}, event: 'a' }, { event: 'a' }, { to: { userId: '' }, event: 'a' }] },
    result: { good: [{ ...publish, stream: 'user:bob' }], bad: [{ id: 'm1' }] },
  },
  [Method.Presence]: {
    params: { good: [{ topic: 'room:1' }], bad: [{}, { topic: null }] },
    result: {
      good: [{ topic: 'room:1', members: [] }, { topic: 'room:1', members: [{ userId: 'alice', connections: 2, data: { name: 'A' } }] }],
      bad: [{ topic: 'room:1' }, { topic: 'room:1', members: [{ userId: 'alice', connections: 0 }] }],
    },
  },
  [Method.PresenceJoin]: {
    params: { good: [{ topic: 'room:1', userId: 'bob', ts: 1 }, { topic: 'room:1', userId: 'bob', data: {}, ts: 1 }], bad: [{ topic: 'room:1', userId: 'bob' }, { topic: 'room:1', userId: '', ts: 1 }] },
  },
  [Method.PresenceLeave]: {
    params: { good: [{ topic: 'room:1', userId: 'bob', ts: 1 }], bad: [{ userId: 'bob', ts: 1 }] },
  },
  [Method.GoAway]: {
    params: { good: [{ reason: 'restart', reconnectWindowMs: 5000 }, { reason: '', reconnectWindowMs: 0 }], bad: [{ reason: 'restart' }, { reason: 'r', reconnectWindowMs: -1 }, { reason: 'x'.repeat(201), reconnectWindowMs: 1 }] },
  },
  [Method.Error]: {
    params: { good: [{ code: -32001, message: 'Unauthorized' }, { code: -32029, message: 'Rate limited', data: { retryAfterMs: 250 } }], bad: [{ code: 1.5, message: 'm' }, { code: 1 }, { message: 'm' }] },
  },
};

const names = Object.keys(ENVELOPES) as BuiltinMethod[];

describe('ENVELOPES', () => {
  it('lists exactly the Method names, all in the reserved rpc. namespace', () => {
    expect(names.sort()).toEqual(Object.values(Method).sort());
    for (const name of names) {
      expect(name.startsWith(RESERVED_PREFIX)).toBe(true);
      expect(isBuiltinMethod(name)).toBe(true);
    }
  });

  it('has examples for every envelope (and result examples for every request)', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(names.sort());
    for (const name of names) expect(EXAMPLES[name].result !== undefined, name).toBe(ENVELOPES[name].kind === 'request');
  });

  it('gives a result schema to requests only, and makes clients send requests and servers notifications', () => {
    for (const name of names) {
      const spec = ENVELOPES[name];
      expect(spec.result !== undefined, name).toBe(spec.kind === 'request');
      expect(spec.from === 'client', name).toBe(spec.kind === 'request');
    }
  });

  describe.each(names)('%s', (name) => {
    const spec = ENVELOPES[name];
    const examples = EXAMPLES[name];
    it.each(examples.params.good)('params accept %j', (value) => {
      expect(v.safeParse(spec.params, value).issues).toBeUndefined();
    });
    it.each(examples.params.bad)('params reject %j', (value) => {
      expect(v.is(spec.params, value)).toBe(false);
    });
    if (spec.result && examples.result) {
      const result = spec.result;
      it.each(examples.result.good)('result accepts %j', (value) => {
        expect(v.safeParse(result, value).issues).toBeUndefined();
      });
      it.each(examples.result.bad)('result rejects %j', (value) => {
        expect(v.is(result, value)).toBe(false);
      });
    }
  });
});

describe('DeliveryParamsSchema (protocol 6.1)', () => {
  const full = { stream: 'topic:room:1', seq: 7, epoch: 'e1', from: 'alice', data: { text: 'hi' } };
  it.each([
    ['all', 17, null, { text: 'Maintenance at 22:00 UTC' }],
    ['user:bob', 3, 'alice', { text: 'Lunch?' }],
    ['conn:c2', 1, null],
    ['all', 2, 'alice', null],
    full,
    { ...full, seq: 1, from: null, data: undefined },
    { ...full, fromConnection: 'c1', ts: 1700000000000 },
  ])('accepts %j', (params) => {
    expect(v.safeParse(DeliveryParamsSchema, params).issues).toBeUndefined();
  });
  it.each([
    [],
    ['all', 1],
    ['all', 1, null, {}, 'extra'],
    ['all', 0, null],
    ['all', 1.5, null],
    ['room:1', 1, null],
    ['all', 1, { userId: 'alice', connectionId: 'c1' }],
    ['all', 1, ''],
    { ...full, epoch: undefined },
    { ...full, epoch: '' },
    { ...full, from: undefined },
    { ...full, fromConnection: '' },
    { ...full, ts: 'now' },
    null,
    'all',
  ])('rejects %j', (params) => {
    expect(v.is(DeliveryParamsSchema, params)).toBe(false);
  });
  it('deliveries are the notifications outside the rpc. namespace', () => {
    for (const event of ['chat.message', 'a', 'toString', '__proto__']) expect(isDeliveryMethod(event)).toBe(true);
    for (const method of Object.values(Method)) expect(isDeliveryMethod(method)).toBe(false);
  });
});

describe('isBuiltinMethod', () => {
  it.each(['toString', '__proto__', 'constructor', 'rpc.nope', 'rpc.', 'chat.send', ''])('%j is not a built-in', (name) => {
    expect(isBuiltinMethod(name)).toBe(false);
  });
});

describe('primitives', () => {
  it('TopicSchema: 1-200 characters from A-Z a-z 0-9 _ . : @ / -', () => {
    for (const good of ['a', 'room:lobby', 'team@org/room-1_x.y', 'x'.repeat(200)]) expect(v.is(TopicSchema, good)).toBe(true);
    for (const bad of ['', 'x'.repeat(201), 'a b', 'é', 'a\n', '*']) expect(v.is(TopicSchema, bad)).toBe(false);
  });

  it('NameSchema: a letter then up to 127 of A-Z a-z 0-9 _ . : -, never rpc.', () => {
    for (const good of ['a', 'chat.message', 'A1_b.c:d-e', `a${'b'.repeat(127)}`, 'rpcx', 'RPC.x']) expect(v.is(NameSchema, good)).toBe(true);
    for (const bad of ['', '1a', '_a', 'rpc.x', 'rpc.', `a${'b'.repeat(128)}`, 'a b', 'a/b']) expect(v.is(NameSchema, bad)).toBe(false);
  });

  it('StreamSchema: all, topic:, user:, conn: with a non-empty rest', () => {
    for (const good of ['all', 'topic:a', 'user:bob', 'conn:c1']) expect(v.is(StreamSchema, good)).toBe(true);
    for (const bad of ['', 'topic:', 'alls', 'room:1', `topic:${'x'.repeat(300)}`]) expect(v.is(StreamSchema, bad)).toBe(false);
  });
});
