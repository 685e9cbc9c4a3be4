/**
 * The parse-only client's send window, the one piece of client-side flow control Parley's
 * protocol requires: the server runs at most `welcome.limits.maxPendingRequests` requests of a
 * connection at once and refuses the rest (-32020), so requests past that number wait here, in
 * order, and go out one by one as replies arrive. (A broadcast burst of the fan-out scenario is
 * more than the default 64 requests in flight.)
 */
export class SendWindow {
  #limit = Number.POSITIVE_INFINITY;
  #inFlight = 0;
  readonly #waiting: string[] = [];
  readonly #write: (text: string) => void;

  /** @param write - writes one serialised request to the socket */
  constructor(write: (text: string) => void) {
    this.#write = write;
  }

  /** Sets the limit from the welcome. */
  open(maxPendingRequests: number): void {
    this.#limit = maxPendingRequests;
  }

  /** Writes a serialised request now, or once a slot is free. */
  submit(text: string): void {
    if (this.#inFlight < this.#limit) {
      this.#inFlight++;
      this.#write(text);
    } else {
      this.#waiting.push(text);
    }
  }

  /** A reply arrived: its slot goes to the next waiting request, if any. */
  replied(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#inFlight--;
    else this.#write(next);
  }
}
