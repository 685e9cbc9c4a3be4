/**
 * Property tests of the decoder on 10,000+ hostile frames: it never throws, never pollutes a
 * prototype, always answers with a spec-valid JSON-RPC error response (or nothing), and agrees
 * with the JSON-RPC schemas and an independent reference on what is valid. Also exceedsDepth
 * against a recursive depth and utf8Length against Buffer.byteLength.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_FRAME_LIMITS,
  ErrorCode,
  FailureSchema,
  NotificationSchema,
  RequestSchema,
  decodeFrame,
  exceedsDepth,
  utf8Length,
  type Decoded,
  type JsonRpcFailure,
} from '@parley/protocol';
import { frameArb, jsonText, loneSurrogate } from './support/frames.js';

const L = DEFAULT_FRAME_LIMITS;
const prototypes = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype } as const;
const ownNames = (o: object): string[] => Reflect.ownKeys(o).map(String).sort();
let before: Record<string, string[]>;

beforeAll(() => {
  before = Object.fromEntries(Object.entries(prototypes).map(([name, proto]) => [name, ownNames(proto)]));
});

afterAll(() => {
  // Nothing was added to (or removed from) a built-in prototype by the whole run.
  for (const [name, proto] of Object.entries(prototypes)) expect(ownNames(proto), name).toEqual(before[name]);
});

/** Depth of a parsed JSON value: scalars 0, arrays and objects 1 + their deepest member. */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const inner of Object.values(value)) deepest = Math.max(deepest, depthOf(inner));
  return 1 + deepest;
}

function assertSpecValidFailure(reply: JsonRpcFailure): void {
  expect(v.is(FailureSchema, reply)).toBe(true);
  expect(reply.id === null || typeof reply.id === 'string' || typeof reply.id === 'number').toBe(true);
  expect(Number.isInteger(reply.error.code)).toBe(true);
  expect(Object.keys(reply).sort()).toEqual(['error', 'id', 'jsonrpc']);
  const errorKeys = Object.keys(reply.error);
  expect(errorKeys.filter((key) => !['code', 'message', 'data'].includes(key))).toEqual([]);
  if (errorKeys.includes('data')) expect(reply.error.data).not.toBeUndefined();
  // What goes on the wire is still a valid error response.
  expect(v.is(FailureSchema, JSON.parse(JSON.stringify(reply)))).toBe(true);
}

const validId = (o: Record<string, unknown>): boolean =>
  !Object.hasOwn(o, 'id') ||
  o['id'] === null ||
  (typeof o['id'] === 'string' && o['id'].length <= L.maxIdLength) ||
  (typeof o['id'] === 'number' && Number.isFinite(o['id']));

/** The reference verdict for one parsed element, from the JSON-RPC schemas plus the limits. */
function reference(element: unknown): 'request' | 'notification' | 'invalid' {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return 'invalid';
  const o = element as Record<string, unknown>;
  const methodOk = typeof o['method'] === 'string' && o['method'].length <= L.maxMethodLength;
  if (Object.hasOwn(o, 'id')) return v.is(RequestSchema, o) && methodOk && validId(o) ? 'request' : 'invalid';
  return v.is(NotificationSchema, o) && methodOk ? 'notification' : 'invalid';
}

