/**
 * JSON-RPC 2.0 params are structured: an object or an array, or absent. A method whose params
 * schema only accepts a primitive (a string, a number, `null`...) could never be called: every
 * request for it is an invalid request (-32600). `defineContract` refuses such a method, at
 * compile time when the schema's type shows it and at run time for valibot's primitive schemas.
 *
 * @module
 */
import type * as v from 'valibot';

/**
 * A check for `defineContract`'s methods: for each method whose params schema only accepts
 * primitives (`undefined` aside, which means "no params"; `any` and `unknown` pass), its `params`
 * must be a string no schema is, so the definition does not compile and the compiler says why.
 *
 * @example
 * ```ts
 * type Ok = StructuredParams<{ 'chat.send': { params: v.ObjectSchema<{}, undefined>; result: v.NullSchema<undefined> } }>; // { 'chat.send': unknown }
 * ```
 */
export type StructuredParams<M> = {
  readonly [K in keyof M]: M[K] extends { readonly params: infer P extends v.GenericSchema }
    ? 0 extends 1 & v.InferInput<P>
      ? unknown
      : [Exclude<v.InferInput<P>, undefined>] extends [never]
        ? unknown
        : [Exclude<v.InferInput<P>, undefined>] extends [string | number | boolean | bigint | symbol | null]
          ? { readonly params: 'JSON-RPC params are an object or an array: wrap this schema, e.g. v.object({ text: v.string() })' }
          : unknown
    : unknown;
};

/** valibot schema types whose input is always a primitive. */
const PRIMITIVE_TYPES: ReadonlySet<string> = new Set(['string', 'number', 'boolean', 'bigint', 'symbol', 'null', 'nan', 'literal', 'picklist', 'enum']);

/** valibot schema types that only add `undefined` and/or `null` to the schema they wrap. */
const WRAPPERS: ReadonlySet<string> = new Set([
  'optional',
  'exact_optional',
  'undefinedable',
  'nullable',
  'nullish',
  'non_optional',
  'non_nullable',
  'non_nullish',
]);

/** Schema types that only accept `undefined` (no params). */
const ABSENT: ReadonlySet<string> = new Set(['undefined', 'void']);

type Shape = { readonly type?: unknown; readonly wrapped?: unknown; readonly options?: unknown };

/** `'primitive'`: only primitives; `'absent'`: only `undefined`; `'other'`: may take an object or an array. */
function classify(schema: unknown, depth = 0): 'primitive' | 'absent' | 'other' {
  if (typeof schema !== 'object' || schema === null || depth > 32) return 'other';
  const { type, wrapped, options } = schema as Shape;
  if (typeof type !== 'string') return 'other';
  if (PRIMITIVE_TYPES.has(type)) return 'primitive';
  if (ABSENT.has(type)) return 'absent';
  if (WRAPPERS.has(type)) {
    const inner = classify(wrapped, depth + 1);
    return inner === 'absent' && (type === 'nullable' || type === 'nullish') ? 'primitive' : inner;
  }
  if ((type === 'union' || type === 'variant') && Array.isArray(options)) {
    const kinds = options.map((option) => classify(option, depth + 1));
    if (kinds.includes('other')) return 'other';
    return kinds.includes('primitive') ? 'primitive' : 'absent';
  }
  return 'other';
}

/**
 * Whether a params schema can only accept primitives (valibot's `string`, `number`, `null`,
 * `literal`, `picklist`..., also wrapped in `optional`/`nullable` or in a union of such), so no
 * request could carry its params.
 *
 * @example
 * ```ts
 * onlyPrimitiveParams(v.string()); // true
 * onlyPrimitiveParams(v.object({ text: v.string() })); // false
 * onlyPrimitiveParams(v.undefined()); // false: no params at all is fine
 * ```
 */
export function onlyPrimitiveParams(schema: unknown): boolean {
  return classify(schema) === 'primitive';
}
