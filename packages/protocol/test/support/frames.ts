/**
 * fast-check arbitraries for hostile WebSocket frames. JSON text is built by hand (not with
 * JSON.stringify of objects) so that keys like "__proto__" really appear in the frame.
 */
import fc from 'fast-check';

/** Keys and method names that name Object.prototype members or JSON-RPC members. */
export const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'isPrototypeOf',
] as const;

const RPC_MEMBERS = ['jsonrpc', 'id', 'method', 'params', 'result', 'error', 'code', 'message', 'data'] as const;

/** A single UTF-16 code unit in the surrogate range (a lone surrogate on its own). */
export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Short strings mixing JSON punctuation, full Unicode and lone surrogates. */
export const oddString = fc.string({
  unit: fc.oneof(
    fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', ' '),
    loneSurrogate,
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 24,
});

/** Object keys: prototype names, JSON-RPC members, and anything else. */
export const keyArb = fc.oneof(fc.constantFrom(...PROTO_NAMES, ...RPC_MEMBERS), fc.string({ maxLength: 8 }), oddString);

/** A JSON string literal; its content may hold escaped lone surrogates. */
const stringText = fc.oneof(keyArb, fc.string({ unit: 'binary', maxLength: 16 })).map((s) => JSON.stringify(s));

const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.constantFrom('1e400', '-0', '0.5', '-1e-400', '9007199254740993'),
);

const leafText = fc.oneof(fc.constantFrom('null', 'true', 'false'), numberText, stringText);

/** Arbitrary JSON text (valid JSON, no duplicate keys), with prototype-named keys and nesting. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafText, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }).map((items) => `[${items.join(',')}]`),
  // Unique keys: with duplicates JSON.parse keeps the last value, so the text could nest deeper
  // than the parsed value and the depth reference would be wrong.
  object: fc
    .uniqueArray(fc.tuple(keyArb, tie('value')), { maxLength: 5, selector: ([key]) => key })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
})).value;

const idText = fc.oneof(
  fc.integer().map(String),
  stringText,
  fc.constantFrom('null', 'true', 'false', '{}', '[]', '[1]', '{"a":1}', '1.5', '1e400', '-0'),
  fc.integer({ min: 120, max: 136 }).map((n) => JSON.stringify('i'.repeat(n))),
);

const methodText = fc.oneof(
  fc.constantFrom(...PROTO_NAMES, 'rpc.ping', 'rpc.hello', 'fixture.echo', '', 'rpc.', 'a').map((m) => JSON.stringify(m)),
  stringText,
  fc.integer({ min: 120, max: 136 }).map((n) => JSON.stringify('m'.repeat(n))),
  fc.constantFrom('1', 'null', '[]', '{}', 'true'),
);

const paramsText = fc.oneof(jsonText, fc.constantFrom('"bar"', '42', 'true', 'null', '[]', '{}'));

const errorText = fc.oneof(
  fc.constantFrom('{"code":-32600,"message":"x"}', '{"code":"x","message":"m"}', '{"code":1.5,"message":"m"}', '{"code":1}', 'null', '"boom"'),
  jsonText,
);

const member = (name: string, arb: fc.Arbitrary<string>): fc.Arbitrary<string | undefined> =>
  fc.option(arb.map((text) => `${JSON.stringify(name)}:${text}`), { nil: undefined });

/** JSON-RPC-like objects: each member present or not, valid or not, plus prototype-named extras. */
export const messageText: fc.Arbitrary<string> = fc
  .tuple(
    member('jsonrpc', fc.oneof(fc.constant('"2.0"'), fc.constantFrom('"1.0"', '2', '2.0', 'null', '"2.0 "'))),
    member('id', idText),
    member('method', methodText),
    member('params', paramsText),
    member('result', jsonText),
    member('error', errorText),
    fc.uniqueArray(fc.tuple(fc.constantFrom(...PROTO_NAMES), jsonText), { maxLength: 2, selector: ([key]) => key }),
  )
  .chain(([jsonrpc, id, method, params, result, error, extras]) => {
    const parts = [jsonrpc, id, method, params, result, error, ...extras.map(([k, v]) => `${JSON.stringify(k)}:${v}`)];
    return fc.shuffledSubarray(parts.filter((p): p is string => p !== undefined), { minLength: 0 });
  })
  .map((parts) => `{${parts.join(',')}}`);

/** Mostly-valid requests and notifications, so the "valid input" branch is well exercised. */
export const validishMessageText: fc.Arbitrary<string> = fc
  .record({
    id: fc.option(fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null)), { nil: undefined }),
    method: fc.oneof(fc.constantFrom(...PROTO_NAMES, 'rpc.ping', 'fixture.echo'), fc.string({ maxLength: 12 })),
    params: fc.option(fc.oneof(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), fc.dictionary(keyArb, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })), {
      nil: undefined,
    }),
  })
  .map(({ id, method, params }) => {
    const parts = ['"jsonrpc":"2.0"', `"method":${JSON.stringify(method)}`];
    if (id !== undefined) parts.push(`"id":${JSON.stringify(id)}`);
    if (params !== undefined) parts.push(`"params":${JSON.stringify(params)}`);
    return `{${parts.join(',')}}`;
  });

const anyMessage = fc.oneof(messageText, validishMessageText, jsonText);

/** Batches from empty to past the 50-item limit. */
export const batchText = fc.oneof(
  fc.array(anyMessage, { maxLength: 8 }),
  fc.array(validishMessageText, { minLength: 45, maxLength: 56 }),
).map((items) => `[${items.join(',')}]`);

/** Deeply nested arrays / objects around a message, on both sides of the depth limit. */
export const deepText = fc
  .tuple(fc.integer({ min: 1, max: 80 }), fc.boolean(), validishMessageText)
  .map(([depth, objects, inner]) => (objects ? `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}` : `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`));

/** Text with a raw lone surrogate spliced in somewhere (it may or may not still parse). */
export const withRawSurrogate = fc
  .tuple(anyMessage, loneSurrogate, fc.nat())
  .map(([text, s, at]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + s + text.slice(i);
  });

/** Every kind of frame, weighted so that most frames are JSON that gets past the parser. */
export const frameArb = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: oddString, weight: 1 },
  { arbitrary: fc.json({ maxDepth: 4 }), weight: 2 },
  { arbitrary: jsonText, weight: 2 },
  { arbitrary: messageText, weight: 4 },
  { arbitrary: validishMessageText, weight: 3 },
  { arbitrary: batchText, weight: 3 },
  { arbitrary: deepText, weight: 1 },
  { arbitrary: withRawSurrogate, weight: 1 },
);
