/**
 * The client's observable connection state.
 *
 * @module
 */
import type { ParleyError } from '@parley/protocol';
import { Listeners } from './events.js';

/**
 * Where the client is:
 * - `idle`: created, `connect()` not called yet (only with `autoConnect: false`).
 * - `connecting`: the first attempt after `connect()` (socket opening or hello in flight).
 * - `open`: the server's welcome arrived; calls go straight out.
 * - `reconnecting`: the connection was lost (or an attempt failed) and another attempt is
 *   scheduled or running.
 * - `closed`: stopped, by `close()`, by a terminal close code, or after giving up. `connect()` starts again.
 * - `unauthorized`: the server refused the credentials twice in a row (a fresh `auth()` did not
 *   help); the client stopped. `connect()` starts again.
 *
 * @example
 * ```ts
 * if (client.state === 'open') render('online');
 * ```
 */
export type ClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed' | 'unauthorized';

/**
 * One state change, with why it happened.
 *
 * @example
 * ```ts
 * client.onState(({ state, previous, closeCode, delayMs }) => console.log(previous, '→', state, closeCode, delayMs));
 * ```
 */
export interface StateChange {
  /** The new state. */
  readonly state: ClientState;
  /** The state before. */
  readonly previous: ClientState;
  /** The close code that caused it (1006 also stands for "no close frame": network loss, heartbeat or connect timeout). */
  readonly closeCode?: number;
  /** The close reason. */
  readonly reason?: string;
  /** The error behind it (the server's error, or the one pending calls were rejected with). */
  readonly error?: ParleyError;
  /** `reconnecting`: the number of this attempt (1 = first retry after a stable connection). */
  readonly attempt?: number;
  /** `reconnecting`: the delay before the attempt starts. */
  readonly delayMs?: number;
}

/**
 * The change details, without the states.
 *
 * @example
 * ```ts
 * const detail: StateDetail = { closeCode: 1006, reason: 'heartbeat timeout' };
 * ```
 */
export type StateDetail = Omit<StateChange, 'state' | 'previous'>;

/**
 * Which state may follow which. `reconnecting → reconnecting` is allowed: each scheduled retry is
 * reported with its attempt number and delay.
 *
 * @example
 * ```ts
 * TRANSITIONS.open.includes('reconnecting'); // true
 * ```
 */
export const TRANSITIONS: Readonly<Record<ClientState, readonly ClientState[]>> = {
  idle: ['connecting', 'closed'],
  connecting: ['open', 'reconnecting', 'closed', 'unauthorized'],
  open: ['reconnecting', 'closed', 'unauthorized'],
  reconnecting: ['reconnecting', 'open', 'closed', 'unauthorized'],
  closed: ['connecting'],
  unauthorized: ['connecting', 'closed'],
};

/**
 * Holds the state, tells listeners, and settles the promises of `connect()`: fulfilled on
 * `open`, rejected on `closed` / `unauthorized`. The changes it is asked for follow
 * {@link TRANSITIONS}; the test suite checks that on every client it makes, so the table itself
 * stays out of the browser bundle.
 *
 * @example
 * ```ts
 * const machine = new StateMachine();
 * machine.listeners.add((change) => console.log(change.state));
 * machine.set('connecting');
 * await machine.whenOpen();
 * ```
 */
export class StateMachine {
  #value: ClientState = 'idle';
  #waiters: { resolve(): void; reject(error: unknown): void }[] = [];
  /** State-change listeners. */
  readonly listeners: Listeners<[StateChange]>;

  /** @param onThrow - receives what a listener threw */
  constructor(onThrow?: (thrown: unknown) => void) {
    this.listeners = new Listeners(onThrow);
  }

  /** The current state. */
  get current(): ClientState {
    return this.#value;
  }

  /**
   * Moves to `state` (one of {@link TRANSITIONS} from the current state). `error` rejects the
   * pending `whenOpen()` promises when the new state is terminal.
   */
  set(state: ClientState, detail: StateDetail = {}, error?: unknown): void {
    const previous = this.#value;
    this.#value = state;
    if (state === 'open' || state === 'closed' || state === 'unauthorized') {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const waiter of waiters) {
        if (state === 'open') waiter.resolve();
        else waiter.reject(error ?? detail.error);
      }
    }
    this.listeners.emit({ ...detail, state, previous });
  }

  /** Resolves when the state is (or becomes) `open`; rejects when it becomes `closed` / `unauthorized` first. */
  whenOpen(): Promise<void> {
    if (this.#value === 'open') return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }
}
