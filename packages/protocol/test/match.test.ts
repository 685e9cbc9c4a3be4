import { describe, expect, it } from 'vitest';
import { matchExpected } from '@parley/protocol/vectors';

describe('matchExpected', () => {
  it('matches equal JSON exactly', () => {
    expect(matchExpected({ a: [1, 'x', null, true] }, { a: [1, 'x', null, true] })).toEqual([]);
    expect(matchExpected(1, 2)).toEqual(['$: expected 1, got 2']);
  });

  it.each([
    ['$any', 0, true],
    ['$any', null, true],
    ['$any', undefined, false],
    ['$string', '', true],
    ['$string', 1, false],
    ['$number', 1.5, true],
    ['$number', '1', false],
    ['$integer', 2, true],
    ['$integer', 2.5, false],
    ['$boolean', false, true],
    ['$boolean', 0, false],
    ['$object', {}, true],
    ['$object', [], false],
    ['$object', null, false],
    ['$array', [], true],
    ['$array', {}, false],
    ['$null', null, true],
    ['$null', undefined, false],
  ])('%s against %j: %s', (placeholder, actual, ok) => {
    expect(matchExpected(placeholder, actual).length === 0).toBe(ok);
  });

  it('treats unknown $-strings as literals', () => {
    expect(matchExpected('$nope', '$nope')).toEqual([]);
    expect(matchExpected('$nope', 'x')).toHaveLength(1);
  });

  it('requires exactly the expected members unless $extra is set', () => {
    expect(matchExpected({ a: 1 }, { a: 1, b: 2 })).toEqual(['$.b: unexpected']);
    expect(matchExpected({ a: 1, $extra: true }, { a: 1, b: 2 })).toEqual([]);
    expect(matchExpected({ a: 1, b: '$any' }, { a: 1 })).toEqual(['$.b: expected $any, got nothing']);
  });

  it('requires arrays of the same length and reports paths', () => {
    expect(matchExpected([1, 2], [1])).toEqual(['$: expected 2 items, got 1']);
    expect(matchExpected({ a: [{ b: '$string' }] }, { a: [{ b: 1 }] })).toEqual(['$.a[0].b: expected $string, got 1']);
    expect(matchExpected([1], { 0: 1 })).toHaveLength(1);
    expect(matchExpected({}, [])).toHaveLength(1);
  });

  it('reads only own members, so "__proto__" keys are ordinary', () => {
    const expected: unknown = JSON.parse('{"__proto__":{"a":1}}');
    expect(matchExpected(expected, JSON.parse('{"__proto__":{"a":1}}'))).toEqual([]);
    expect(matchExpected(expected, {})).toHaveLength(1);
    expect(matchExpected({ toString: '$any' }, {})).toEqual(['$.toString: expected $any, got nothing']);
  });
});
