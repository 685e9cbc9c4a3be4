/**
 * What Parley keeps of the HTTP upgrade request: enough for authentication and authorization
 * hooks, without holding on to the request object itself.
 *
 * @module
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { clientIp, type TrustProxy } from '../guards/client-ip.js';
import { StringPool } from '../util/shared-strings.js';

/**
 * The upgrade request as the hooks see it.
 *
 * @example
 * ```ts
 * const authenticate = ({ request }: AuthContext) => {
 *   const token = request.cookies['session'] ?? request.headers.authorization;
 *   // ...
 * };
 * ```
 */
export interface RequestInfo {
  /**
   * The request headers (lower-case names, as Node gives them), without the WebSocket
   * handshake's own (`connection`, `upgrade`, `sec-websocket-key`, `sec-websocket-version`,
   * `sec-websocket-extensions`): spent once the connection is up, so no connection keeps them.
   * `sec-websocket-protocol` stays.
   */
  readonly headers: IncomingHttpHeaders;
  /** Cookies from the `Cookie` header, by name (a null-prototype object; the first of a repeated name wins). */
  readonly cookies: Readonly<Record<string, string>>;
  /** The peer's IP address as the socket sees it (behind a proxy: the proxy's). */
  readonly remoteAddress: string | undefined;
  /**
   * The client's IP address, normalised: the socket's, or with the server's `trustProxy` option
   * the one that many hops back in `X-Forwarded-For`. The key of the per-IP limits.
   */
  readonly ip: string;
  /**
   * The request target, path and query string (`/parley?room=1`). Token query parameters are
   * redacted (`?token=[REDACTED]`); the token itself reaches `authenticate` as `transport`.
   */
  readonly url: string;
}

/**
 * How {@link requestInfo} reads a request.
 *
 * @example
 * ```ts
 * const options: RequestInfoOptions = { trustProxy: 1, redactUrl: (url) => url.split('?')[0] ?? url };
 * ```
 */
export interface RequestInfoOptions {
  /** Proxy hops to believe in `X-Forwarded-For` for `ip`. Default 0 (the socket's address). */
  readonly trustProxy?: TrustProxy;
  /** Rewrites the URL before it is kept (redaction). Default: kept as is. */
  readonly redactUrl?: (url: string) => string;
  /**
   * Replaces header values (and the addresses) with an equal copy shared between requests, so
   * that idle connections do not each keep their own `websocket`, `Upgrade`, host... Default false.
   */
  readonly shareValues?: boolean;
}

/** Headers whose values are unique to a request: never worth sharing. */
const UNIQUE_HEADERS: ReadonlySet<string> = new Set(['cookie', 'authorization']);

const pool = new StringPool();

/** The WebSocket handshake's own headers: not kept (see {@link RequestInfo.headers}). */
const HANDSHAKE_HEADERS: ReadonlySet<string> = new Set(['connection', 'upgrade', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions', '__proto__']);

/** The headers a connection keeps: a copy without the handshake's own, values shared when `share`. */
function keptHeaders(headers: IncomingHttpHeaders, share: boolean): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const name of Object.keys(headers)) {
    if (HANDSHAKE_HEADERS.has(name)) continue;
    const value = headers[name];
    kept[name] = share && typeof value === 'string' && !UNIQUE_HEADERS.has(name) ? pool.share(value) : value;
  }
  return kept;
}

/** Most cookies read from one header; the rest are ignored. */
export const MAX_COOKIES = 64;

const decode = (value: string): string => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/**
 * Parses a `Cookie` header into a null-prototype object (so a cookie named `__proto__` is plain
 * data). Values in double quotes are unquoted and percent-decoded when valid.
 *
 * @example
 * ```ts
 * parseCookies('a=1; session=abc%3D'); // { a: '1', session: 'abc=' }
 * ```
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies = Object.create(null) as Record<string, string>;
  if (!header) return cookies;
  let count = 0;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name.length === 0 || Object.hasOwn(cookies, name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    cookies[name] = decode(value);
    if (++count >= MAX_COOKIES) break;
  }
  return cookies;
}

/** The cookies of a request without a `Cookie` header (most): one shared, frozen, empty object. */
const NO_COOKIES: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);

/**
 * Takes what the hooks need from an upgrade request.
 *
 * @example
 * ```ts
 * server.on('upgrade', (req) => console.log(requestInfo(req).remoteAddress));
 * ```
 */
export function requestInfo(req: IncomingMessage, options: RequestInfoOptions = {}): RequestInfo {
  const share = options.shareValues === true;
  const headers = keptHeaders(req.headers, share);
  const cookie = headers.cookie;
  const url = req.url ?? '/';
  const kept = options.redactUrl ? options.redactUrl(url) : url;
  const address = req.socket.remoteAddress;
  const remoteAddress = share && address !== undefined ? pool.share(address) : address;
  const ip = clientIp(headers, remoteAddress, options.trustProxy);
  return {
    headers,
    cookies: cookie ? parseCookies(cookie) : NO_COOKIES,
    remoteAddress,
    ip: share ? pool.share(ip) : ip,
    url: share ? pool.share(kept) : kept,
  };
}
