/**
 * Credentials carried by the HTTP upgrade request: an `Authorization: Bearer` header (Node
 * clients), a named cookie (same-site browsers) and, only when explicitly enabled, a query-string
 * parameter. Browsers on another site cannot set headers or send your cookies: they put
 * credentials in hello, which the `authenticate` hook receives separately.
 *
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';

import { parseCookies } from '../transport/request-info.js';

/**
 * Options of credential extraction (`credentials` in the server options).
 *
 * @example
 * ```ts
 * const credentials: CredentialsOptions = { cookie: 'session', queryParam: false };
 * ```
 */
export interface CredentialsOptions {
  /** Read `Authorization: Bearer <token>`. Default `true`. */
  readonly header?: boolean;
  /** Name of the cookie that holds the token, or `false` for none. Default `false`. */
  readonly cookie?: string | false;
  /**
   * Name of a query parameter that holds the token, or `false`. Default `false`: tokens in URLs
   * end up in proxy, load-balancer and browser-history logs. When enabled, the parameter is
   * also redacted from every URL Parley logs.
   */
  readonly queryParam?: string | false;
}

/**
 * Where a token came from.
 *
 * @example
 * ```ts
 * const source: CredentialSource = 'cookie';
 * ```
 */
export type CredentialSource = 'header' | 'cookie' | 'query';

/**
 * A token found on the upgrade request.
 *
 * @example
 * ```ts
 * const found: TransportCredentials = { token: 'eyJ...', source: 'header' };
 * ```
 */
export interface TransportCredentials {
  /** The token text. */
  readonly token: string;
  /** Where it was found. */
  readonly source: CredentialSource;
}

/**
 * The parts of an upgrade request that extraction reads: a `RequestInfo` or a `node:http`
 * `IncomingMessage` fits.
 *
 * @example
 * ```ts
 * const req: UpgradeRequestLike = { headers: { authorization: 'Bearer abc' }, url: '/ws' };
 * ```
 */
export interface UpgradeRequestLike {
  /** The request headers, lower-cased names as Node gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The request target (path and query). */
  readonly url?: string | undefined;
  /** Cookies already parsed (as in `RequestInfo`); parsed from the `Cookie` header when absent. */
  readonly cookies?: Readonly<Record<string, string>> | undefined;
}

/** Longest token accepted from any source, as in the protocol's credentials schema. */
const MAX_TOKEN_LENGTH = 8192;

/**
 * Query parameters redacted from logged URLs by default.
 *
 * @example
 * ```ts
 * DEFAULT_REDACTED_PARAMS.includes('access_token'); // true
 * ```
 */
export const DEFAULT_REDACTED_PARAMS: readonly string[] = ['token', 'access_token', 'id_token', 'refresh_token', 'auth', 'authorization', 'jwt', 'api_key', 'apikey', 'key', 'password', 'secret', 'signature', 'sig'];

/**
 * The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or `undefined`.
 *
 * @example
 * ```ts
 * bearerToken('Bearer abc.def'); // 'abc.def'
 * bearerToken('Basic dXNlcg=='); // undefined
 * ```
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization || authorization.length > MAX_TOKEN_LENGTH + 16) return undefined;
  const space = authorization.indexOf(' ');
  if (space < 0 || authorization.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  const token = authorization.slice(space + 1).trim();
  return token === '' || /\s/.test(token) ? undefined : token;
}

function queryValue(url: string | undefined, name: string): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url, 'http://localhost').searchParams.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds the token on an upgrade request: the `Authorization` header first, then the cookie,
 * then (only if `queryParam` is set) the query string. Tokens over 8,192 characters are ignored.
 *
 * @example
 * ```ts
 * extractCredentials(req, { cookie: 'session' }); // { token: '…', source: 'cookie' } | undefined
 * ```
 */
export function extractCredentials(req: UpgradeRequestLike, options: CredentialsOptions = {}): TransportCredentials | undefined {
  const usable = (token: string | undefined): token is string => token !== undefined && token !== '' && token.length <= MAX_TOKEN_LENGTH;
  if (options.header ?? true) {
    const token = bearerToken(req.headers.authorization);
    if (usable(token)) return { token, source: 'header' };
  }
  if (options.cookie) {
    const cookies = req.cookies ?? parseCookies(req.headers.cookie);
    const token = Object.hasOwn(cookies, options.cookie) ? cookies[options.cookie] : undefined;
    if (usable(token)) return { token, source: 'cookie' };
  }
  if (options.queryParam) {
    const token = queryValue(req.url, options.queryParam);
    if (usable(token)) return { token, source: 'query' };
  }
  return undefined;
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/**
 * Replaces the values of the named query parameters (case-insensitive) with `[REDACTED]`,
 * leaving the rest of the URL as it was. Works on absolute URLs and on request targets
 * (`/ws?token=…`). Use it on every URL that reaches a log.
 *
 * @example
 * ```ts
 * redactUrl('/ws?room=1&token=abc#x', ['token']); // '/ws?room=1&token=[REDACTED]#x'
 * ```
 */
export function redactUrl(url: string, paramNames: readonly string[] = DEFAULT_REDACTED_PARAMS): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const end = hash < 0 ? url.length : hash;
  const names = new Set(paramNames.map((n) => n.toLowerCase()));
  const query = url
    .slice(q + 1, end)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return names.has(decodeName(name)) ? `${name}=[REDACTED]` : pair;
    })
    .join('&');
  return `${url.slice(0, q + 1)}${query}${url.slice(end)}`;
}
