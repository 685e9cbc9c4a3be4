/**
 * A Lua script run with `EVALSHA`, falling back to `EVAL` once when Redis does not know it yet
 * (first use, or after a Redis restart or `SCRIPT FLUSH`).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { ErrorReply } from 'redis';

/** Sends one raw command (internal). */
export type Send = (args: readonly string[]) => Promise<unknown>;

/**
 * One script.
 *
 * @example
 * ```ts
 * const incr = new LuaScript("return redis.call('INCR', KEYS[1])");
 * await incr.run(send, ['counter'], []); // 1
 * ```
 */
export class LuaScript {
  /** SHA-1 of the source, as `EVALSHA` wants it. */
  readonly sha: string;

  /** @param source - the Lua source */
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script with its keys and arguments. */
  async run(send: Send, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await send(['EVALSHA', this.sha, ...tail]);
    } catch (error) {
      if (!(error instanceof ErrorReply) || !error.message.startsWith('NOSCRIPT')) throw error;
      return send(['EVAL', this.source, ...tail]);
    }
  }
}
