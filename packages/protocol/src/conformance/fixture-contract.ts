import * as v from 'valibot';
import { defineContract } from '../contract.js';

/**
 * The fixture methods and events a server registers so the conformance vectors and the
 * conformance kit can exercise it. A server in any language implements the same behaviour:
 *
 * - `fixture.echo` `{ value }` → `value`.
 * - `fixture.subtract` `[minuend, subtrahend]` or `{ minuend, subtrahend }` → the difference
 *   (the JSON-RPC 2.0 specification's own example).
 * - `fixture.fail` `{ code, message, data? }` → an error response with exactly that error.
 * - `fixture.crash` → the handler throws a non-Parley error; the reply is -32603 with no details.
 * - `fixture.sleep` `{ ms }` (at most 5000) → `{ slept: ms }` after that long.
 * - event `fixture.note` `{ text }`: what clients broadcast and receive in the scenarios.
 *
 * @example
 * ```ts
 * const server = createParleyServer({ server: http, contract: fixtureContract });
 * registerFixtureHandlers(server); // @parley/server does this for you in its tests
 * ```
 */
export const fixtureContract = defineContract({
  methods: {
    'fixture.echo': { params: v.object({ value: v.unknown() }), result: v.unknown() },
    'fixture.subtract': {
      params: v.union([
        v.tuple([v.number(), v.number()]),
        v.object({ minuend: v.number(), subtrahend: v.number() }),
      ]),
      result: v.number(),
    },
    'fixture.fail': {
      params: v.object({ code: v.pipe(v.number(), v.integer()), message: v.string(), data: v.optional(v.unknown()) }),
      result: v.never(),
    },
    'fixture.crash': { params: v.optional(v.object({})), result: v.never() },
    'fixture.sleep': {
      params: v.object({ ms: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(5000)) }),
      result: v.object({ slept: v.number() }),
    },
  },
  events: {
    'fixture.note': v.object({ text: v.pipe(v.string(), v.maxLength(10_000)) }),
  },
});