/** Checks one decoded frame against the raw text it came from. */
function check(raw: string, decoded: Decoded): void {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  if (decoded.kind === 'error') {
    assertSpecValidFailure(decoded.reply);
    expect([ErrorCode.ParseError, ErrorCode.InvalidRequest, ErrorCode.PayloadTooLarge, ErrorCode.LimitExceeded]).toContain(decoded.reply.error.code);
    expect(decoded.reply.id).toBeNull();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Not JSON: the only possible answers are frame-level errors.
    expect(decoded.kind).toBe('error');
    return;
  }
  if (Buffer.byteLength(raw) > L.maxMessageBytes) {
    expect(decoded.kind === 'error' && decoded.reply.error.code).toBe(ErrorCode.PayloadTooLarge);
    return;
  }
  if (depthOf(parsed) > L.maxDepth) {
    expect(decoded.kind === 'error' && decoded.reply.error.code).toBe(ErrorCode.LimitExceeded);
    return;
  }
  const elements = Array.isArray(parsed) ? parsed : [parsed];
  if (Array.isArray(parsed) && (parsed.length === 0 || parsed.length > L.maxBatchLength)) {
    expect(decoded.kind).toBe('error');
    return;
  }
  expect(decoded.kind).toBe(Array.isArray(parsed) ? 'batch' : 'single');
  const items = decoded.kind === 'batch' ? decoded.items : decoded.kind === 'single' ? [decoded.item] : [];
  expect(items.length).toBe(elements.length);
  items.forEach((item, i) => {
    const element = elements[i] as Record<string, unknown>;
    expect(item.type).toBe(reference(element));
    if (item.type === 'invalid') {
      assertSpecValidFailure(item.reply);
      expect(item.reply.error.code).toBe(ErrorCode.InvalidRequest);
      const id = typeof element === 'object' && element !== null && !Array.isArray(element) && validId(element) ? (element['id'] ?? null) : null;
      expect(Object.is(item.reply.id, id)).toBe(true);
    } else if (item.type === 'request' || item.type === 'notification') {
      const schema = item.type === 'request' ? RequestSchema : NotificationSchema;
      expect(v.is(schema, item.message)).toBe(true);
      expect(item.message.method).toBe(element['method']);
      expect(Object.hasOwn(item.message, 'params') ? item.message.params : undefined).toEqual(element['params']);
      if (item.type === 'request') expect(Object.is(item.message.id, element['id'])).toBe(true);
      else expect(Object.hasOwn(item.message, 'id')).toBe(false);
    } else {
      expect.fail('a server-role decode never yields responses');
    }
  });
}

describe('decodeFrame on arbitrary frames', () => {
  it('never throws, never pollutes, and answers with spec-valid JSON-RPC errors (10,000 frames)', () => {
    fc.assert(
      fc.property(frameArb, (raw) => {
        check(raw, decodeFrame(raw));
      }),
      { numRuns: 10_000 },
    );
  });

  it('answers anything that is not a string with a parse error', () => {
    fc.assert(
      fc.property(fc.anything().filter((x) => typeof x !== 'string'), (value) => {
        const decoded = decodeFrame(value as string);
        expect(decoded.kind === 'error' && decoded.reply.error.code).toBe(ErrorCode.ParseError);
      }),
      { numRuns: 500 },
    );
  });

  it('with role client, never throws and never answers a response or a notification', () => {
    fc.assert(
      fc.property(frameArb, (raw) => {
        const decoded = decodeFrame(raw, { role: 'client' });
        if (decoded.kind === 'error') return assertSpecValidFailure(decoded.reply);
        const items = decoded.kind === 'single' ? [decoded.item] : decoded.items;
        for (const item of items) {
          if (item.type === 'invalid') assertSpecValidFailure(item.reply);
          expect(item.type).not.toBe('request');
        }
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('exceedsDepth', () => {
  it('agrees with a recursive depth of the parsed value, at every limit', () => {
    fc.assert(
      fc.property(jsonText, fc.integer({ min: 0, max: 8 }), fc.boolean(), (text, max, pretty) => {
        const value: unknown = JSON.parse(text);
        const framed = pretty ? JSON.stringify(value, null, 2) : text;
        expect(exceedsDepth(framed, max)).toBe(depthOf(JSON.parse(framed)) > max);
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('utf8Length', () => {
  it('equals Buffer.byteLength on well-formed strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
      }),
      { numRuns: 3_000 },
    );
  });

  it('counts a lone surrogate as the 3 bytes of its U+FFFD replacement, like Buffer', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(loneSurrogate, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 32 }), (s) => {
        expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
      }),
      { numRuns: 2_000 },
    );
  });
});
