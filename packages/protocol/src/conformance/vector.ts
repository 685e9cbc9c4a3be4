/**
 * One conformance vector: a raw frame sent to a peer and what must come back (docs/protocol.md
 * section 13).
 *
 * - `layer: 'decode'`: the decoder alone decides the reply (invalid JSON, invalid request,
 *   limits, notifications); `decodeFrame` must return exactly `expect.reply`.
 * - `layer: 'server'`: the reply needs a live server (built-ins, fixture methods); the decoder
 *   must accept the frame, and a live server must answer as `expect` says.
 * - `role: 'client'`: the frame is one a server sends; it is decoded with
 *   `decodeFrame(send, { role: 'client' })` into responses and notifications, every built-in
 *   notification in it passes its envelope's params schema, and, since a client never replies to
 *   a server frame, `expect` is `{ noReply: true }`. Server-side runners skip these; absent means
 *   `'server'`.
 * - `session: 'open'`: sent after a successful `rpc.hello`; `'none'`: on a fresh connection
 *   before any hello.
 * - `frame`: how `send` goes on the wire; absent means a text frame of `send`.
 * - `expect`: `{ reply }` (JSON with placeholders, see {@link matchExpected}), `{ noReply: true }`
 *   (nothing within a short wait), or `{ close }` (the server closes with that code; `reply`, when
 *   given, is the response that precedes the close, and `notice` an `rpc.error` notification that
 *   precedes it). `reply` is matched against the response(s) to the frame only: notifications the
 *   server sends meanwhile (deliveries, presence) are not replies. A batch's replies are an array
 *   in request order.
 *
 * @example
 * ```ts
 * const vector: Vector = {
 *   name: 'parse-error', layer: 'decode', session: 'open', covers: ['-32700'],
 *   send: '{"jsonrpc":"2.0","method":"foo","params":"bar","baz]',
 *   expect: { reply: { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error', $extra: true } } },
 * };
 * ```
 */
export interface Vector {
  /** Unique across all files, kebab-case. */
  readonly name: string;
  /** What the case shows, in one sentence. */
  readonly description?: string;
  /** Which layer decides the reply. */
  readonly layer: 'decode' | 'server';
  /** Who decodes the frame: `'client'` for frames a server sends. Absent: `'server'`. */
  readonly role?: 'server' | 'client';
  /** Whether a session is open when the frame is sent. */
  readonly session: 'open' | 'none';
  /**
   * How `send` is put on the wire. Absent or `'text'`: a text frame of `send`; `'binary'`: a
   * binary frame of `send`'s UTF-8 bytes; `'hex'`: a text frame whose payload is the bytes
   * `send` spells in hexadecimal (for payloads that are not valid UTF-8, which no string can
   * hold). Vector files hold no lone surrogates, which strict JSON parsers reject: frames that
   * test them use the escaped form (`\\ud800` in the frame's JSON text), which is plain ASCII.
   */
  readonly frame?: 'text' | 'binary' | 'hex';
  /** Envelope method names and error / close codes (as strings) this case covers. */
  readonly covers: readonly string[];
  /** The raw frame (see `frame`). */
  readonly send: string;
  /** What must come back. */
  readonly expect:
    | { readonly reply: unknown }
    | { readonly noReply: true }
    | { readonly close: number; readonly reply?: unknown; readonly notice?: unknown };
}

/**
 * A named group of vectors, as stored in one JSON file.
 *
 * @example
 * ```ts
 * const file: VectorFile = { description: 'JSON-RPC framing', vectors: [vector] };
 * ```
 */
export interface VectorFile {
  /** What the group covers, and what it assumes of the server under test. */
  readonly description: string;
  /** The cases. */
  readonly vectors: readonly Vector[];
}

/**
 * One version-negotiation case: the `Sec-WebSocket-Protocol` values a client offers, and what a
 * server speaking only `parley.v1` must do. Negotiation happens in the WebSocket upgrade, not in
 * a frame, so these cases are kept apart from {@link Vector}. A runner connects offering
 * `offered` and checks the selected subprotocol; on a mismatch it then expects the `notice`
 * frame (an `rpc.error` with -32006) and the `close` code.
 *
 * @example
 * ```ts
 * const ok: NegotiationVector = {
 *   name: 'negotiate-v1', covers: [], offered: ['parley.v1', 'parley'], expect: { protocol: 'parley.v1' },
 * };
 * ```
 */
export interface NegotiationVector {
  /** Unique across all files, kebab-case. */
  readonly name: string;
  /** What the case shows, in one sentence. */
  readonly description?: string;
  /** Error and close codes (as strings) this case covers. */
  readonly covers: readonly string[];
  /** The subprotocols the client offers, in order (empty: no `Sec-WebSocket-Protocol` header). */
  readonly offered: readonly string[];
  /**
   * `{ protocol }`: the upgrade selects that subprotocol and the session proceeds.
   * `{ protocol, notice, close }`: no version in common; the upgrade selects `protocol` (`null`:
   * none), then the server sends `notice` (JSON with placeholders) and closes with `close`.
   */
  readonly expect:
    | { readonly protocol: string }
    | { readonly protocol: string | null; readonly notice: unknown; readonly close: number };
}

/**
 * The negotiation cases, as stored in `vectors/negotiation.json`.
 *
 * @example
 * ```ts
 * const file: NegotiationVectorFile = { description: 'Version negotiation', vectors: [ok] };
 * ```
 */
export interface NegotiationVectorFile {
  /** What the group covers. */
  readonly description: string;
  /** The cases. */
  readonly vectors: readonly NegotiationVector[];
}
