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
 * The topic of a `topic:` stream; `undefined` for any other stream.
 *
 * @example
 * ```ts
 * topicOf('topic:room:1'); // 'room:1'
 * ```
 */
export const topicOf = (stream: string): string | undefined => (stream.startsWith('topic:') ? stream.slice(6) : undefined);

/**
 * One stream's position, with its topic read off its name once for all its deliveries.
 *
 * @example
 * ```ts
 * const entry: StreamEntry = { epoch: 'e1', seq: 0, topic: 'room:1' };
 * ```
 */
export interface StreamEntry {
  epoch: string;
  seq: number;
  /** The topic, for a `topic:` stream. */
  readonly topic: string | undefined;
}

const entry = (stream: string, epoch: string, seq: number): StreamEntry => ({ epoch, seq, topic: topicOf(stream) });

/**
 * Per stream, the epoch and the highest sequence number handed to the application. A message at
 * or below it in the same epoch is a duplicate and is dropped; one further ahead than the next
 * seq, or in another epoch, is processed and reported as a break. A delivery in the compact form
 * carries no epoch: it belongs to the stream's known epoch (protocol 6.3), and cannot be placed
 * when the stream has no position.
 *
 * @example
 * ```ts
 * const positions = new StreamPositions((b) => console.warn('missed', b));
 * positions.accept('topic:room:1', 'e1', 1); // 'e1'
 * positions.accept('topic:room:1', undefined, 1); // undefined: seen
 * positions.accept('topic:room:1', undefined, 5); // 'e1', and reports the gap 2…4
 * positions.get('topic:room:1'); // { epoch: 'e1', seq: 5 }
 * ```
 */
export class StreamPositions {
  /** The positions, updated in place as messages arrive (one object per stream, not one per message). */
  readonly #positions = new Map<string, StreamEntry>();
  readonly #onBreak: (change: StreamBreak) => void;

  /** @param onBreak - told about gaps and epoch changes */
  constructor(onBreak: (change: StreamBreak) => void = () => undefined) {
    this.#onBreak = onBreak;
  }

  /**
   * Records a delivered message's position. Returns the stream's entry (its epoch is the one the
   * message belongs to: its own, or for a compact delivery, `epoch` `undefined`, the stream's);
   * `undefined` for a duplicate (dropped), `null` for a compact delivery on a stream with no
   * position (it cannot be placed: protocol 6.5).
   */
  accept(stream: string, epoch: string | undefined, seq: number): StreamEntry | null | undefined {
    const last = this.#positions.get(stream);
    const placed = epoch ?? last?.epoch;
    if (placed === undefined) return null;
    if (!last) {
      const created = entry(stream, placed, seq);
      this.#positions.set(stream, created);
      return created;
    }
    const { epoch: before, seq: lastSeq } = last;
    if (placed === before && seq <= lastSeq) return undefined;
    last.epoch = placed;
    last.seq = seq;
    if (placed !== before || seq > lastSeq + 1) {
      this.#onBreak({ stream, reason: placed === before ? 'gap' : 'epoch_changed', from: { epoch: before, seq: lastSeq }, to: { epoch: placed, seq: seq - 1 } });
    }
    return last;
  }

  /**
   * Learns where a stream starts for this client (welcome, subscribe result): sets it when the
   * stream has no position yet. A known position in the same epoch stays (messages up to the
   * new one may still be on their way); one in another epoch is a break.
   */
  start(stream: string, position: StreamPosition): void {
    const last = this.#positions.get(stream);
    if (last?.epoch === position.epoch) return;
    this.#positions.set(stream, entry(stream, position.epoch, position.seq));
    if (last) this.#onBreak({ stream, reason: 'epoch_changed', from: { epoch: last.epoch, seq: last.seq }, to: { epoch: position.epoch, seq: position.seq } });
  }

  /** Sets a stream's position (the server said where it continues). */
  set(stream: string, position: StreamPosition): void {
    this.#positions.set(stream, entry(stream, position.epoch, position.seq));
  }

  /** Forgets a stream (unsubscribed, or no longer readable). */
  delete(stream: string): void {
    this.#positions.delete(stream);
  }

  /** The last position of a stream (a copy: the tracker's own changes as messages arrive). */
  get(stream: string): StreamPosition | undefined {
    const position = this.#positions.get(stream);
    return position && { epoch: position.epoch, seq: position.seq };
  }

  /** Every stream's position (what a resume request lists). */
  entries(): { stream: string; epoch: string; seq: number }[] {
    return [...this.#positions].map(([stream, { epoch, seq }]) => ({ stream, epoch, seq }));
  }

  /** Forgets the per-connection streams (`conn:*`): a new connection has a new id, so they never come back. */
  forgetConnections(): void {
    for (const stream of this.#positions.keys()) if (stream.startsWith('conn:')) this.#positions.delete(stream);
  }
}
