/**
 * A tiny typed event emitter. Unlike Node's `EventEmitter`, an `'error'` event with no listener
 * is fine, and a listener that throws is logged instead of breaking the caller.
 *
 * @module
 */
import type { Logger } from './util/logger.js';

/**
 * A typed emitter over the listener map `L`.
 *
 * @example
 * ```ts
 * const events = new TypedEmitter<{ tick: (n: number) => void }>(logger);
 * const off = events.on('tick', (n) => console.log(n));
 * events.emit('tick', 1);
 * off();
 * ```
 */
export class TypedEmitter<L extends { [K in keyof L]: (...args: never[]) => void }> {
  private readonly listeners = new Map<keyof L, Set<L[keyof L]>>();

  /** @param logger - where throwing listeners are reported */
  constructor(private readonly logger: Logger) {}

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof L>(event: K, listener: L[K]): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  /** Removes a listener. */
  off<K extends keyof L>(event: K, listener: L[K]): void {
    this.listeners.get(event)?.delete(listener);
  }

  /** Whether anyone listens to `event`. */
  has(event: keyof L): boolean {
    return (this.listeners.get(event)?.size ?? 0) > 0;
  }

  /** Calls every listener of `event`; a listener that throws is logged. */
  emit<K extends keyof L>(event: K, ...args: Parameters<L[K]>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (...a: Parameters<L[K]>) => void)(...args);
      } catch (error) {
        this.logger.error({ err: error, event: String(event) }, 'parley: event listener threw');
      }
    }
  }
}
