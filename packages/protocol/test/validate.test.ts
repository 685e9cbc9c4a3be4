import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ErrorCode, MAX_REPORTED_ISSUES, ParleyError, invalidParamsError, validate, validateParams } from '@parley/protocol';

describe('validate', () => {
  it('returns the schema output on success, transforms applied', () => {
    const schema = v.object({ n: v.pipe(v.string(), v.transform(Number)) });
    expect(validate(schema, { n: '42' })).toEqual({ success: true, output: { n: 42 } });
  });

  it('reports each issue with a dotted path and a message', () => {
    const schema = v.object({ user: v.object({ tags: v.array(v.string()) }), age: v.number() });
    const result = validate(schema, { user: { tags: ['a', 5] }, age: 'x' });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.issues.map((issue) => issue.path)).toEqual(['user.tags.1', 'age']);
      for (const issue of result.issues) expect(issue.message).toEqual(expect.any(String));
    }
  });

  it('uses the empty path for the value itself', () => {
    const result = validate(v.string(), 5);
    expect(!result.success && result.issues).toEqual([{ path: '', message: expect.any(String) as string }]);
  });

  it('reports issues as JSON-safe plain objects (no input values, no schema references)', () => {
    const result = validate(v.object({ a: v.number() }), { a: 10n });
    expect(!result.success && Object.keys(result.issues[0] ?? {})).toEqual(['path', 'message']);
    expect(() => JSON.stringify(result)).not.toThrow();
  });

  it(`reports at most ${MAX_REPORTED_ISSUES} issues and counts the rest`, () => {
    const result = validate(v.array(v.string()), Array.from({ length: 30 }, (_, i) => i));
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.issues).toHaveLength(MAX_REPORTED_ISSUES + 1);
      expect(result.issues[MAX_REPORTED_ISSUES]).toEqual({ path: '', message: '10 more issues' });
    }
  });

  it('never throws, even when the schema itself throws', () => {
    const throwing = v.pipe(
      v.string(),
      v.transform(() => {
        throw new Error('boom');
      }),
    );
    expect(validate(throwing, 'x')).toEqual({ success: false, issues: [{ path: '', message: 'Schema could not be evaluated' }] });
  });

  it('does not see prototype-named keys as members', () => {
    const parsed: unknown = JSON.parse('{"__proto__":{"a":1}}');
    expect(validate(v.object({ a: v.number() }), parsed).success).toBe(false);
  });
});

describe('validateParams: arrays given to object schemas (valibot 1.x takes them as objects)', () => {
  it.each([
    ['v.object', v.object({ a: v.optional(v.string()) })],
    ['v.looseObject', v.looseObject({})],
    ['v.strictObject', v.strictObject({})],
    ['v.objectWithRest', v.objectWithRest({}, v.number())],
    ['v.record', v.record(v.string(), v.number())],
    ['v.optional(v.object)', v.optional(v.object({}))],
    ['v.nullable(v.optional(v.object))', v.nullable(v.optional(v.object({})))],
  ])('%s refuses positional params such as [1, 2]', (_, schema) => {
    expect(v.safeParse(schema, []).success).toBe(true); // what this check is for
    expect(validateParams(schema, [1, 2])).toEqual({ success: false, issues: [{ path: '', message: 'Invalid type: Expected Object but received Array' }] });
    expect(validateParams(schema, []).success).toBe(false);
  });

  it('leaves arrays to schemas that take them, and objects to object schemas', () => {
    expect(validateParams(v.array(v.number()), [1, 2])).toEqual({ success: true, output: [1, 2] });
    expect(validateParams(v.union([v.object({}), v.array(v.number())]), [1]).success).toBe(true);
    expect(validateParams(v.unknown(), [1]).success).toBe(true);
    expect(validateParams(v.object({ a: v.number() }), { a: 1 })).toEqual({ success: true, output: { a: 1 } });
    expect(validateParams(v.object({ a: v.number() }), { a: 'x' })).toEqual(validate(v.object({ a: v.number() }), { a: 'x' }));
  });
});

describe('invalidParamsError', () => {
  it('is a -32602 ParleyError with the issues in data', () => {
    const issues = [{ path: 'text', message: 'Invalid type' }];
    const err = invalidParamsError(issues);
    expect(err).toBeInstanceOf(ParleyError);
    expect(err.toJSON()).toEqual({ code: ErrorCode.InvalidParams, message: 'Invalid params', data: { issues } });
  });
});
