/**
 * How long and how many sessions a server remembers for resuming, and how many replies each
 * keeps for idempotent re-sends: the `sessions` option of `createParleyServer`.
 *
 * @module
 */

/**
 * Bounds of the session memory behind resume (protocol section 7). A session is remembered
 * while its connection is open and for `rememberMs` after it closed; a client that reconnects
 * within that time (as the same user) gets the same `sessionId` and its missed messages. Each
 * session keeps its recent replies so a re-sent request is answered without running twice.
 *
 * Worst case, the replies take `maxRemembered × replyCacheBytes` of memory (640 MiB with the
 * defaults, if every remembered session filled its cache); typical use is far below.
 *
 * @example
 * ```ts
 * createParleyServer({ server: http, sessions: { rememberMs: 60_000, maxRemembered: 50_000 } });
 * ```
 */
export interface SessionOptions {
  /** How long a session stays resumable after its connection closed, in ms. Default 120,000 (the memory adapter's log age). `0`: not at all. */
  readonly rememberMs?: number;
  /** Most sessions remembered without a connection; past it the one closed longest ago is forgotten. Default 10,000. */
  readonly maxRemembered?: number;
  /** Most replies kept per session for idempotent re-sends (oldest dropped first). Default 100. */
  readonly replyCacheSize?: number;
  /** Most reply bytes (UTF-16 length of the encoded replies) kept per session. Default 65,536. */
  readonly replyCacheBytes?: number;
}

/**
 * The defaults of {@link SessionOptions}.
 *
 * @example
 * ```ts
 * SESSION_DEFAULTS.rememberMs; // 120000
 * ```
 */
export const SESSION_DEFAULTS = Object.freeze({
  rememberMs: 120_000,
  maxRemembered: 10_000,
  replyCacheSize: 100,
  replyCacheBytes: 64 * 1024,
});

/**
 * {@link SessionOptions} with every default filled in.
 *
 * @example
 * ```ts
 * const limits: SessionLimits = { ...SESSION_DEFAULTS };
 * ```
 */
export type SessionLimits = { readonly [K in keyof SessionOptions]-?: number };

/**
 * Fills in the defaults and checks the values (integers ≥ 0); throws `RangeError` otherwise.
 *
 * @example
 * ```ts
 * resolveSessionOptions({ rememberMs: 30_000 }).maxRemembered; // 10000
 * ```
 */
export function resolveSessionOptions(options: SessionOptions = {}): SessionLimits {
  const limits: SessionLimits = {
    rememberMs: options.rememberMs ?? SESSION_DEFAULTS.rememberMs,
    maxRemembered: options.maxRemembered ?? SESSION_DEFAULTS.maxRemembered,
    replyCacheSize: options.replyCacheSize ?? SESSION_DEFAULTS.replyCacheSize,
    replyCacheBytes: options.replyCacheBytes ?? SESSION_DEFAULTS.replyCacheBytes,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`createParleyServer: sessions.${name} must be an integer >= 0, got ${String(value)}`);
    }
  }
  return limits;
}
