/**
 * What follows a lost connection: reconnect (after which delay) or stop, and with which error the
 * affected work fails. The close-code table decides retryable versus terminal; on top of it come
 * the unauthorized rule (fresh credentials once, then stop), the goaway window and the backoff.
 *
 * @module
 */
import { ParleyError } from '@parley/protocol';
import * as CloseCode from './close-codes.js';
import * as ErrorCode from './error-codes.js';
import { Backoff, type BackoffPolicy } from './backoff.js';

/**
 * Why a connection (or an attempt) ended.
 *
 * @example
 * ```ts
 * const cause: Cause = { closeCode: 1006, reason: 'heartbeat timeout', retryable: true };
 * ```
 */
export interface Cause {
  /** The close code; absent for failures before a socket existed (a throwing `auth()`). */
  readonly closeCode?: number;
  /** The close reason. */
  readonly reason: string;
  /** The server's error, if it sent one (hello refusal, `rpc.error`). */
  readonly error?: ParleyError | undefined;
  /** What the close-code table says. */
  readonly retryable: boolean;
}

/**
 * The decision after a loss.
 *
 * @example
 * ```ts
 * const { next, delayMs } = recovery.decide(cause);
 * if (next === 'reconnecting') setTimeout(connectAgain, delayMs);
 * ```
 */
export interface Decision {
  /** The state to move to. */
  readonly next: 'reconnecting' | 'closed' | 'unauthorized';
  /** Delay before the next attempt (`reconnecting` only). */
  readonly delayMs: number;
  /** Number of this attempt since the last stable connection. */
  readonly attempt: number;
  /** What pending work fails with: `ConnectionClosed`, or `Unauthorized` when the client stops for that. */
  readonly error: ParleyError;
}

/**
 * Decides what happens after each loss.
 *
 * @example
 * ```ts
 * const recovery = new Recovery({ baseMs: 500, maxMs: 30_000, minUptimeMs: 5000 });
 * recovery.decide({ closeCode: 1012, reason: 'restart', retryable: true }); // { next: 'reconnecting', delayMs: 0-499, ... }
 * recovery.decide({ closeCode: 4403, reason: 'banned', retryable: false }); // { next: 'closed', ... }
 * ```
 */
export class Recovery {
  readonly #backoff: Backoff | undefined;
  readonly #random: () => number;
  #authRetried = false;
  #goawayAt: number | undefined;

  /**
   * @param policy - backoff policy, or `false` to stop at the first loss
   * @param random - source of jitter
   */
  constructor(policy: BackoffPolicy | false, random: () => number = Math.random) {
    this.#backoff = policy ? new Backoff(policy, random) : undefined;
    this.#random = random;
  }

  /** A fresh `connect()`: forget past failures. */
  reset(): void {
    this.#backoff?.reset();
    this.#authRetried = false;
    this.#goawayAt = undefined;
  }

  /** A connection completed its handshake. */
  opened(): void {
    this.#backoff?.opened();
    this.#authRetried = false;
    this.#goawayAt = undefined;
  }

  /** The server said goaway: picks the moment within its window; returns the delay until then. */
  goaway(reconnectWindowMs: number): number {
    const delay = Math.floor(this.#random() * Math.max(0, reconnectWindowMs));
    this.#goawayAt = Date.now() + delay;
    return delay;
  }

  /** Decides after a loss. */
  decide(cause: Cause): Decision {
    const { closeCode, reason } = cause;
    let next: Decision['next'] = 'closed';
    let delayMs: number | undefined = 0;
    let gaveUp = false;
    if (closeCode === CloseCode.Unauthorized) {
      // Fetch fresh credentials once and retry at once; a second refusal in a row stops the client.
      next = this.#authRetried ? 'unauthorized' : 'reconnecting';
      this.#authRetried = true;
    } else if (cause.retryable && this.#backoff) {
      delayMs = this.#goawayAt === undefined ? this.#backoff.next() : Math.max(0, this.#goawayAt - Date.now());
      gaveUp = delayMs === undefined;
      next = gaveUp ? 'closed' : 'reconnecting';
    }
    this.#goawayAt = undefined;
    const data = { closeCode, reason, ...(cause.error ? { cause: cause.error.toJSON() } : {}) };
    const error =
      next === 'unauthorized'
        ? new ParleyError(ErrorCode.Unauthorized, cause.error?.message ?? 'Unauthorized', data)
        : new ParleyError(ErrorCode.ConnectionClosed, gaveUp ? 'Gave up reconnecting' : 'Connection closed', data);
    return { next, delayMs: delayMs ?? 0, attempt: this.#backoff?.attempts ?? 1, error };
  }
}
