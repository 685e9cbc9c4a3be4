/** Bounded waiting: every wait in the harness has a deadline. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadgenContext } from './types.js';

export { sleep };

/** Rejects with "`what` timed out" unless `promise` settles within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `done` every `everyMs` until it is true (→ true) or `ms` passed (→ false); throws recorded failures. */
export async function waitUntil(ctx: LoadgenContext, done: () => boolean, ms: number, everyMs = 5): Promise<boolean> {
  const deadline = performance.now() + ms;
  for (;;) {
    ctx.check();
    if (done()) return true;
    if (performance.now() >= deadline) return false;
    await sleep(everyMs);
  }
}

/** Waits until the server reports `count` open connections; throws if it does not within `ms`. */
export async function waitForServerConnections(ctx: LoadgenContext, count: number, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  let last = -1;
  while (performance.now() < deadline) {
    ctx.check();
    last = (await ctx.probe(false)).connections;
    if (last === count) return;
    await sleep(20);
  }
  throw new Error(`server has ${last} connections, expected ${count} (waited ${ms} ms)`);
}
