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
  /** The listeners as `emit` calls them, made again after a change (not once per event). */
  #snapshot: ((...args: A) => void)[] | undefined;
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
    this.#snapshot = undefined;
    return () => {
      if (this.#set.delete(entry)) this.#snapshot = undefined;
    };
  }

  /** How many listeners there are. */
  get size(): number {
    return this.#set.size;
  }

  /** Calls every listener (a snapshot: listeners added meanwhile wait for the next emit). */
  emit(...args: A): void {
    for (const listener of (this.#snapshot ??= [...this.#set])) {
      try {
        listener(...args);
      } catch (thrown) {
        this.#onThrow(thrown);
      }
    }
  }
}
