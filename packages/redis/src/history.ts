/**
 * Numbering, logging and reading delivery streams in Redis (internal): publish, position and
 * read over the scripts of stream-scripts.ts.
 *
 * @module
 */
import { parseStream, type StreamPosition } from '@parley/protocol';
import { newEpoch, type HistoryRead, type MessageDraft } from '@parley/server';
import { loggedMessages, publishArgs } from './encode.js';
import type { Keys } from './keys.js';
import type { Send } from './lua.js';
import type { ResolvedLimits } from './options.js';
import { POSITION, PUBLISH, READ } from './stream-scripts.js';

const asPosition = (reply: unknown): StreamPosition => {
  const [epoch, seq] = reply as [string, number];
  return { epoch: String(epoch), seq: Number(seq) };
};

/**
 * The streams of one cluster, in Redis.
 *
 * @example
 * ```ts
 * const streams = new StreamStore(keys, limits, (args) => link.call(args));
 * const message = await streams.publish(draft);
 * ```
 */
export class StreamStore {
  constructor(
    private readonly keys: Keys,
    private readonly limits: ResolvedLimits,
    private readonly send: Send,
  ) {}

  /** Numbers, logs and publishes a draft; resolves with its place in its stream (every node gets the frame from its channel). */
  async publish(draft: MessageDraft): Promise<StreamPosition & { stream: string }> {
    const { stream } = draft;
    const { historySize, historyTtlMs, streamTtlMs } = this.limits;
    const maxlen = parseStream(stream)?.kind === 'conn' ? 0 : historySize;
    const reply = await PUBLISH.run(this.send, [this.keys.meta(stream), this.keys.log(stream)], [
      newEpoch(),
      ...publishArgs(draft),
      maxlen,
      historyTtlMs,
      streamTtlMs,
      this.keys.channel(stream),
    ]);
    return { stream, ...asPosition(reply) };
  }

  /** The stream's position; a new stream gets its epoch now. */
  async position(stream: string): Promise<StreamPosition> {
    const reply = await POSITION.run(this.send, [this.keys.meta(stream), this.keys.log(stream)], [newEpoch(), this.limits.streamTtlMs]);
    return asPosition(reply);
  }

  /** Every message after `since`, or why not. */
  async read(stream: string, since: StreamPosition): Promise<HistoryRead> {
    const reply = (await READ.run(this.send, [this.keys.meta(stream), this.keys.log(stream)], [
      newEpoch(),
      since.epoch,
      since.seq,
      this.limits.historyTtlMs,
    ])) as [string, string, number, ...string[]];
    const [status, epoch, seq, ...texts] = reply;
    const position = { epoch: String(epoch), seq: Number(seq) };
    if (status !== 'ok') return { ok: false, reason: status === 'window_exceeded' ? 'window_exceeded' : 'epoch_changed', position };
    if (texts.some((text) => typeof text !== 'string')) throw new Error(`parley/redis: the log of ${stream} holds a malformed entry`);
    return { ok: true, messages: loggedMessages(stream, position.epoch, since.seq, texts), position };
  }

  /** Renews the TTL of streams still in use (watched somewhere), so only unused streams expire. */
  async touch(streams: Iterable<string>): Promise<void> {
    const ttl = String(this.limits.streamTtlMs);
    const renewals: Promise<unknown>[] = [];
    for (const stream of streams) {
      renewals.push(this.send(['PEXPIRE', this.keys.meta(stream), ttl]), this.send(['PEXPIRE', this.keys.log(stream), ttl]));
    }
    await Promise.all(renewals);
  }

  /** Forgets a stream (a closed connection's). */
  async forget(stream: string): Promise<void> {
    await this.send(['DEL', this.keys.meta(stream), this.keys.log(stream)]);
  }
}
