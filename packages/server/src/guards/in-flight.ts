/**
 * Counting work that is under way (handlers running), so a drain can wait for it.
 *
 * @module
 */

/**
 * Counts in-flight work and tells when none is left.
 *
 * @example
 * ```ts
 * const inFlight = new InFlightTracker();
 * const done = inFlight.begin();
 * try { await handler(params) } finally { done() }
 * await inFlight.idle(); // resolves once every begun piece of work is done
 * ```
 */
export class InFlightTracker {
  private active = 0;
  private waiters: (() => void)[] | undefined;

  /** Work under way now. */
  get count(): number {
    return this.active;
  }

  /**
   * Marks one piece of work as started; call the returned function when it ends. Calling it
   * more than once counts once, so a double `finally` cannot corrupt the count.
   *
   * @example
   * ```ts
   * const done = inFlight.begin();
   * done(); done(); // the second call does nothing
   * ```
   */
  begin(): () => void {
    this.active++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.active--;
      if (this.active === 0) this.wake();
    };
  }

  /**
   * Tracks a promise: counted from now until it settles. Returns the same promise.
   *
   * @example
   * ```ts
   * const result = await inFlight.track(runHandler());
   * ```
   */
  track<T>(promise: Promise<T>): Promise<T> {
    const done = this.begin();
    void promise.then(done, done);
    return promise;
  }

  /**
   * Resolves when nothing is in flight (at once if nothing is now).
   *
   * @example
   * ```ts
   * await inFlight.idle();
   * ```
   */
  idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => (this.waiters ??= []).push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = undefined;
    if (waiters) for (const resolve of waiters) resolve();
  }
}
