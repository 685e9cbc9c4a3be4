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
  /**
   * The listeners in order, replaced (never changed in place) by `add` and removals, so an emit
   * walks a stable list: listeners added meanwhile wait for the next emit. Each registration is
   * an entry of its own, so the same function added twice is two registrations.
   */
  #list: readonly { readonly f: (...args: A) => void }[] = [];
  readonly #onThrow: (thrown: unknown) => void;

  /** @param onThrow - receives what a listener threw */
  constructor(onThrow: (thrown: unknown) => void = () => undefined) {
    this.#onThrow = onThrow;
  }

  /** Adds a listener; returns a function that removes it (once). */
  add(listener: (...args: A) => void): () => void {
    const entry = { f: listener };
    this.#list = [...this.#list, entry];
    return () => {
      this.#list = this.#list.filter((other) => other !== entry);
    };
  }

  /** How many listeners there are. */
  get size(): number {
    return this.#list.length;
  }

  /** Calls every listener; one that throws goes to `onThrow`, the others still run. */
  emit(...args: A): void {
    for (const { f } of this.#list) {
      try {
        f(...args);
      } catch (thrown) {
        this.#onThrow(thrown);
      }
    }
  }
}
