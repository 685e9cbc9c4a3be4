/**
 * The compiled fast path of validation (schema-check.ts) never disagrees with valibot: when it
 * says a value passes, valibot accepts it and gives it back unchanged; schemas whose output can
 * differ are never compiled. Property-tested over random schemas and values drawn from a small
 * shared domain (so that values match schemas often), plus the cases that break naive checks.
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { compileSchemaCheck, validateFast } from '@parley/protocol';

type Schema = v.GenericSchema;

const KEYS = ['a', 'b', 'c'] as const;
const leafValue = fc.constantFrom<unknown>('x', '', 'ab', 1, 0, -1, 1.5, 2 ** 60, true, false, null);
const value: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafValue,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', '__proto__', 'constructor'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const leafSchema: fc.Arbitrary<Schema> = fc.constantFrom<Schema>(
  v.string(),
  v.number(),
  v.boolean(),
  v.null(),
  v.unknown(),
  v.literal('x'),
  v.literal(1),
  v.picklist(['x', 'ab', 1]),
  v.pipe(v.string(), v.minLength(1)),
  v.pipe(v.string(), v.maxLength(1), v.regex(/^[a-z]*$/)),
  v.pipe(v.number(), v.integer(), v.minValue(0)),
  v.pipe(v.number(), v.safeInteger()),
  v.pipe(v.string(), v.title('t'), v.readonly()),
  v.pipe(v.pipe(v.string(), v.minLength(2)), v.maxLength(3)),
  // Never compiled: their output differs from the input.
  v.pipe(v.string(), v.transform((s) => s.length)),
  v.optional(v.string(), 'default'),
  v.fallback(v.number(), 0),
  v.record(v.string(), v.number()),
  v.exactOptional(v.string()),
);

const schema: fc.Arbitrary<Schema> = fc.letrec<{ schema: Schema }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafSchema,
    tie('schema').map((s) => v.optional(s)),
    tie('schema').map((s) => v.nullable(s)),
    tie('schema').map((s) => v.nullish(s)),
    tie('schema').map((s) => v.array(s)),
    fc.array(tie('schema'), { minLength: 1, maxLength: 3 }).map((options) => v.union(options)),
    fc
      .tuple(fc.constantFrom('object', 'loose', 'strict'), fc.subarray([...KEYS], { minLength: 1 }), fc.array(tie('schema'), { minLength: 3, maxLength: 3 }))
      .map(([kind, keys, schemas]) => {
        const entries = Object.fromEntries(keys.map((key, i) => [key, schemas[i] as Schema]));
        return kind === 'object' ? v.object(entries) : kind === 'loose' ? v.looseObject(entries) : v.strictObject(entries);
      }),
  ),
})).schema;

describe('compileSchemaCheck', () => {
  it('never says "valid, unchanged" unless valibot accepts the value and returns it equal (20,000 random pairs)', () => {
    let fast = 0;
    fc.assert(
      fc.property(schema, value, (s, x) => {
        const check = compileSchemaCheck(s);
        if (!check?.(x)) return;
        fast++;
        const parsed = v.safeParse(s, x);
        expect(parsed.success).toBe(true);
        expect(parsed.output).toStrictEqual(x);
      }),
      { numRuns: 20_000 },
    );
    // The property is only worth something if the fast path is taken often.
    expect(fast).toBeGreaterThan(1_000);
  });

  it('validateFast gives the verdicts, outputs and issues valibot gives (20,000 random pairs)', () => {
    fc.assert(
      fc.property(schema, value, (s, x) => {
        const parsed = v.safeParse(s, x);
        const result = validateFast(s, x);
        expect(result.success).toBe(parsed.success);
        if (result.success) expect(result.output).toStrictEqual(parsed.output);
      }),
      { numRuns: 20_000 },
    );
  });

  it('compiles the schemas applications use, and gives the value itself as the output', () => {
    const message = v.object({ room: v.string(), text: v.pipe(v.string(), v.maxLength(2000)), at: v.optional(v.number()) });
    const payload = JSON.parse('{"room":"lobby","text":"hi"}') as unknown;
    expect(compileSchemaCheck(message)?.(payload)).toBe(true);
    const result = validateFast(message, payload);
    expect(result.success && result.output).toBe(payload);
  });

  it('generates code that holds any key name as a string, never as code', () => {
    const keys = ['a"b', 'c\\', '\u2028', '__proto__', 'constructor', '); throw 1; (', '${x}'];
    const s = v.object(Object.fromEntries(keys.map((key) => [key, v.optional(v.string())])));
    const check = compileSchemaCheck(s);
    expect(check).toBeDefined();
    for (const text of ['{}', '{"a\\"b":"x","constructor":"y"}', '{"__proto__":"z"}', '{"); throw 1; (":"q","${x}":"r"}', '{"a\\"b":1}']) {
      const x = JSON.parse(text) as unknown;
      const parsed = v.safeParse(s, x);
      if (check?.(x)) expect(parsed.output).toStrictEqual(x);
      expect(validateFast(s, x).success).toBe(parsed.success);
    }
  });

  it('takes the first option of a union that valibot accepts, even one it cannot vouch for (regression: an array for an object option)', () => {
    // valibot's object accepts an array (and returns {}), so the array option is never reached.
    const s = v.union([v.object({ b: v.optional(v.string()) }), v.array(v.string())]);
    expect(compileSchemaCheck(s)?.([])).toBe(false);
    expect(validateFast(s, [])).toEqual({ success: true, output: {} });
  });

  it.each([
    ['an extra key (valibot would strip it)', v.object({ a: v.string() }), { a: 'x', b: 1 }],
    ['an inherited key', v.object({ toString: v.unknown() }), {}],
    ['an array for an object (valibot copies it into a plain object)', v.object({}), []],
    ['an object without a prototype', v.object({}), Object.create(null) as unknown],
    ['an own __proto__ key in a loose object (valibot drops it)', v.looseObject({}), JSON.parse('{"__proto__":{"x":1}}') as unknown],
    ['undefined for a nullable', v.nullable(v.string()), undefined],
  ])('falls back to valibot for %s', (_, s, x) => {
    expect(compileSchemaCheck(s)?.(x)).toBe(false);
  });

  it.each([
    ['a transform', v.pipe(v.string(), v.transform(Number))],
    ['a default', v.object({ n: v.optional(v.number(), 1) })],
    ['a fallback', v.fallback(v.string(), 'x')],
    ['an async schema', v.objectAsync({ a: v.string() })],
    ['a kind it does not know', v.date()],
  ])('does not compile %s', (_, s) => {
    expect(compileSchemaCheck(s)).toBeUndefined();
  });
});
