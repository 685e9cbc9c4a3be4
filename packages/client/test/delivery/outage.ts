/**
 * Outages for the delivery tests: a proxy that forwards faithfully until told otherwise, and an
 * outage that cuts every connection through it and refuses new ones until it is over.
 */
import type { TestServer } from '../helpers/server.js';
import { pause, waitUntil } from '../helpers/wait.js';
import { startFlakyProxy, type FlakyProxy } from './flaky-proxy.js';

/** A proxy in front of `server` that never cuts by itself (only {@link outage} does). */
export function steadyProxy(server: TestServer): Promise<FlakyProxy> {
  return startFlakyProxy(server.port, { seed: 1, minBytes: 1, maxBytes: 2, maxCuts: 0 });
}

/** Cuts every connection through `proxy` and refuses new ones until the returned function is called. */
export async function outage(proxy: FlakyProxy, server: TestServer): Promise<() => void> {
  proxy.pause();
  proxy.cutAll();
  await waitUntil(() => server.parley.connections.count === 0, 5000, 'the server to see the cut');
  await pause(5); // the adapter hears of the close in the background
  return () => proxy.resume();
}
