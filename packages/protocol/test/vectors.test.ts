/**
 * Runs every conformance vector through the parts of @parley/protocol that decide it: decode
 * vectors through decodeFrame (exact reply), server vectors through decodeFrame plus the schemas a
 * correct server applies (so a vector can never expect success for params the schemas reject, or
 * -32602 for params they accept), and negotiation vectors through negotiate.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  DeliveryParamsSchema,
  ENVELOPES,
  ErrorCode,
  Method,
  decodeFrame,
  isBuiltinMethod,
  isDeliveryMethod,
  negotiate,
  parseProtocolHeader,
  type DecodedItem,
} from '@parley/protocol';
import { NEGOTIATION_VECTORS, allVectors, matchExpected, type Vector } from '@parley/protocol/vectors';
import { decoderReply, itemsOf, paramsVerdict, wire } from './support/vector-support.js';

const vectors = allVectors();
const decodeVectors = vectors.filter((vec) => vec.layer === 'decode');
const serverVectors = vectors.filter((vec) => vec.layer === 'server');

type Reply = { id?: unknown; result?: unknown; error?: { code?: unknown } };

/** A server frame decodes to responses and notifications; built-in notifications and deliveries pass their schema. */
function checkServerNotification(item: DecodedItem): void {
  if (item.type !== 'notification') {
    expect(item.type, 'a server frame holds only responses and notifications').toBe('response');
    return;
  }
  const { method, params } = item.message;
  if (isDeliveryMethod(method)) {
    expect(v.safeParse(DeliveryParamsSchema, params).issues ?? [], `a delivery of ${method} passes the delivery schema`).toEqual([]);
    return;
  }
  expect(isBuiltinMethod(method), `${method} is a built-in`).toBe(true);
  if (!isBuiltinMethod(method)) return;
  expect(ENVELOPES[method].from, `${method} travels server → client`).toBe('server');
  const parsed = v.safeParse(ENVELOPES[method].params, params);
  expect(parsed.issues ?? [], `${method} params pass the envelope schema`).toEqual([]);
}

describe('decode vectors: decodeFrame gives exactly the expected reply', () => {
  it.each(decodeVectors)('$name', (vec) => {
    const role = vec.role ?? 'server';
    const decoded = decodeFrame(vec.send, { role });
    const { reply, requests } = decoderReply(decoded);
    expect(requests, 'a decode vector holds no request only a server can answer').toBe(0);
    if (role === 'client') {
      expect('noReply' in vec.expect, 'a client never replies to a server frame').toBe(true);
      expect(decoded.kind, 'a valid server frame').not.toBe('error');
      itemsOf(decoded).forEach(checkServerNotification);
    } else if ('noReply' in vec.expect) {
      expect(reply).toBeUndefined();
    } else if ('close' in vec.expect) {
      expect.fail('decode vectors expect a reply or no reply, never a close');
    } else {
      expect(matchExpected(vec.expect.reply, reply)).toEqual([]);
    }
  });
});

/** Checks one request of a server vector against the reply the vector expects for it. */
function checkRequest(vec: Vector, inBatch: boolean, method: string, params: unknown, id: unknown, expected: Reply): void {
  if (typeof expected.id !== 'string' || !expected.id.startsWith('$')) expect(expected.id, 'reply id echoes the request id').toEqual(id);
  const verdict = paramsVerdict(method, params);
  if (method === 'fixture.fail' && verdict === 'valid') {
    // The handler raises exactly the error it is given: that error, whatever its code, is the reply.
    const { code, message, data } = params as { code: number; message: string; data?: unknown };
    expect(expected.error, 'fixture.fail answers with exactly its error').toEqual(data === undefined ? { code, message } : { code, message, data });
    return;
  }
  // Before the welcome only a single rpc.hello (not one in a batch) gets past -32009; after it, anything but rpc.hello.
  const helloPhase = vec.session === 'none' ? method === Method.Hello && !inBatch : method !== Method.Hello;
  if ('result' in expected) {
    expect(verdict, `${method}: success needs params the schemas accept`).toBe('valid');
    expect(helloPhase, `${method}: success needs the right session state`).toBe(true);
    return;
  }
  const code = expected.error?.code;
  if (code === ErrorCode.SessionState) expect(helloPhase, '-32009 only for requests out of session order').toBe(false);
  else if (vec.session === 'none') expect(helloPhase, 'before hello only a single rpc.hello gets anything but -32009').toBe(true);
  if (code === ErrorCode.InvalidParams && helloPhase) expect(verdict, `${method}: -32602 needs params the schemas reject`).toBe('invalid');
  if (code === ErrorCode.MethodNotFound) expect(verdict, `${method}: -32601 only for unknown methods`).toBe('unknown');
}

describe('server vectors: the frame decodes and the expectation agrees with the schemas', () => {
  it.each(serverVectors)('$name', (vec) => {
    if (vec.frame === 'binary' || vec.frame === 'hex') {
      expect('close' in vec.expect, 'frames the protocol refuses end in a close').toBe(true);
      return;
    }
    const decoded = decodeFrame(vec.send, { role: 'server' });
    if (decoded.kind === 'error') {
      // Only a frame the transport refuses first (oversized: 1009) reaches here; it gets no reply.
      expect('close' in vec.expect && !('reply' in vec.expect), 'a frame-level error in a server vector ends in a close').toBe(true);
      return;
    }
    const expectedReply = 'noReply' in vec.expect ? undefined : vec.expect.reply;
    const expected: Reply[] =
      expectedReply === undefined ? [] : decoded.kind === 'batch' ? (expectedReply as Reply[]) : [expectedReply as Reply];
    expect(Array.isArray(expected), 'a batch is answered with an array').toBe(true);
    let next = 0;
    for (const item of itemsOf(decoded)) {
      if (item.type === 'notification') continue;
      const want = expected[next++];
      expect(want, 'one reply per request or invalid item').toBeDefined();
      if (item.type === 'invalid') expect(matchExpected(want, wire(item.reply))).toEqual([]);
      else if (item.type === 'request') checkRequest(vec, decoded.kind === 'batch', item.message.method, item.message.params, item.message.id, want ?? {});
      else expect.fail('a server takes no responses');
    }
    expect(next, 'no reply left over').toBe(expected.length);
  });
});

describe('negotiation vectors: negotiate() on a v1 server', () => {
  it.each(NEGOTIATION_VECTORS.vectors)('$name', (vec) => {
    const n = negotiate(vec.offered);
    const actual = n.ok
      ? { protocol: n.protocol }
      : { protocol: n.protocol ?? null, notice: { jsonrpc: '2.0', method: Method.Error, params: n.error }, close: n.closeCode };
    expect(matchExpected(vec.expect, wire(actual))).toEqual([]);
    if (!n.ok) expect(v.is(ENVELOPES[Method.Error].params, n.error)).toBe(true);
    // The offer survives the trip through a Sec-WebSocket-Protocol header.
    if (vec.offered.length > 0) expect(parseProtocolHeader(vec.offered.join(', '))).toEqual(vec.offered);
  });
});
