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
