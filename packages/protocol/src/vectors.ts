/**
 * The language-neutral conformance vectors (also shipped as JSON files in the package's
 * `vectors/` folder), the fixture contract a server registers to be checked, and the matcher.
 *
 * @example
 * ```ts
 * import { allVectors, matchExpected } from '@parley/protocol/vectors';
 * for (const vector of allVectors()) console.log(vector.name);
 * ```
 *
 * @module
 */
import application from '../vectors/application.json' with { type: 'json' };
import envelopes from '../vectors/envelopes.json' with { type: 'json' };
import errors from '../vectors/errors.json' with { type: 'json' };
import jsonrpc from '../vectors/jsonrpc.json' with { type: 'json' };
import limits from '../vectors/limits.json' with { type: 'json' };
import negotiation from '../vectors/negotiation.json' with { type: 'json' };
import serverMessages from '../vectors/server-messages.json' with { type: 'json' };
import session from '../vectors/session.json' with { type: 'json' };
import transport from '../vectors/transport.json' with { type: 'json' };
import type { NegotiationVectorFile, Vector, VectorFile } from './conformance/vector.js';

export { fixtureContract } from './conformance/fixture-contract.js';
export { fixtureAuthenticate, FIXTURE_CREDENTIALS_PREFIX } from './conformance/fixture-auth.js';
export { matchExpected } from './conformance/match.js';
export type { NegotiationVector, NegotiationVectorFile, Vector, VectorFile } from './conformance/vector.js';

/**
 * The frame vector files, by name (the JSON file's name without `.json`).
 *
 * @example
 * ```ts
 * VECTOR_FILES.jsonrpc.vectors.length;
 * ```
 */
export const VECTOR_FILES: Readonly<Record<string, VectorFile>> = {
  jsonrpc: jsonrpc as VectorFile,
  session: session as VectorFile,
  envelopes: envelopes as VectorFile,
  application: application as VectorFile,
  errors: errors as VectorFile,
  limits: limits as VectorFile,
  transport: transport as VectorFile,
  'server-messages': serverMessages as VectorFile,
};

/**
 * The version-negotiation cases (`vectors/negotiation.json`).
 *
 * @example
 * ```ts
 * for (const c of NEGOTIATION_VECTORS.vectors) console.log(c.offered, c.expect.protocol);
 * ```
 */
export const NEGOTIATION_VECTORS: NegotiationVectorFile = negotiation;

/**
 * Every frame vector of every file, in file order.
 *
 * @example
 * ```ts
 * allVectors().filter((v) => v.layer === 'decode');
 * ```
 */
export function allVectors(): Vector[] {
  return Object.values(VECTOR_FILES).flatMap((file) => file.vectors);
}
