/**
 * Creating clients that are closed after each test.
 */
import type { AnyContract } from '@parley/protocol';
import { createParleyClient, type ClientOptions, type ParleyClient, type StateChange } from '../../src/index.js';
import { TRANSITIONS } from '../../src/state.js';

const open = new Set<ParleyClient<AnyContract>>();
/** Every state change a client made that TRANSITIONS does not allow (the client no longer checks at run time). */
const invalid: string[] = [];

/** The changes in `changes` that TRANSITIONS does not allow, as `previous → state`. */
export function invalidTransitions(changes: readonly StateChange[]): string[] {
  return changes.filter((c) => !TRANSITIONS[c.previous].includes(c.state)).map((c) => `${c.previous} → ${c.state}`);
}

/** A client tracked for cleanup, with a log of its state changes and errors. */
export function client<C extends AnyContract>(
  options: ClientOptions<C>,
): ParleyClient<C> & { readonly changes: StateChange[]; readonly errors: Error[] } {
  const created = createParleyClient(options);
  const changes: StateChange[] = [];
  const errors: Error[] = [];
  created.onState((change) => {
    changes.push(change);
    invalid.push(...invalidTransitions([change]));
  });
  created.onError((error) => errors.push(error));
  open.add(created);
  return Object.assign(created, { changes, errors });
}

/** Closes every client made by `client()`; fails when any of them made a state change TRANSITIONS does not allow. */
export async function closeClients(): Promise<void> {
  await Promise.all([...open].map((c) => c.close()));
  open.clear();
  const found = invalid.splice(0);
  if (found.length > 0) throw new Error(`invalid client state changes: ${found.join(', ')}`);
}
