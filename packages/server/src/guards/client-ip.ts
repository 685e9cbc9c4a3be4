/**
 * The client's IP address, which keys the per-IP limits. Behind a reverse proxy the socket's
 * address is the proxy's, so every client would share one IP bucket: `trustProxy` says how many
 * proxy hops to believe in `X-Forwarded-For`. Believing more hops than there are proxies lets a
 * client pick its own IP (and dodge every per-IP limit), so the default trusts none.
 *
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';

/**
 * How many reverse proxies to trust: `0`/`false` (default) uses the socket address; `n` takes
 * the address `n` hops back in `X-Forwarded-For` (1 = one nginx in front); `true` takes the
 * left-most address (only when every hop is yours).
 *
 * @example
 * ```ts
 * const trustProxy: TrustProxy = 1; // one nginx in front of Node
 * ```
 */
export type TrustProxy = boolean | number;

/** Longest X-Forwarded-For header read; longer ones are cut (a client can pad it). */
const MAX_XFF = 4096;

/**
 * Normalises an address for use as a key: IPv4-mapped IPv6 (`::ffff:203.0.113.9`) becomes the
 * IPv4 form, IPv6 is lower-cased, brackets and ports of `[v6]:port` / `v4:port` are removed.
 *
 * @example
 * ```ts
 * normalizeIp('::FFFF:203.0.113.9'); // '203.0.113.9'
 * normalizeIp('[2001:DB8::1]:443');  // '2001:db8::1'
 * ```
 */
export function normalizeIp(address: string): string {
  let ip = address.trim();
  const bracket = /^\[([^\]]*)\](?::\d+)?$/.exec(ip);
  if (bracket) ip = bracket[1] ?? ip;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(':'));
  ip = ip.toLowerCase();
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/**
 * Finds the client IP of an upgrade request. Returns `'unknown'` when the socket has no address
 * (already closed), so the caller always has a key.
 *
 * @example
 * ```ts
 * clientIp({ 'x-forwarded-for': '203.0.113.9, 10.0.0.2' }, '10.0.0.3', 1); // '10.0.0.2'
 * clientIp({ 'x-forwarded-for': '203.0.113.9, 10.0.0.2' }, '10.0.0.3', 2); // '203.0.113.9'
 * clientIp({ 'x-forwarded-for': '6.6.6.6' }, '203.0.113.9', 0);            // '203.0.113.9'
 * ```
 */
export function clientIp(headers: IncomingHttpHeaders, remoteAddress: string | undefined, trustProxy: TrustProxy = 0): string {
  const socketIp = remoteAddress ? normalizeIp(remoteAddress) : 'unknown';
  const hops = trustProxy === true ? Infinity : trustProxy === false ? 0 : Math.max(0, Math.floor(trustProxy));
  if (hops === 0) return socketIp;
  const header = headers['x-forwarded-for'];
  const text = (Array.isArray(header) ? header.join(',') : (header ?? '')).slice(0, MAX_XFF);
  const chain = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (chain.length === 0) return socketIp;
  const index = Math.max(0, chain.length - Math.min(hops, chain.length));
  return normalizeIp(chain[index] as string);
}
