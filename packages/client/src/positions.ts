/**
 * The last position processed per delivery stream: what a resume request lists, the duplicate
 * filter, and gap detection (protocol 6.5).
 *
 * @module
 */
import type { StreamPosition } from '@parley/protocol';

/**
 * A break in a stream seen on a live connection: messages `from.seq + 1 … to.seq` never arrived
 * (`gap`), or the numbering restarted (`epoch_changed`: the rest of `from`'s epoch and
 * `1 … to.seq` of the new one were missed).
 *
 * @example
 * ```ts
 * const gap: StreamBreak = { stream: 'all', reason: 'gap', from: { epoch: 'e1', seq: 4 }, to: { epoch: 'e1', seq: 6 } };
 * ```
 */
export interface StreamBreak {
  /** The stream. */
  readonly stream: string;
  /** What happened. */
  readonly reason: 'gap' | 'epoch_changed';
  /** The last position processed before. */
  readonly from: StreamPosition;
  /** The position right before the message that revealed the break. */
  readonly to: StreamPosition;
}

/**
 * Per stream, the epoch and the highest sequence number handed to the application. A message at
 * or below it in the same epoch is a duplicate and is dropped; one further ahead than the next
 * seq, or in another epoch, is processed and reported as a break.
 *
 * @example
 * ```ts
 * const positions = new StreamPositions((b) => console.warn('missed', b));
 * positions.accept('topic:room:1', 'e1', 1); // true
 * positions.accept('topic:room:1', 'e1', 1); // false: seen
 * positions.accept('topic:room:1', 'e1', 5); // true, and reports the gap 2…4
 * positions.get('topic:room:1'); // { epoch: 'e1', seq: 5 }
 * ```
 */
export class StreamPositions {
  readonly #positions = new Map<string, StreamPosition>();
  readonly #onBreak: (change: StreamBreak) => void;

  /** @param onBreak - told about gaps and epoch changes */
  constructor(onBreak: (change: StreamBreak) => void = () => undefined) {
    this.#onBreak = onBreak;
  }

  /** Records a delivered message's position; `false` for a duplicate. */
  accept(stream: string, epoch: string, seq: number): boolean {
    const last = this.#positions.get(stream);
    if (last && last.epoch === epoch && seq <= last.seq) return false;
    this.#positions.set(stream, { epoch, seq });
    if (last && (last.epoch !== epoch || seq > last.seq + 1)) {
      this.#onBreak({ stream, reason: last.epoch === epoch ? 'gap' : 'epoch_changed', from: last, to: { epoch, seq: seq - 1 } });
    }
    return true;
  }

  /**
   * Learns where a stream starts for this client (welcome, subscribe result): sets it when the
   * stream has no position yet. A known position in the same epoch stays (messages up to the
   * new one may still be on their way); one in another epoch is a break.
   */
  start(stream: string, position: StreamPosition): void {
    const last = this.#positions.get(stream);
    if (last?.epoch === position.epoch) return;
    this.#positions.set(stream, { epoch: position.epoch, seq: position.seq });
    if (last) this.#onBreak({ stream, reason: 'epoch_changed', from: last, to: { epoch: position.epoch, seq: position.seq } });
  }

  /** Sets a stream's position (the server said where it continues). */
  set(stream: string, position: StreamPosition): void {
    this.#positions.set(stream, { epoch: position.epoch, seq: position.seq });
  }

  /** Forgets a stream (unsubscribed, or no longer readable). */
  delete(stream: string): void {
    this.#positions.delete(stream);
  }

  /** The last position of a stream. */
  get(stream: string): StreamPosition | undefined {
    return this.#positions.get(stream);
  }

  /** Every stream's position (what a resume request lists). */
  entries(): { stream: string; epoch: string; seq: number }[] {
    return [...this.#positions].map(([stream, position]) => ({ stream, ...position }));
  }

  /** Forgets the per-connection streams (`conn:*`): a new connection has a new id, so they never come back. */
  forgetConnections(): void {
    for (const stream of this.#positions.keys()) if (stream.startsWith('conn:')) this.#positions.delete(stream);
  }
}
