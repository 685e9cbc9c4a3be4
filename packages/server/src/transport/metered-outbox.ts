/**
 * The outbox with metrics, used only when metrics are on (without them the plain `Outbox` runs,
 * at no cost). Sent messages and bytes are tallied in two plain numbers and handed to
 * `prom-client` once per event-loop turn, not once per recipient of a broadcast; each socket's
 * send buffer is sampled after each flush.
 *
 * @module
 */
import type { WebSocket } from 'ws';
import type { ParleyMetrics } from '../guards/metrics.js';
import type { Frame } from './frame.js';
import { Outbox, type FlushScheduler, type OutboxLimits } from './outbox.js';

/**
 * Outbound messages and bytes of one turn, reported to the metrics at its end.
 *
 * @example
 * ```ts
 * const tally = new SendTally(metrics);
 * tally.add(frame.bytes); // per queued frame
 * ```
 */
export class SendTally {
  private count = 0;
  private bytes = 0;
  private scheduled = false;

  /** @param metrics - where the totals go */
  constructor(private readonly metrics: ParleyMetrics) {}

  /** Counts one message of `bytes`. */
  add(bytes: number): void {
    this.count++;
    this.bytes += bytes;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.report);
    }
  }

  /** Hands the totals so far to the metrics. */
  readonly report = (): void => {
    this.scheduled = false;
    if (this.count === 0) return;
    this.metrics.messagesSent(this.count, this.bytes);
    this.count = 0;
    this.bytes = 0;
  };
}

/**
 * An {@link Outbox} that counts what it queues and samples its buffer after each flush.
 *
 * @example
 * ```ts
 * const outbox = new MeteredOutbox(ws, limits, scheduler, onOverflow, metrics, tally);
 * ```
 */
export class MeteredOutbox extends Outbox {
  /**
   * @param ws - the WebSocket
   * @param limits - buffer bound and policy
   * @param scheduler - the server's flush scheduler
   * @param onOverflow - called once, with the socket, when the connection must be closed as a slow consumer
   * @param metrics - the server's metrics
   * @param tally - the server's send tally
   */
  constructor(
    ws: WebSocket,
    limits: OutboxLimits,
    scheduler: FlushScheduler,
    onOverflow: (ws: WebSocket) => void,
    private readonly metrics: ParleyMetrics,
    private readonly tally: SendTally,
  ) {
    super(ws, limits, scheduler, onOverflow);
  }

  override push(frame: Frame, droppable: boolean): boolean {
    const queued = super.push(frame, droppable);
    if (queued) this.tally.add(frame.bytes);
    return queued;
  }

  override flush(): void {
    super.flush();
    this.metrics.observeSendBuffer(this.bufferedBytes);
  }
}
