/**
 * The Origin check that stops cross-site WebSocket hijacking: a browser page on another site
 * cannot open a socket that rides the user's cookies. Runs before the upgrade; a refusal is an
 * HTTP 403.
 *
 * Matching is exact on the serialised origin (`scheme://host[:port]`): no substring, suffix or
 * wildcard-subdomain matching. Only what the URL standard itself normalises is normalised (case
 * of scheme and host, default ports, IDN to punycode) for `http`, `https`, `ws` and `wss`; other
 * schemes (browser extensions) must match character for character after lower-casing the scheme.
 *
 * @module
 */

/**
 * Options of the origin check (`origins` in the server options).
 *
 * @example
 * ```ts
 * const origins: OriginOptions = { allowed: ['https://app.example.com', 'https://admin.example.com'] };
 * ```
 */
export interface OriginOptions {
  /**
   * Exact origins allowed. Default `'same-host'`: only an Origin whose `host[:port]` equals the
   * request's Host header (the page was served by this server). `'*'` allows any origin (only
   * for APIs that use no cookies).
   */
  readonly allowed?: readonly string[] | 'same-host' | '*';
  /** Allow the literal `null` origin (sandboxed iframes, `file:` pages). Default `false`. */
  readonly allowNull?: boolean;
  /** Allow requests with no Origin header (Node, mobile and server clients; browsers always send it). Default `true`. */
  readonly allowMissing?: boolean;
}

/**
 * The verdict: allowed, or HTTP 403 with the reason (for logs; not sent to the client).
 *
 * @example
 * ```ts
 * const v: OriginVerdict = { ok: false, status: 403, reason: 'not_allowed' };
 * ```
 */
export type OriginVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 403; readonly reason: 'not_allowed' | 'null' | 'missing' | 'malformed' };

/**
 * What the check reads from the upgrade request.
 *
 * @example
 * ```ts
 * const input: OriginInput = { origin: req.headers.origin, host: req.headers.host };
 * ```
 */
export interface OriginInput {
  /** The Origin header (Node gives a string; an array is treated as malformed). */
  readonly origin: string | readonly string[] | undefined;
  /** The Host header, used by the `'same-host'` policy. */
  readonly host?: string | undefined;
}

const SPECIAL = new Set(['http:', 'https:', 'ws:', 'wss:']);
// scheme "://" then a host part with no path, query, fragment, userinfo or whitespace. Linear.
const ORIGIN_SHAPE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#@\s\\]+$/;

/**
 * Normalises an origin as the URL standard serialises it, or returns `null` when the text is not
 * a bare origin (a path, query, userinfo, several values, or too long).
 *
 * @example
 * ```ts
 * normalizeOrigin('HTTPS://App.Example.com:443'); // 'https://app.example.com'
 * normalizeOrigin('https://app.example.com/');    // null (not a bare origin)
 * ```
 */
export function normalizeOrigin(text: string): string | null {
  if (text.length > 2048 || !ORIGIN_SHAPE.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (SPECIAL.has(url.protocol)) return url.origin;
  const sep = text.indexOf('://');
  return `${text.slice(0, sep).toLowerCase()}${text.slice(sep)}`;
}

/**
 * Makes the origin check. Configured origins that are not bare origins throw a `TypeError` at
 * once (a path or trailing slash would otherwise never match).
 *
 * @example
 * ```ts
 * const checkOrigin = createOriginCheck({ allowed: ['https://app.example.com'] });
 * const verdict = checkOrigin({ origin: req.headers.origin, host: req.headers.host });
 * if (!verdict.ok) rejectUpgrade(socket, 403);
 * ```
 */
export function createOriginCheck(options: OriginOptions = {}): (input: OriginInput) => OriginVerdict {
  const allowed = options.allowed ?? 'same-host';
  const allowNull = options.allowNull ?? false;
  const allowMissing = options.allowMissing ?? true;
  let set: ReadonlySet<string> | undefined;
  if (Array.isArray(allowed)) {
    set = new Set(
      allowed.map((entry: string) => {
        const normal = normalizeOrigin(entry);
        if (normal === null || normal === 'null') throw new TypeError(`origins.allowed: ${JSON.stringify(entry)} is not a bare origin like "https://app.example.com"`);
        return normal;
      }),
    );
  }
  const refuse = (reason: 'not_allowed' | 'null' | 'missing' | 'malformed'): OriginVerdict => ({ ok: false, status: 403, reason });
  const ALLOW: OriginVerdict = { ok: true };

  return ({ origin, host }) => {
    if (origin === undefined || origin === '') return allowMissing ? ALLOW : refuse('missing');
    if (typeof origin !== 'string') return refuse('malformed');
    if (origin === 'null') return allowNull ? ALLOW : refuse('null');
    if (allowed === '*') return ALLOW;
    const normal = normalizeOrigin(origin);
    if (normal === null) return refuse('malformed');
    if (set) return set.has(normal) ? ALLOW : refuse('not_allowed');
    return sameHost(normal, host) ? ALLOW : refuse('not_allowed');
  };
}

function sameHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const o = new URL(origin);
    if (!SPECIAL.has(o.protocol)) return false;
    // Parse the Host header the same way (with the origin's scheme, so default ports drop alike).
    const h = new URL(`${o.protocol}//${host}`);
    return h.host === o.host && h.pathname === '/' && h.username === '' && h.search === '' && h.hash === '';
  } catch {
    return false;
  }
}
