/**
 * The fixture contract's handlers, registered through the server's public `handle` API (the
 * behaviour the protocol's fixture contract describes), so the client's tests depend on nothing
 * but `@parley/server`'s main entry.
 */
import { ParleyError } from '@parley/protocol';
import type { fixtureContract } from '@parley/protocol/vectors';
import type { ParleyServer } from '@parley/server';

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** Registers `fixture.echo`, `.subtract`, `.fail`, `.crash` and `.sleep`. */
export function registerFixtures(server: ParleyServer<typeof fixtureContract>): ParleyServer<typeof fixtureContract> {
  return server
    .handle('fixture.echo', ({ value }) => value)
    .handle('fixture.subtract', (params) => (Array.isArray(params) ? params[0] - params[1] : params.minuend - params.subtrahend))
    .handle('fixture.fail', ({ code, message, data }) => {
      throw new ParleyError(code, message, data);
    })
    .handle('fixture.crash', () => {
      throw new Error('fixture.crash: must not reach the wire');
    })
    .handle('fixture.sleep', async ({ ms }, ctx) => {
      await sleep(ms, ctx.signal);
      return { slept: ms };
    });
}
