/**
 * One copy of strings that many connections repeat (header values such as `Upgrade: websocket`,
 * the client address): the HTTP parser makes new strings for every request, and an idle
 * connection keeps its request's. A bounded cache hands back the first copy of an equal value.
 *
 * @module
 */

/** Longest value shared; longer ones are rarely repeated. */
const MAX_LENGTH = 128;
/** Most values remembered; the cache starts over past it. */
const MAX_VALUES = 1024;

/**
 * A bounded pool of strings.
 *
 * @example
 * ```ts
 * const pool = new StringPool();
 * pool.share(a) === pool.share(b); // true when a === b in value
 * ```
 */
export class StringPool {
  private readonly values = new Map<string, string>();

  /** The pool's copy of `text` (`text` itself the first time, or when too long to share). */
  share(text: string): string {
    if (text.length > MAX_LENGTH) return text;
    const known = this.values.get(text);
    if (known !== undefined) return known;
    if (this.values.size >= MAX_VALUES) this.values.clear();
    this.values.set(text, text);
    return text;
  }
}

/**
 * A flat copy of `text`. A string built by `+` or a template literal is kept by V8 as a pair of
 * pieces (a "cons string"), which a map key then flattens into a third string while the pair
 * stays: keeping the flat copy instead saves both for strings kept per connection.
 *
 * @example
 * ```ts
 * watched.add(flat(`user:${userId}`));
 * ```
 */
export function flat(text: string): string {
  return text.length < 13 ? text : [text.slice(0, 1), text.slice(1)].join('');
}
