/**
 * Errors in words a chat user understands: rate limited (and for how long), too large,
 * unauthorized, lost in a disconnect.
 *
 * @module
 */
import { ErrorCode, ParleyError } from '@parley/client';

const seconds = (ms: unknown): number => Math.max(1, Math.ceil((typeof ms === 'number' ? ms : 1000) / 1000));
const kib = (bytes: unknown): string => (typeof bytes === 'number' ? `${Math.ceil(bytes / 1024)} KB` : 'the limit');

/**
 * A sentence for the user about what went wrong.
 *
 * @example
 * ```ts
 * describeError(new ParleyError(ErrorCode.RateLimited, 'Rate limited', { retryAfterMs: 1500 }));
 * // 'You are sending too fast: try again in 2 s.'
 * ```
 */
export function describeError(error: unknown): string {
  if (!(error instanceof ParleyError)) return error instanceof Error ? error.message : 'Something went wrong.';
  const data = (typeof error.data === 'object' && error.data !== null ? error.data : {}) as Record<string, unknown>;
  switch (error.code) {
    case ErrorCode.RateLimited:
      return `You are sending too fast: try again in ${seconds(data['retryAfterMs'])} s.`;
    case ErrorCode.PayloadTooLarge:
      return `Too large to send: ${kib(data['size'])}; the server accepts at most ${kib(data['max'])}.`;
    case ErrorCode.InvalidParams: {
      const issues = Array.isArray(data['issues']) ? (data['issues'] as { message?: unknown }[]) : [];
      const first = issues.find((issue) => typeof issue.message === 'string')?.message as string | undefined;
      return `Not sent: ${first ?? 'the server refused it'}.`;
    }
    case ErrorCode.Unauthorized:
      return 'The server refused your sign-in (unauthorized). Please sign in again.';
    case ErrorCode.Forbidden:
      return 'Not allowed.';
    case ErrorCode.ConnectionClosed:
    case ErrorCode.OutcomeUnknown:
      return 'The connection dropped before the server answered: the message may not have been sent.';
    case ErrorCode.QueueOverflow:
    case ErrorCode.QueueExpired:
      return 'Not sent: offline for too long.';
    case ErrorCode.ShuttingDown:
    case ErrorCode.Overloaded:
      return 'The server is busy restarting: try again in a moment.';
    case ErrorCode.Timeout:
      return 'The server did not answer in time.';
    default:
      return `${error.message} (${error.code}).`;
  }
}
