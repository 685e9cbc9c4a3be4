/**
 * A tiny listener set, so the browser bundle needs no `EventEmitter`.
 *
 * @module
 */

/**
 * Listeners of one kind. A listener that throws never breaks the caller: the error goes to
 * `onThrow` (by default it is dropped).
 *
 * @example
 * ```ts
 * const changes = new Listeners<[string]>();
 * const off = changes.add((s) => console.log(s));
 * changes.emit('open');
 * off();
 * ```
 */
export class Listeners<A extends unknown[]> {
  readonly #set = new Set<(...args: A) => void>();
  readonly #onThrow: (thrown: unknown) => void;

  /** @param onThrow - receives what a listener threw */
  constructor(onThrow: (thrown: unknown) => void = () => undefined) {
    this.#onThrow = onThrow;
  }

  /** Adds a listener; returns a function that removes it. */
  add(listener: (...args: A) => void): () => void {
    // Wrap, so adding the same function twice gives two independent registrations.
    const entry = (...args: A): void => listener(...args);
    this.#set.add(entry);
    return () => {
      this.#set.delete(entry);
    };
  }

  /** How many listeners there are. */
  get size(): number {
    return this.#set.size;
  }

  /** Calls every listener (a snapshot: listeners added meanwhile wait for the next emit). */
  emit(...args: A): void {
    for (const listener of [...this.#set]) {
      try {
        listener(...args);
      } catch (thrown) {
        this.#onThrow(thrown);
      }
    }
  }
}
