/**
 * Counting error replies in the metrics where every reply passes (receive.ts, as it queues
 * them), whichever part produced it (decoder, admission, dispatch, built-ins, rate limits).
 * Replies are read back from their text: the protocol's encoders write
 * `{"jsonrpc":"2.0","id":<id>,"error":{"code":<n>` for an error, so the code sits right after the
 * id, before any result or data that could contain the same characters. Runs only when metrics
 * are on.
 *
 * @module
 */
import { ErrorCode } from '@parley/protocol';
import type { ParleyMetrics } from '../guards/metrics.js';

const PREFIX = '{"jsonrpc":"2.0","id":';
const ERROR_KEY = ',"error":{"code":';
const LIMIT = /^,"message":"(?:[^"\\]|\\.)*","data":\{"limit":"([A-Za-z]{1,64})"/;

/** Index just past the JSON id that starts at `i` (a string, a number or `null`), or -1. */
function skipId(reply: string, i: number): number {
  if (reply.charCodeAt(i) !== 34) return reply.indexOf(',', i);
  for (let j = i + 1; j < reply.length; j++) {
    const c = reply.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 34) return j + 1;
  }
  return -1;
}

/**
 * The error of one encoded JSON-RPC reply: its code, and the `data.limit` of a -32020 reply;
 * `undefined` for a result.
 *
 * @example
 * ```ts
 * replyError('{"jsonrpc":"2.0","id":1,"error":{"code":-32029,"message":"Rate limited"}}'); // { code: -32029 }
 * replyError('{"jsonrpc":"2.0","id":1,"result":{"error":{"code":1}}}'); // undefined
 * ```
 */
export function replyError(reply: string): { readonly code: number; readonly limit?: string } | undefined {
  if (!reply.startsWith(PREFIX)) return undefined;
  const at = skipId(reply, PREFIX.length);
  if (at < 0 || !reply.startsWith(ERROR_KEY, at)) return undefined;
  const start = at + ERROR_KEY.length;
  let end = start;
  while (end < reply.length && end - start < 16 && /[-\d]/.test(reply.charAt(end))) end++;
  const code = Number(reply.slice(start, end));
  if (!Number.isInteger(code)) return undefined;
  if (code !== ErrorCode.LimitExceeded) return { code };
  const limit = LIMIT.exec(reply.slice(end, end + 512))?.[1];
  return limit === undefined ? { code } : { code, limit };
}

/**
 * Counts one reply if it is an error (`errors_total` by code; `size_rejections_total` for -32020
 * by limit and -32013).
 *
 * @example
 * ```ts
 * if (metrics.enabled) countReply(metrics, reply);
 * ```
 */
export function countReply(metrics: ParleyMetrics, reply: string): void {
  const error = replyError(reply);
  if (!error) return;
  metrics.error(error.code);
  if (error.code === ErrorCode.PayloadTooLarge) metrics.sizeRejected('maxMessageBytes');
  else if (error.code === ErrorCode.LimitExceeded) metrics.sizeRejected(error.limit ?? 'unknown');
}
