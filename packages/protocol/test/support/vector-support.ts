/**
 * Helpers the vector tests share: what reply the decoder alone gives for a frame, whether params
 * are valid for a method by the schemas a correct server uses, and the shape of a vector file.
 */
import * as v from 'valibot';
import {
  ENVELOPES,
  Method,
  getEvent,
  getMethod,
  isBuiltinMethod,
  validate,
  type Decoded,
  type DecodedItem,
} from '@parley/protocol';
import { fixtureContract } from '@parley/protocol/vectors';

/** The items of a decoded frame (none for a frame-level error). */
export function itemsOf(decoded: Decoded): readonly DecodedItem[] {
  if (decoded.kind === 'error') return [];
  return decoded.kind === 'single' ? [decoded.item] : decoded.items;
}

/**
 * The reply the decoder alone determines, as it would go on the wire (JSON round trip), or
 * `undefined` for none; `requests` counts the items only a live server can answer.
 */
export function decoderReply(decoded: Decoded): { reply: unknown; requests: number } {
  if (decoded.kind === 'error') return { reply: wire(decoded.reply), requests: 0 };
  const items = itemsOf(decoded);
  const replies = items.flatMap((item) => (item.type === 'invalid' ? [wire(item.reply)] : []));
  const requests = items.filter((item) => item.type === 'request').length;
  if (replies.length === 0) return { reply: undefined, requests };
  return { reply: decoded.kind === 'single' ? replies[0] : replies, requests };
}

/** What a value looks like after JSON.stringify → JSON.parse (what the peer receives). */
export function wire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** `valid` / `invalid` by the schemas a correct server applies; `unknown` for unknown methods. */
export type ParamsVerdict = 'valid' | 'invalid' | 'unknown';

const ok = (success: boolean): ParamsVerdict => (success ? 'valid' : 'invalid');

/**
 * Judges `params` of a client request the way a correct server does: built-ins by their envelope
 * schema (and, for rpc.broadcast / rpc.private, the event must be in the contract and its data
 * must pass the event schema); fixture methods by the fixture contract.
 */
export function paramsVerdict(method: string, params: unknown): ParamsVerdict {
  if (isBuiltinMethod(method)) {
    const spec = ENVELOPES[method];
    if (spec.from !== 'client') return 'unknown';
    if (!v.safeParse(spec.params, params).success) return 'invalid';
    if (method === Method.Broadcast || method === Method.Private) {
      const { event, data } = params as { event: string; data?: unknown };
      const schema = getEvent(fixtureContract, event);
      return schema ? ok(validate(schema, data).success) : 'invalid';
    }
    return 'valid';
  }
  const definition = getMethod(fixtureContract, method);
  return definition ? ok(validate(definition.params, params).success) : 'unknown';
}

/** Every `code` number found anywhere inside a value (error objects, notices). */
export function codesIn(value: unknown, found = new Set<number>()): Set<number> {
  if (Array.isArray(value)) for (const item of value) codesIn(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'code' && typeof inner === 'number') found.add(inner);
      else codesIn(inner, found);
    }
  }
  return found;
}

/** The method names of the JSON-RPC messages in a frame's text (none if it is not JSON). */
export function methodsIn(text: string): Set<string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new Set();
  }
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const names = new Set<string>();
  for (const item of items) {
    if (typeof item === 'object' && item !== null && Object.hasOwn(item, 'method')) {
      const method = (item as { method: unknown }).method;
      if (typeof method === 'string') names.add(method);
    }
  }
  return names;
}

const NameSchema = v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case'));
const DescriptionSchema = v.pipe(v.string(), v.minLength(1));

/** The shape of one frame vector, checked strictly (no unknown fields). */
export const VectorShape = v.strictObject({
  name: NameSchema,
  description: DescriptionSchema,
  layer: v.picklist(['decode', 'server']),
  role: v.optional(v.picklist(['server', 'client'])),
  session: v.picklist(['open', 'none']),
  frame: v.optional(v.picklist(['text', 'binary', 'hex'])),
  covers: v.array(v.string()),
  send: v.string(),
  expect: v.union([
    v.strictObject({ reply: v.unknown() }),
    v.strictObject({ noReply: v.literal(true) }),
    v.strictObject({ close: v.pipe(v.number(), v.integer()), reply: v.optional(v.unknown()), notice: v.optional(v.unknown()) }),
  ]),
});

/** The shape of one negotiation vector. */
export const NegotiationShape = v.strictObject({
  name: NameSchema,
  description: DescriptionSchema,
  covers: v.array(v.string()),
  offered: v.array(v.string()),
  expect: v.union([
    v.strictObject({ protocol: v.string() }),
    v.strictObject({ protocol: v.nullable(v.string()), notice: v.unknown(), close: v.pipe(v.number(), v.integer()) }),
  ]),
});
