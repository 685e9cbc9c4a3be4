/**
 * Log redaction: a wrapper around the server's {@link Logger} hook (pino-compatible, silent by
 * default) so that tokens in URLs never reach the log, and a logger that throws never breaks the
 * connection being logged.
 *
 * @module
 */
import { silentLogger, type Logger } from '../util/logger.js';
import { DEFAULT_REDACTED_PARAMS, redactUrl } from './credentials.js';

const URL_KEYS = new Set(['url', 'originalUrl', 'href']);
const MAX_DEPTH = 4;
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Returns `value` with the token query parameters of its URL fields (`url`, `originalUrl`,
 * `href`, at any depth up to 4 in plain objects) replaced by `[REDACTED]`. Copies only the
 * objects that change; anything else is returned as is.
 *
 * @example
 * ```ts
 * redactUrlFields({ req: { url: '/ws?token=abc' } }, ['token']); // { req: { url: '/ws?token=[REDACTED]' } }
 * ```
 */
export function redactUrlFields<T>(value: T, params: readonly string[] = DEFAULT_REDACTED_PARAMS, depth = 0): T {
  if (depth > MAX_DEPTH || !isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const field = value[key];
    const next = URL_KEYS.has(key) && typeof field === 'string' ? redactUrl(field, params) : redactUrlFields(field, params, depth + 1);
    if (next !== field) {
      copy ??= Object.assign(Object.create(Object.getPrototypeOf(value) as object | null) as object, value) as Record<string, unknown>;
      copy[key] = next;
    }
  }
  return (copy ?? value) as T;
}

/**
 * Wraps a logger so every record has its URL fields redacted (see `redactUrlFields`).
 * Calls with a message only pass through. When the logger has a `child(bindings)` method (pino
 * has), the wrapper has one too, redacting the bindings and wrapping the child. A logger that
 * throws is ignored.
 *
 * @param params - query parameter names to redact; default {@link DEFAULT_REDACTED_PARAMS} (add
 *   your `credentials.queryParam` if it is not one of them)
 * @example
 * ```ts
 * const logger = redactingLogger(pino());
 * logger.info({ url: '/parley?token=abc' }, 'upgrade refused'); // url logged as "/parley?token=[REDACTED]"
 * ```
 */
export function redactingLogger(logger: Logger, params: readonly string[] = DEFAULT_REDACTED_PARAMS): Logger {
  if (logger === silentLogger) return logger;
  const wrapped = {} as Record<(typeof LEVELS)[number], Logger['info']> & { child?: (bindings: object) => Logger };
  for (const level of LEVELS) {
    wrapped[level] = (objOrMessage: unknown, message?: string) => {
      try {
        const safe = redactUrlFields(objOrMessage, params);
        if (message === undefined) logger[level](safe);
        else logger[level](safe, message);
      } catch {
        // a failing logger must never break the connection that is being logged
      }
    };
  }
  const child = (logger as { child?: unknown }).child;
  if (typeof child === 'function') {
    wrapped.child = (bindings: object) => redactingLogger((child as (b: object) => Logger).call(logger, redactUrlFields(bindings, params)), params);
  }
  return wrapped;
}
