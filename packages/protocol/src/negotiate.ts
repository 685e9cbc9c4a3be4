import { CloseCode } from './codes/close-codes.js';
import { ErrorCode } from './codes/error-codes.js';
import type { ErrorObject } from './errors.js';

/**
 * A protocol version a peer speaks: its `Sec-WebSocket-Protocol` token and its rank (higher is
 * newer). A future v2 is one more such object beside {@link PROTOCOL_V1}.
 *
 * @example
 * ```ts
 * const v2: ProtocolVersion = { name: 'parley.v2', rank: 2 };
 * negotiate(['parley.v2', 'parley.v1', 'parley'], [v2, PROTOCOL_V1]).protocol; // 'parley.v2'
 * ```
 */
export interface ProtocolVersion {
  /** The subprotocol token, e.g. `parley.v1`. */
  readonly name: string;
  /** Order of preference: the highest common rank wins. */
  readonly rank: number;
}

/**
 * Protocol v1.
 *
 * @example
 * ```ts
 * PROTOCOL_V1.name; // 'parley.v1'
 * ```
 */
export const PROTOCOL_V1: ProtocolVersion = { name: 'parley.v1', rank: 1 };

/**
 * The versions this package implements, newest first.
 *
 * @example
 * ```ts
 * SUPPORTED_VERSIONS.map((p) => p.name); // ['parley.v1']
 * ```
 */
export const SUPPORTED_VERSIONS: readonly ProtocolVersion[] = [PROTOCOL_V1];

/**
 * The negotiation-only token a client offers last. A server with no version in common selects it,
 * so the upgrade still completes and the server can explain the mismatch (an `rpc.error` with
 * -32006, then close 4406) instead of failing the handshake, which a browser would only see as
 * close 1006.
 *
 * @example
 * ```ts
 * clientProtocols(); // ['parley.v1', 'parley']: NEGOTIATION_TOKEN comes last
 * negotiate(['parley.v9', NEGOTIATION_TOKEN]).protocol; // 'parley'
 * ```
 */
export const NEGOTIATION_TOKEN = 'parley';

/**
 * The `Sec-WebSocket-Protocol` values a client offers: its versions newest first, then
 * {@link NEGOTIATION_TOKEN}.
 *
 * @example
 * ```ts
 * new WebSocket(url, clientProtocols()); // ['parley.v1', 'parley']
 * ```
 */
export function clientProtocols(versions: readonly ProtocolVersion[] = SUPPORTED_VERSIONS): string[] {
  return [...versions].sort((a, b) => b.rank - a.rank).map((p) => p.name).concat(NEGOTIATION_TOKEN);
}

/**
 * The outcome of {@link negotiate}.
 *
 * @example
 * ```ts
 * const n: Negotiation = negotiate(['parley.v9', 'parley']);
 * if (n.ok) console.log(n.version.name);
 * else console.log(n.protocol, n.error.code, n.closeCode); // 'parley' -32006 4406
 * ```
 */
export type Negotiation =
  | { readonly ok: true; readonly protocol: string; readonly version: ProtocolVersion }
  | {
      /** No version in common. */
      readonly ok: false;
      /** The token to select so the upgrade completes (`parley` if offered, else none). */
      readonly protocol: string | undefined;
      /** The `rpc.error` to send before closing. */
      readonly error: ErrorObject;
      /** The close code to send: 4406. */
      readonly closeCode: number;
    };

/**
 * Server side: picks the highest version both sides speak from the client's offer.
 *
 * @example
 * ```ts
 * negotiate(['parley.v2', 'parley.v1', 'parley']); // { ok: true, protocol: 'parley.v1', ... } on a v1 server
 * negotiate(['parley.v9', 'parley']);              // { ok: false, protocol: 'parley', closeCode: 4406, ... }
 * ```
 */
export function negotiate(offered: Iterable<string>, supported: readonly ProtocolVersion[] = SUPPORTED_VERSIONS): Negotiation {
  const offeredSet = new Set(offered);
  let best: ProtocolVersion | undefined;
  for (const version of supported) {
    if (offeredSet.has(version.name) && (!best || version.rank > best.rank)) best = version;
  }
  if (best) return { ok: true, protocol: best.name, version: best };
  return {
    ok: false,
    protocol: offeredSet.has(NEGOTIATION_TOKEN) ? NEGOTIATION_TOKEN : undefined,
    error: {
      code: ErrorCode.UnsupportedVersion,
      message: 'Unsupported protocol version',
      data: { supported: supported.map((p) => p.name), offered: [...offeredSet].slice(0, 16) },
    },
    closeCode: CloseCode.UnsupportedVersion,
  };
}

/**
 * Splits a `Sec-WebSocket-Protocol` header into tokens in one linear pass (no regular
 * expression, so no backtracking on inputs like `'b' + ' '.repeat(32000) + 'x'`), keeping at most
 * `maxTokens` tokens of at most 64 characters; `undefined` for a malformed header.
 *
 * @example
 * ```ts
 * parseProtocolHeader('parley.v1, parley'); // ['parley.v1', 'parley']
 * ```
 */
export function parseProtocolHeader(header: string, maxTokens = 16): string[] | undefined {
  const tokens: string[] = [];
  for (const part of header.split(',')) {
    const token = part.trim();
    if (token.length === 0 || token.length > 64 || token.includes(' ') || token.includes('\t')) return undefined;
    tokens.push(token);
    if (tokens.length > maxTokens) return undefined;
  }
  return tokens;
}

/**
 * Client side: whether the protocol the server selected is one the client offered and speaks.
 *
 * @example
 * ```ts
 * selectedVersion(ws.protocol); // PROTOCOL_V1, or undefined after a mismatch
 * ```
 */
export function selectedVersion(protocol: string, versions: readonly ProtocolVersion[] = SUPPORTED_VERSIONS): ProtocolVersion | undefined {
  return versions.find((p) => p.name === protocol);
}
