/**
 * Per-connection outgoing queue: frames wait until the end of the event-loop turn, then go out
 * in one corked write (one syscall for many messages). The queue and the socket's own buffer
 * together are bounded by `maxBufferedBytes`, with the slow-consumer policy past it.
 *
 * @module
 */
import { WebSocket } from 'ws';
import { directSocket, payloadOf, type Frame } from './frame.js';
import type { Logger } from '../util/logger.js';
import type { SlowConsumerPolicy } from '../options.js';

/**
 * Collects the outboxes written to during one event-loop turn and flushes each once, in
 * `setImmediate` (after the turn's I/O callbacks, so every message handled in the turn shares
 * the flush).
 *
 * @example
 * ```ts
 * const scheduler = new FlushScheduler(logger);
 * scheduler.mark(outbox); // outbox.flush() runs once, later in this turn
 * ```
 */
export class FlushScheduler {
  private dirty: Outbox[] = [];
  private scheduled = false;

  /** @param logger - where flush failures go */
  constructor(private readonly logger: Logger) {}

  /** Queues an outbox for the coming flush. */
  mark(outbox: Outbox): void {
    this.dirty.push(outbox);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.run);
    }
  }

  private readonly run = (): void => {
    this.scheduled = false;
    const dirty = this.dirty;
    this.dirty = [];
    for (const outbox of dirty) {
      try {
        outbox.flush();
      } catch (error) {
        this.logger.error({ err: error }, 'parley: flush failed');
      }
    }
  };
}

/** The outbox's bounds and what to do past them. */
export interface OutboxLimits {
  readonly maxBufferedBytes: number;
  readonly policy: SlowConsumerPolicy;
}

/**
 * One connection's outgoing queue.
 *
 * @example
 * ```ts
 * const outbox = new Outbox(ws, { maxBufferedBytes: 1 << 20, policy: 'close' }, scheduler, () => conn.close(4509));
 * outbox.push(frameText(reply), false);
 * ```
 */
export class Outbox {
  private queue: Frame[] | undefined;
  private queuedBytes = 0;
  /**
   * The socket's unsent bytes as of the last flush: an upper bound until the next one (a socket's
   * buffer only drains meanwhile), read once per flush instead of once per message.
   */
  private socketBytes = 0;
  private marked = false;
  private closed = false;
  /** Messages skipped under the `drop` policy. */
  dropped = 0;

  /**
   * @param ws - the WebSocket
   * @param limits - buffer bound and policy
   * @param scheduler - the server's flush scheduler
   * @param onOverflow - called once, with the socket, when the connection must be closed as a slow consumer
   */
  constructor(
    private readonly ws: WebSocket,
    private readonly limits: OutboxLimits,
    private readonly scheduler: FlushScheduler,
    private readonly onOverflow: (ws: WebSocket) => void,
  ) {}

  /** The byte limit past which the slow-consumer policy applies. */
  get maxBufferedBytes(): number {
    return this.limits.maxBufferedBytes;
  }

  /** Bytes queued here plus bytes the socket has not sent yet. */
  get bufferedBytes(): number {
    return this.ws.bufferedAmount + this.queuedBytes;
  }

  /**
   * Queues a frame. `droppable` frames (deliveries, which carry a `seq`) may be skipped under the
   * `drop` policy; others (replies, notices) are kept up to twice the limit. Returns whether the
   * frame was queued.
   */
  push(frame: Frame, droppable: boolean): boolean {
    if (this.closed) return false;
    const { maxBufferedBytes, policy } = this.limits;
    let pending = this.socketBytes + this.queuedBytes + frame.bytes;
    // Past the bound by the estimate: the socket's own count decides (it may have drained).
    if (pending > maxBufferedBytes) pending = this.bufferedBytes + frame.bytes;
    if (pending > maxBufferedBytes) {
      const keep = policy === 'drop' && pending <= 2 * maxBufferedBytes;
      if (!keep) {
        this.discard();
        this.onOverflow(this.ws);
        return false;
      }
      if (droppable) {
        this.dropped++;
        return false;
      }
    }
    (this.queue ??= []).push(frame);
    this.queuedBytes += frame.bytes;
    if (!this.marked) {
      this.marked = true;
      this.scheduler.mark(this);
    }
    return true;
  }

  /** Writes everything queued now: one corked write to the raw socket, or `ws.send` per frame when that is not safe. */
  flush(): void {
    this.marked = false;
    const frames = this.queue;
    if (!frames) return;
    this.queue = undefined;
    this.queuedBytes = 0;
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const socket = directSocket(this.ws);
    if (socket) {
      socket.cork();
      for (const frame of frames) socket.write(frame.wire);
      socket.uncork();
    } else for (const frame of frames) this.ws.send(payloadOf(frame), { binary: false });
    this.socketBytes = this.ws.bufferedAmount;
  }

  /** Drops everything queued and refuses further frames. */
  discard(): void {
    this.closed = true;
    this.queue = undefined;
    this.queuedBytes = 0;
  }
}
