import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ALL_STREAM, StreamSchema, TopicSchema, connectionStream, parseStream, topicStream, userStream } from '@parley/protocol';

describe('stream names', () => {
  it('are built from their parts', () => {
    expect([ALL_STREAM, topicStream('room:1'), userStream('alice'), connectionStream('c1')]).toEqual(['all', 'topic:room:1', 'user:alice', 'conn:c1']);
  });

  it('parse back to their parts, colons in the rest included', () => {
    expect(parseStream('all')).toEqual({ kind: 'all' });
    expect(parseStream('topic:room:1')).toEqual({ kind: 'topic', topic: 'room:1' });
    expect(parseStream('user:a:b')).toEqual({ kind: 'user', userId: 'a:b' });
    expect(parseStream('conn:c_1')).toEqual({ kind: 'conn', connectionId: 'c_1' });
  });

  it.each(['', 'al', 'all:x', 'topic:', 'user:', 'conn:', ':x', 'foo:bar', 'toString:x', '__proto__:x', 'constructor:x', 'topic'])(
    '%j is not a stream',
    (name) => {
      expect(parseStream(name)).toBeUndefined();
    },
  );

  it('round-trip for any non-empty part', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), (part) => {
        expect(parseStream(topicStream(part))).toEqual({ kind: 'topic', topic: part });
        expect(parseStream(userStream(part))).toEqual({ kind: 'user', userId: part });
        expect(parseStream(connectionStream(part))).toEqual({ kind: 'conn', connectionId: part });
      }),
      { numRuns: 500 },
    );
  });

  it('of valid topics pass StreamSchema', () => {
    const topic = fc.stringMatching(/^[\w.:@/-]{1,200}$/);
    fc.assert(
      fc.property(topic, (t) => {
        expect(v.is(TopicSchema, t)).toBe(true);
        expect(v.is(StreamSchema, topicStream(t))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
