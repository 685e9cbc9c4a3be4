/**
 * One conformance vector: a raw frame sent to a server and what must come back.
 *
 * - `layer: 'decode'`: the decoder alone decides the reply (invalid JSON, invalid request,
 *   limits); `decodeFrame` must return exactly `expect.reply`.
 * - `layer: 'server'`: the reply needs a live server (built-ins, fixture methods); the decoder
 *   must accept the frame, and a live server must answer as `expect` says.
 * - `session: 'open'`: sent after a successful `rpc.hello`; `'none'`: on a fresh connection
 *   before any hello.
 * - `expect`: `{ reply }` (JSON with placeholders, see {@link matchExpected}), `{ noReply: true }`
 *   (nothing within a short wait), or `{ close }` (the server closes with that code; an
 *   `rpc.error` notification may precede it and is matched by `notice` when given).
 *
 * @example
 * ```ts
 * const vector: Vector = {
 *   name: 'parse-error', layer: 'decode', session: 'open', covers: ['-32700'],
 *   send: '{"jsonrpc":"2.0","method":"foo","params":"bar","baz]',
 *   expect: { reply: { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } } },
 * };
 * ```
 */
export interface Vector {
  /** Unique, kebab-case. */
  readonly name: string;
  /** What the case shows, in one sentence. */
  readonly description?: string;
  /** Which layer decides the reply. */
  readonly layer: 'decode' | 'server';
  /** Whether a session is open when the frame is sent. */
  readonly session: 'open' | 'none';
  /** Envelope method names and error / close codes (as strings) this case covers. */
  readonly covers: readonly string[];
  /** The raw text frame. */
  readonly send: string;
  /** What must come back. */
  readonly expect:
    | { readonly reply: unknown }
    | { readonly noReply: true }
    | { readonly close: number; readonly notice?: unknown };
}

/** A named group of vectors, as stored in one JSON file. */
export interface VectorFile {
  /** What the group covers. */
  readonly description: string;
  /** The cases. */
  readonly vectors: readonly Vector[];
}
