/**
 * Which adapter carries the chat: in memory (one process), or Redis when `REDIS_URL` is set, so
 * several instances on several ports share one chat. `@parley/redis` is imported only then:
 * `npm start` needs no Redis.
 *
 * @module
 */
import { MemoryAdapter, type Adapter } from '@parley/server';

/**
 * The adapter and how to name it in the start-up line.
 *
 * @example
 * ```ts
 * const { adapter, description } = await chooseAdapter(process.env['REDIS_URL']);
 * ```
 */
export interface ChosenAdapter {
  readonly adapter: Adapter;
  readonly description: string;
}

/** The log keeps an hour of each room, at most 500 messages: the window for resume and for `chat.history`. */
const HISTORY = { historySize: 500, historyTtlMs: 60 * 60_000 } as const;

/**
 * The default prefix of the chat's Redis keys and channels: instances sharing a Redis and a
 * prefix share one chat.
 *
 * @example
 * ```ts
 * await chooseAdapter(process.env['REDIS_URL'], process.env['CHAT_REDIS_PREFIX'] ?? REDIS_PREFIX);
 * ```
 */
export const REDIS_PREFIX = 'parley-chat:';

/**
 * A Redis URL fit for a log line: no user name or password.
 *
 * @example
 * ```ts
 * redactUrl('redis://user:secret@cache:6379/0'); // 'redis://cache:6379/0'
 * ```
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return '(invalid URL)';
  }
}

/**
 * The in-memory adapter, or `@parley/redis` when a Redis URL is given.
 *
 * @example
 * ```ts
 * const { adapter } = await chooseAdapter('redis://127.0.0.1:6379');
 * ```
 */
export async function chooseAdapter(redisUrl: string | undefined, prefix = REDIS_PREFIX): Promise<ChosenAdapter> {
  if (!redisUrl) return { adapter: new MemoryAdapter({ ...HISTORY, historyMaxBytes: 1024 * 1024 }), description: 'in-memory adapter' };
  const { createRedisAdapter } = await import('@parley/redis');
  const adapter = createRedisAdapter({ url: redisUrl, prefix, ...HISTORY });
  return { adapter, description: `Redis adapter at ${redactUrl(redisUrl)}, prefix ${prefix}` };
}
