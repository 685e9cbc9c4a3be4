/**
 * Telling promises from plain values: stores may answer synchronously (memory) or
 * asynchronously (network), and the guards keep the synchronous path free of promises.
 *
 * @module
 */

/**
 * Whether `value` is a promise (or any thenable).
 *
 * @example
 * ```ts
 * isPromiseLike(Promise.resolve(1)); // true
 * isPromiseLike(1);                  // false
 * ```
 */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/**
 * `f(value)` now when `value` is a plain value, or once it resolves when it is a promise: a path
 * whose every step is synchronous (the memory adapter, hooks that answer at once) stays free of
 * promises and microtask hops.
 *
 * @example
 * ```ts
 * andThen(1, (n) => n + 1); // 2
 * andThen(Promise.resolve(1), (n) => n + 1); // a promise of 2
 * ```
 */
export function andThen<T, R>(value: T | PromiseLike<T>, f: (value: T) => R | PromiseLike<R>): R | PromiseLike<R> {
  return isPromiseLike(value) ? value.then(f) : f(value);
}
