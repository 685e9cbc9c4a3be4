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
import jsonrpc from '../vectors/jsonrpc.json' with { type: 'json' };
import type { Vector, VectorFile } from './conformance/vector.js';

export { fixtureContract } from './conformance/fixture-contract.js';
export { matchExpected } from './conformance/match.js';
export type { Vector, VectorFile } from './conformance/vector.js';

/**
 * The vector files, by name.
 *
 * @example
 * ```ts
 * VECTOR_FILES.jsonrpc.vectors.length;
 * ```
 */
export const VECTOR_FILES: Readonly<Record<string, VectorFile>> = {
  jsonrpc: jsonrpc as VectorFile,
};

/**
 * Every vector of every file, in file order.
 *
 * @example
 * ```ts
 * allVectors().filter((v) => v.layer === 'decode');
 * ```
 */
export function allVectors(): Vector[] {
  return Object.values(VECTOR_FILES).flatMap((file) => file.vectors);
}
