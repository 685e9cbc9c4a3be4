import type * as v from 'valibot';
import { ErrorCode } from './codes/error-codes.js';
import { ParleyError } from './errors.js';

/**
 * One validation problem, in a JSON-safe form fit for `error.data.issues`.
 *
 * @example
 * ```ts
 * const issue: ValidationIssue = { path: 'items.0.text', message: 'Invalid type: Expected string but received 42' };
 * ```
 */
export interface ValidationIssue {
  /** Dotted path to the offending value (`''` for the value itself), e.g. `items.0.text`. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
}

/**
 * The outcome of {@link validate}.
 *
 * @example
 * ```ts
 * const r: ValidationResult<{ n: number }> = validate(v.object({ n: v.number() }), { n: 1 });
 * if (r.success) r.output.n; // 1
 * else r.issues;             // what failed, as ValidationIssue[]
 * ```
 */
export type ValidationResult<T> =
  | { readonly success: true; readonly output: T }
  | { readonly success: false; readonly issues: readonly ValidationIssue[] };

/**
 * At most this many issues are reported; the rest are counted in the last one.
 *
 * @example
 * ```ts
 * const r = validate(v.array(v.number()), Array(25).fill('x'));
 * if (!r.success) r.issues.length; // 21: MAX_REPORTED_ISSUES (20), then { path: '', message: '5 more issues' }
 * ```
 */
export const MAX_REPORTED_ISSUES = 20;

/** An issue as the Standard Schema interface reports it (valibot's path items carry a `key`). */
type StandardIssue = { readonly message: string; readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined };

/** valibot's object and record schemas (also behind `optional`, `nullable`...), which take an array as an object with keys "0", "1"... */
const OBJECT_TYPE = /^((loose_|strict_)?object(_with_rest)?|record)$/;
const WRAPPER_TYPE = /^(exact_)?(optional|nullable|nullish|undefinedable)$/;
const ARRAY_AS_OBJECT = 'Invalid type: Expected Object but received Array';

function takesArrayAsObject(schema: unknown): boolean {
  for (let s = schema as { type?: unknown; wrapped?: unknown } | undefined, depth = 0; s && depth < 8; s = s.wrapped as typeof s, depth++) {
    if (typeof s.type !== 'string') return false;
    if (OBJECT_TYPE.test(s.type)) return true;
    if (!WRAPPER_TYPE.test(s.type)) return false;
  }
  return false;
}

function pathOf(issue: StandardIssue): string {
  if (!issue.path) return '';
  return issue.path.map((item) => String(typeof item === 'object' ? item.key : item)).join('.');
}

/**
 * Validates a value against a (synchronous) valibot schema without throwing, and reports the
 * issues in a small JSON-safe form. Both server and client validate with it (params with
 * {@link validateParams}).
 *
 * @example
 * ```ts
 * const r = validate(v.object({ n: v.number() }), { n: 'x' });
 * if (!r.success) r.issues; // [{ path: 'n', message: 'Invalid type: Expected number but received "x"' }]
 * ```
 */
export function validate<S extends v.GenericSchema>(schema: S, value: unknown): ValidationResult<v.InferOutput<S>> {
  // Through the schema's own Standard Schema interface (what `v.safeParse` does, with the same
  // global config), so validating needs no valibot code beyond the schema's: a client bundle
  // carries none of valibot's own.
  let result: { readonly value?: unknown; readonly issues?: readonly StandardIssue[] | undefined };
  try {
    result = schema['~standard'].validate(value) as typeof result;
  } catch {
    return { success: false, issues: [{ path: '', message: 'Schema could not be evaluated' }] };
  }
  if (!result.issues) return { success: true, output: result.value as v.InferOutput<S> };
  const issues: ValidationIssue[] = result.issues
    .slice(0, MAX_REPORTED_ISSUES)
    .map((issue) => ({ path: pathOf(issue), message: issue.message }));
  if (result.issues.length > MAX_REPORTED_ISSUES) {
    issues.push({ path: '', message: `${result.issues.length - MAX_REPORTED_ISSUES} more issues` });
  }
  return { success: false, issues };
}

/**
 * {@link validate} for JSON-RPC params: positional params (an array) never pass a top-level object
 * or record schema, as they would with valibot alone, which takes an array as an object with keys
 * "0", "1"... A handler with named params never sees `[1, 2]` as `{}`.
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
  return validate(schema, params);
}

/**
 * The -32602 "Invalid params" error carrying validation issues in `data.issues`.
 *
 * @example
 * ```ts
 * const r = validate(schema, params);
 * if (!r.success) throw invalidParamsError(r.issues);
 * ```
 */
export function invalidParamsError(issues: readonly ValidationIssue[]): ParleyError {
  return new ParleyError(ErrorCode.InvalidParams, 'Invalid params', { issues });
}
