/**
 * Creating clients that are closed after each test.
 */
import type { AnyContract } from '@parley/protocol';
import { createParleyClient, type ClientOptions, type ParleyClient, type StateChange } from '../../src/index.js';

const open = new Set<ParleyClient<AnyContract>>();

/** A client tracked for cleanup, with a log of its state changes and errors. */
export function client<C extends AnyContract>(
  options: ClientOptions<C>,
): ParleyClient<C> & { readonly changes: StateChange[]; readonly errors: Error[] } {
  const created = createParleyClient(options);
  const changes: StateChange[] = [];
  const errors: Error[] = [];
  created.onState((change) => changes.push(change));
  created.onError((error) => errors.push(error));
  open.add(created);
  return Object.assign(created, { changes, errors });
}

/** Closes every client made by `client()`. */
export async function closeClients(): Promise<void> {
  await Promise.all([...open].map((c) => c.close()));
  open.clear();
}
