/**
 * What the adapter reports: Redis up and down, unexpected errors, and gaps in a stream (filled
 * from the log, or not). A listener that throws is logged, never rethrown.
 *
 * @module
 */
import type { Logger } from '@parley/server';

/**
 * A gap in a stream this node watches: messages it did not receive live (its Redis link was
 * down, or a message arrived out of turn). `recovered: true` when they were read back from the
 * log and delivered in order; `false` when they could not be (the log no longer holds them, the
 * stream's epoch changed, or Redis could not be read): the stream's local recipients were then
 * closed with 1013 so they reconnect and learn of the gap through resume (`recovered: false`).
 *
 * @example
 * ```ts
 * const gap: GapReport = { stream: 'topic:lobby', recovered: true, missed: 12 };
 * ```
 */
export interface GapReport {
  /** The stream. */
  readonly stream: string;
  /** Whether the missed messages were delivered from the log. */
  readonly recovered: boolean;
  /** How many messages were delivered from the log (when recovered). */
  readonly missed?: number;
  /** Why not (when not recovered). */
  readonly reason?: 'window_exceeded' | 'epoch_changed' | 'unavailable' | 'overflow';
}

/**
 * Listeners of {@link RedisAdapter.on}.
 *
 * @example
 * ```ts
 * adapter.on('down', (error) => alert(`Redis down: ${error.message}`));
 * adapter.on('up', () => log('Redis back'));
 * ```
 */
export interface RedisAdapterEvents {
  /** Both Redis connections are ready (first time, or after `down`). */
  up: () => void;
  /** A Redis connection was lost: cross-node calls fail with `-32050` until `up`. */
  down: (error: Error) => void;
  /** Something failed unexpectedly (a script error, a failed background call). */
  error: (error: Error, where: string) => void;
  /** A stream gap was detected; see {@link GapReport}. */
  gap: (gap: GapReport) => void;
}

/**
 * A small typed emitter whose `emit` never throws (internal).
 *
 * @example
 * ```ts
 * const events = new Emitter<RedisAdapterEvents>(logger);
 * events.on('up', () => undefined);
 * ```
 */
export class Emitter<E extends { [K in keyof E]: (...args: never[]) => void }> {
  private readonly listeners = new Map<keyof E, Set<E[keyof E]>>();

  /** @param logger - where throwing listeners are reported */
  constructor(private readonly logger: Logger) {}

  /** Adds a listener; returns its remover. */
  on<K extends keyof E>(event: K, listener: E[K]): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  /** Removes a listener. */
  off<K extends keyof E>(event: K, listener: E[K]): void {
    this.listeners.get(event)?.delete(listener);
  }

  /** Calls every listener of `event`; a throwing listener is logged. */
  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (...a: Parameters<E[K]>) => void)(...args);
      } catch (error) {
        this.logger.error({ err: error, event }, 'parley/redis: an event listener threw');
      }
    }
  }
}
