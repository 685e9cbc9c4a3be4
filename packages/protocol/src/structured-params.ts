/**
 * JSON-RPC 2.0 params are structured: an object or an array, or absent; what valibot schemas
 * make of that. A method whose params schema only accepts a primitive (a string, a number,
 * `null`...) could never be called: every request for it is an invalid request (-32600), so
 * `defineContract` refuses it, at compile time when the schema's type shows it and at run time for
 * valibot's primitive schemas. And valibot takes an array as an object, so positional params are
 * refused for named ones before validation ({@link validateParams}).
 *
 * @module
 */
import type * as v from 'valibot';
import { validateFast } from './schema-check.js';
import type { ValidationResult } from './validate.js';

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
const ADDS_NULLISH: ReadonlySet<string> = new Set(['optional', 'exact_optional', 'undefinedable', 'nullable', 'nullish']);

/** valibot schema types that only take `undefined` and/or `null` away from the schema they wrap. */
const REMOVES_NULLISH: ReadonlySet<string> = new Set(['non_optional', 'non_nullable', 'non_nullish']);

/** valibot's object and record schemas, which take an array as an object with keys "0", "1"... */
const OBJECT_TYPES: ReadonlySet<string> = new Set(['object', 'loose_object', 'strict_object', 'object_with_rest', 'record']);

const ARRAY_AS_OBJECT = 'Invalid type: Expected Object but received Array';

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
  if (ADDS_NULLISH.has(type) || REMOVES_NULLISH.has(type)) {
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

/** Whether a schema is an object or record schema, also behind `optional`, `nullable`... */
function takesArrayAsObject(schema: unknown): boolean {
  for (let s = schema as Shape | undefined, depth = 0; s && depth < 8; s = s.wrapped as Shape | undefined, depth++) {
    if (typeof s.type !== 'string') return false;
    if (OBJECT_TYPES.has(s.type)) return true;
    if (!ADDS_NULLISH.has(s.type)) return false;
  }
  return false;
}

/**
 * `validate` for JSON-RPC params: positional params (an array) never pass a top-level object
 * or record schema, as they would with valibot alone, which takes an array as an object with keys
 * "0", "1"... A handler with named params never sees `[1, 2]` as `{}`. Checked through
 * {@link validateFast} (the schema's compiled check first; where generated code is refused,
 * valibot alone).
 *
 * @example
 * ```ts
 * validate(v.object({ text: v.optional(v.string()) }), [1, 2]); // success, output {}
 * validateParams(v.object({ text: v.optional(v.string()) }), [1, 2]);
 * // { success: false, issues: [{ path: '', message: 'Invalid type: Expected Object but received Array' }] }
 * ```
 */
export function validateParams<S extends v.GenericSchema>(schema: S, params: unknown): ValidationResult<v.InferOutput<S>> {
  if (Array.isArray(params) && takesArrayAsObject(schema)) return { success: false, issues: [{ path: '', message: ARRAY_AS_OBJECT }] };
  return validateFast(schema, params);
}
