/**
 * The logger hook: a pino-compatible subset, silent by default.
 *
 * @module
 */

/**
 * One log method: `(object, message?)` or `(message)`, as pino's.
 *
 * @example
 * ```ts
 * const info: LogFn = (obj, msg) => console.log(msg ?? obj, obj);
 * ```
 */
export type LogFn = (objOrMessage: unknown, message?: string) => void;

/**
 * What Parley logs through. A pino logger fits as is (`createParleyServer({ logger: pino() })`);
 * so does `console` for quick debugging.
 *
 * @example
 * ```ts
 * const logger: Logger = { debug() {}, info: console.info, warn: console.warn, error: console.error };
 * ```
 */
export interface Logger {
  /** Protocol chatter (closed connections, ignored notifications). */
  debug: LogFn;
  /** Lifecycle (listening, closed). */
  info: LogFn;
  /** Something a client did wrong or a limit that was hit. */
  warn: LogFn;
  /** A handler or hook threw, an adapter failed: a bug to look at. */
  error: LogFn;
}

const noop: LogFn = () => undefined;

/**
 * The default logger: drops everything.
 *
 * @example
 * ```ts
 * createParleyServer({ logger: silentLogger }); // same as leaving `logger` out
 * ```
 */
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });
