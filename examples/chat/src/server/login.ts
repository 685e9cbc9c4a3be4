/**
 * `POST /login {name}` → `{token, userId, expiresAt}`: the demo's stand-in for a real sign-in.
 * Anyone may take any free-form name; the token only proves that this server issued it.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { isUserName } from '../shared/names.js';
import { signToken } from './token.js';

/** Largest login body read. */
const MAX_BODY_BYTES = 1024;

/**
 * What `/login` answers: an HTTP status and a JSON body.
 *
 * @example
 * ```ts
 * const reply: LoginReply = { status: 400, body: { error: 'Invalid name' } };
 * ```
 */
export interface LoginReply {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * The body of a request as text, or `undefined` when it is larger than `max` bytes.
 *
 * @example
 * ```ts
 * const text = await readBody(request, 1024);
 * ```
 */
export async function readBody(request: IncomingMessage, max: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Handles one login request.
 *
 * @example
 * ```ts
 * const { status, body } = await login(request, { secret, ttlMs: 3_600_000 });
 * ```
 */
export async function login(request: IncomingMessage, options: { readonly secret: Buffer; readonly ttlMs: number }): Promise<LoginReply> {
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    return { status: 415, body: { error: 'Send JSON: {"name": "..."}' } };
  }
  const text = await readBody(request, MAX_BODY_BYTES);
  if (text === undefined) return { status: 413, body: { error: 'Request too large' } };
  let name: unknown;
  try {
    name = (JSON.parse(text) as { name?: unknown } | null)?.name;
  } catch {
    return { status: 400, body: { error: 'Invalid JSON' } };
  }
  if (!isUserName(name)) {
    return { status: 400, body: { error: 'A name is 1-24 letters, digits, _ . or -, starting with a letter or digit' } };
  }
  const expiresAt = Date.now() + options.ttlMs;
  return { status: 200, body: { token: signToken(options.secret, { sub: name, exp: expiresAt }), userId: name, expiresAt } };
}
