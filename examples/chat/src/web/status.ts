/**
 * The connection status line: the client's state, why it changed, and a countdown to the next
 * reconnect attempt (from the `delayMs` of each `reconnecting` state change).
 *
 * @module
 */
import type { ClientState, StateChange } from '@parley/client';

/** Close codes in words (the others show their number). */
const CLOSE_WORDS: Readonly<Record<number, string>> = {
  1000: 'closed',
  1001: 'server going away',
  1006: 'connection lost',
  1011: 'server error',
  1012: 'server restarting',
  1013: 'server busy',
  4401: 'sign-in refused',
  4403: 'not allowed',
  4408: 'sign-in took too long',
  4419: 'sign-in expired',
  4429: 'too many messages',
  4509: 'connection too slow',
};

/**
 * Renders the status line into an element and keeps the countdown ticking.
 *
 * @example
 * ```ts
 * const status = new StatusLine(document.getElementById('status')!, 'alice');
 * client.onState((change) => status.update(change));
 * ```
 */
export class StatusLine {
  #state: ClientState = 'idle';
  #cause = '';
  #retryAt: number | undefined;
  #attempt = 0;
  #pending = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /**
   * @param element - where the text goes (its `data-state` attribute is the state, for styling)
   * @param userId - who is signed in
   */
  constructor(
    private readonly element: HTMLElement,
    private readonly userId: string,
  ) {}

  /** A state change of the client. */
  update(change: StateChange): void {
    this.#state = change.state;
    if (change.closeCode !== undefined) {
      this.#cause = CLOSE_WORDS[change.closeCode] ?? `closed with code ${change.closeCode}`;
    } else if (change.error && change.state !== 'open') {
      this.#cause = change.error.message;
    }
    this.#retryAt = change.state === 'reconnecting' ? Date.now() + (change.delayMs ?? 0) : undefined;
    this.#attempt = change.attempt ?? this.#attempt;
    this.#tick(change.state === 'reconnecting');
    this.render();
  }

  /** How many messages wait for the connection (or for the server's answer). */
  setPending(count: number): void {
    this.#pending = count;
    this.render();
  }

  /** Stops the countdown. */
  stop(): void {
    this.#tick(false);
  }

  /** The text for the current state. */
  text(now = Date.now()): string {
    const pending = this.#pending > 0 ? ` · ${this.#pending} message${this.#pending === 1 ? '' : 's'} waiting to be sent` : '';
    switch (this.#state) {
      case 'idle':
      case 'connecting':
        return `Connecting…${pending}`;
      case 'open':
        return `Connected as ${this.userId}${pending}`;
      case 'reconnecting': {
        const left = Math.ceil(((this.#retryAt ?? now) - now) / 1000);
        const when = left > 0 ? `reconnecting in ${left} s` : 'reconnecting now';
        // The client counts retries since the last stable connection; a reconnect scheduled by
        // the server's goaway is not one of them (it reports 0): show it as the first.
        return `Offline (${this.#cause}): ${when}, attempt ${Math.max(1, this.#attempt)}${pending}`;
      }
      case 'closed':
        return `Disconnected (${this.#cause || 'closed'})`;
      case 'unauthorized':
        return 'Signed out: the server refused your sign-in';
    }
  }

  /** Writes the text into the element. */
  render(): void {
    this.element.textContent = this.text();
    this.element.dataset['state'] = this.#state;
  }

  #tick(on: boolean): void {
    if (on && this.#timer === undefined) this.#timer = setInterval(() => this.render(), 250);
    if (!on && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }
}
