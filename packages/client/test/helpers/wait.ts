/**
 * Waiting for things to happen, without sleeping on guesses.
 */
import type { ClientState, ParleyClient } from '../../src/index.js';
import type { AnyContract } from '@parley/protocol';

/** Resolves when `client` reaches `state` (at once if it is there). */
export function waitForState(client: ParleyClient<AnyContract>, state: ClientState, timeoutMs = 10_000): Promise<void> {
  if (client.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for state ${state} (now ${client.state})`));
    }, timeoutMs);
    const off = client.onState((change) => {
      if (change.state !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** Polls `predicate` every few ms until it holds. */
export async function waitUntil(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A short bounded pause, only where the test checks that nothing happens. */
export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
