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

function pathOf(issue: StandardIssue): string {
  if (!issue.path) return '';
  return issue.path.map((item) => String(typeof item === 'object' ? item.key : item)).join('.');
}

/**
 * Validates a value against a (synchronous) valibot schema without throwing, and reports the
 * issues in a small JSON-safe form. Both server and client validate with it (params with
 * `validateParams`); servers and Node clients through {@link validateFast}.
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
