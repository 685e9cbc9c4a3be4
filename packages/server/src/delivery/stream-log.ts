/**
 * One stream's numbering and its bounded log of recent messages (by count, bytes and age), as
 * the in-memory adapter keeps it.
 *
 * @module
 */
import { deliveryTemplate, joinDelivery, type StreamPosition } from '@parley/protocol';
import type { HistoryRead, MessageDraft, StreamMessage } from './adapter.js';
import { randomText } from '../util/ids.js';

/**
 * Bounds of one stream's log. A message leaves the log when any bound is crossed.
 *
 * @example
 * ```ts
 * const limits: StreamLogLimits = { maxMessages: 1000, maxBytes: 1024 * 1024, maxAgeMs: 120_000 };
 * ```
 */
export interface StreamLogLimits {
  /** Most messages kept; `0` keeps none (resume then always reports `window_exceeded`). */
  readonly maxMessages: number;
  /** Most bytes (UTF-16 length of the encoded messages) kept. */
  readonly maxBytes: number;
  /** Oldest message kept, in ms. */
  readonly maxAgeMs: number;
}

/**
 * A new random epoch: 11 base64url characters (64 random bits, from the pooled CSPRNG).
 *
 * @example
 * ```ts
 * newEpoch(); // 'Zq3k9_XaP0c'
 * ```
 */
export function newEpoch(): string {
  return randomText(8);
}

/** A message as the log keeps it: with when it was appended, which ages it out. */
interface LoggedMessage extends StreamMessage {
  readonly at: number;
}

/** The messages of a log that has none yet (most: a user's own stream): shared, never written. */
const NO_MESSAGES: LoggedMessage[] = [];

/**
 * A stream's epoch, last `seq` and recent messages.
 *
 * @example
 * ```ts
 * const log = new StreamLog({ maxMessages: 100, maxBytes: 65536, maxAgeMs: 60_000 });
 * const m = log.append(draft, Date.now());
 * log.read({ epoch: log.epoch, seq: 0 }, Date.now()); // { ok: true, messages: [m], ... }
 * ```
 */
export class StreamLog {
  /** The epoch: new for every log, so numbering restarts are visible. */
  readonly epoch: string = newEpoch();
  /** The last seq assigned (0 before the first message). */
  seq = 0;
  /** When the last message was appended (ms). */
  lastAppendAt = 0;
  private entries: LoggedMessage[] = NO_MESSAGES;
  private head = 0;
  private bytes = 0;

  /** @param limits - the log's bounds */
  constructor(private readonly limits: StreamLogLimits) {}

  /** Messages held now. */
  get size(): number {
    return this.entries.length - this.head;
  }

  /** The current position. */
  get position(): StreamPosition {
    return { epoch: this.epoch, seq: this.seq };
  }

  /**
   * Numbers the draft, encodes it once, keeps it (within bounds) and returns it.
   *
   * @example
   * ```ts
   * log.append({ stream: 'all', event: 'news', from: null }, Date.now()).seq; // 1
   * ```
   */
  append(draft: MessageDraft, now: number): StreamMessage {
    const seq = ++this.seq;
    const message: LoggedMessage = { stream: draft.stream, epoch: this.epoch, seq, text: joinDelivery(deliveryTemplate(draft), this.epoch, seq), at: now };
    this.lastAppendAt = now;
    if (this.limits.maxMessages > 0) {
      if (this.entries === NO_MESSAGES) this.entries = [];
      this.entries.push(message);
      this.bytes += message.text.length;
    }
    this.trim(now);
    return message;
  }

  /**
   * Drops what is past any bound.
   *
   * @example
   * ```ts
   * log.trim(Date.now());
   * ```
   */
  trim(now: number): void {
    const { maxMessages, maxBytes, maxAgeMs } = this.limits;
    while (this.size > 0) {
      const oldest = this.entries[this.head] as LoggedMessage;
      const over = this.size > maxMessages || this.bytes > maxBytes || now - oldest.at > maxAgeMs;
      if (!over) break;
      this.bytes -= oldest.text.length;
      this.head++;
    }
    if (this.head > 64 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * Every message after `since`, or why not: another epoch, or messages already dropped.
   *
   * @example
   * ```ts
   * log.read({ epoch: 'other', seq: 3 }, Date.now()); // { ok: false, reason: 'epoch_changed', ... }
   * ```
   */
  read(since: StreamPosition, now: number): HistoryRead {
    const position = this.position;
    if (since.epoch !== this.epoch || since.seq > this.seq) return { ok: false, reason: 'epoch_changed', position };
    if (since.seq === this.seq) return { ok: true, messages: [], position };
    this.trim(now);
    const oldest = this.size > 0 ? (this.entries[this.head] as LoggedMessage).seq : this.seq + 1;
    if (since.seq + 1 < oldest) return { ok: false, reason: 'window_exceeded', position };
    return { ok: true, messages: this.entries.slice(this.head + (since.seq + 1 - oldest)), position };
  }
}
