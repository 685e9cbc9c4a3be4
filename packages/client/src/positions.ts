/**
 * The last position processed per delivery stream: the seam for resuming after a reconnect,
 * and the duplicate filter.
 *
 * @module
 */
import type { StreamPosition } from '@parley/protocol';

/**
 * Per stream, the epoch and the highest sequence number handed to the application. A message at
 * or below it in the same epoch is a duplicate and is dropped; a new epoch starts over.
 *
 * @example
 * ```ts
 * const positions = new StreamPositions();
 * positions.accept('topic:room:1', 'e1', 1); // true
 * positions.accept('topic:room:1', 'e1', 1); // false: seen
 * positions.get('topic:room:1'); // { epoch: 'e1', seq: 1 }
 * ```
 */
export class StreamPositions {
  readonly #positions = new Map<string, StreamPosition>();

  /** Records a delivered message's position; `false` for a duplicate. */
  accept(stream: string, epoch: string, seq: number): boolean {
    const last = this.#positions.get(stream);
    if (last && last.epoch === epoch && seq <= last.seq) return false;
    this.#positions.set(stream, { epoch, seq });
    return true;
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
