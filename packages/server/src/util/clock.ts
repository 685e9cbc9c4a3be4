/**
 * A millisecond clock counted from this module's load: the same readings as `Date.now()`, minus a
 * constant. Times kept per connection (last sign of life, opening time) stay small integers that
 * V8 stores inline (for about 12 days of uptime) instead of a separate heap number per field and
 * connection, as a `Date.now()` reading needs (internal).
 *
 * @module
 */

/** `Date.now()` when the server package was loaded. */
export const CLOCK_ORIGIN = Date.now();

/**
 * Milliseconds since {@link CLOCK_ORIGIN}.
 *
 * @example
 * ```ts
 * connection.lastSeen = clockMs();
 * const openedAt = CLOCK_ORIGIN + connection.openedAt; // a Date.now() reading
 * ```
 */
export function clockMs(): number {
  return Date.now() - CLOCK_ORIGIN;
}
