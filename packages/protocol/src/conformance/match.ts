/**
 * Matching a received reply against a vector's expectation. Expectations are JSON with a few
 * placeholder strings:
 * `"$any"` (any value that is present), `"$string"`, `"$number"`, `"$integer"`, `"$boolean"`,
 * `"$object"`, `"$array"`, `"$null"`. Objects must have exactly the expected keys unless the
 * expectation has `"$extra": true`; arrays must have the same length. Everything else compares
 * with `===`.
 *
 * @module
 */

const placeholders: Record<string, (x: unknown) => boolean> = {
  $any: (x) => x !== undefined,
  $string: (x) => typeof x === 'string',
  $number: (x) => typeof x === 'number',
  $integer: (x) => Number.isInteger(x),
  $boolean: (x) => typeof x === 'boolean',
  $object: (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
  $array: (x) => Array.isArray(x),
  $null: (x) => x === null,
};

const describe = (x: unknown): string => {
  if (x === undefined) return 'nothing';
  const text = JSON.stringify(x) as string | undefined;
  return text === undefined ? typeof x : text.slice(0, 120);
};

/**
 * Compares `actual` with the expectation and lists every mismatch as `path: expected …, got …`;
 * an empty list means it matches.
 *
 * @example
 * ```ts
 * matchExpected({ jsonrpc: '2.0', id: 1, result: { ts: '$number' } }, { jsonrpc: '2.0', id: 1, result: { ts: 5 } }); // []
 * ```
 */
export function matchExpected(expected: unknown, actual: unknown, path = '$'): string[] {
  if (typeof expected === 'string' && Object.hasOwn(placeholders, expected)) {
    const check = placeholders[expected];
    return check?.(actual) ? [] : [`${path}: expected ${expected}, got ${describe(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${describe(actual)}`];
    if (actual.length !== expected.length) return [`${path}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((item, i) => matchExpected(item, actual[i], `${path}[${i}]`));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return [`${path}: expected an object, got ${describe(actual)}`];
    }
    const exp = expected as Record<string, unknown>;
    const act = actual as Record<string, unknown>;
    const problems: string[] = [];
    for (const key of Object.keys(exp)) {
      if (key === '$extra') continue;
      problems.push(...matchExpected(exp[key], Object.hasOwn(act, key) ? act[key] : undefined, `${path}.${key}`));
    }
    if (exp['$extra'] !== true) {
      for (const key of Object.keys(act)) if (!Object.hasOwn(exp, key)) problems.push(`${path}.${key}: unexpected`);
    }
    return problems;
  }
  return Object.is(expected, actual) ? [] : [`${path}: expected ${describe(expected)}, got ${describe(actual)}`];
}
