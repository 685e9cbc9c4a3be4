/**
 * The fixture handlers: the behaviour the conformance vectors and the conformance kit expect
 * from a server that registers the protocol's `fixtureContract`. Only types come from
 * `@parley/protocol/vectors`, so a production server never loads the vectors.
 *
 * @module
 */
import { ParleyError } from '@parley/protocol';
import type { fixtureContract } from '@parley/protocol/vectors';
import type { ParleyServer } from './types.js';

/**
 * The fixture contract's type.
 *
 * @example
 * ```ts
 * const server: ParleyServer<FixtureContract> = createParleyServer({ contract: fixtureContract });
 * ```
 */
export type FixtureContract = typeof fixtureContract;

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

/**
 * Registers the handlers of every `fixtureContract` method:
 * `fixture.echo` returns `value`; `fixture.subtract` subtracts (positional or named params);
 * `fixture.fail` answers with exactly the error it is given; `fixture.crash` throws a plain
 * `Error` (the reply is -32603 with no details); `fixture.sleep` answers `{ slept: ms }` after
 * `ms` (sooner if the connection closes).
 *
 * @example
 * ```ts
 * import { fixtureContract } from '@parley/protocol/vectors';
 * import { createParleyServer, registerFixtureHandlers } from '@parley/server';
 *
 * import { fixtureAuthenticate, fixtureContract } from '@parley/protocol/vectors';
 *
 * const server = createParleyServer({
 *   contract: fixtureContract,
 *   authenticate: ({ credentials }) => fixtureAuthenticate(credentials), // the vectors' login rule
 * });
 * registerFixtureHandlers(server);
 * await server.listen(8080);
 * ```
 */
export function registerFixtureHandlers(server: ParleyServer<FixtureContract>): ParleyServer<FixtureContract> {
  return server
    .handle('fixture.echo', ({ value }) => value)
    .handle('fixture.subtract', (params) => (Array.isArray(params) ? params[0] - params[1] : params.minuend - params.subtrahend))
    .handle('fixture.fail', ({ code, message, data }) => {
      throw new ParleyError(code, message, data);
    })
    .handle('fixture.crash', () => {
      throw new Error('fixture.crash: a deliberate failure that must not reach the wire');
    })
    .handle('fixture.sleep', async ({ ms }, ctx) => {
      await sleep(ms, ctx.signal);
      return { slept: ms };
    });
}
