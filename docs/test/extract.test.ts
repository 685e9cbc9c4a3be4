import { describe, expect, it } from 'vitest';
import { describeSnippet, extractSnippets } from './extract.js';

const md = [
  '# Title', //                                  1
  '',
  '```ts', //                                    3
  '// contract.ts',
  'export const a = 1;',
  '```',
  '',
  '- a list item:',
  '',
  '  ```typescript', //                          10
  '  const b = 2;',
  '    const c = 3;',
  '  ```',
  '',
  '````ts fragment', //                          15
  '```ts',
  'not a fence of its own',
  '```',
  '````',
  '',
  '```js', //                                    21
  'const js = true;',
  '```',
  '~~~TS',
  'const d = 4;',
  '~~~',
].join('\n');

describe('extractSnippets', () => {
  const snippets = extractSnippets(md, 'docs/x.md');

  it('finds ts and typescript blocks, in any fence, and nothing else', () => {
    expect(snippets.map((s) => s.code)).toEqual([
      '// contract.ts\nexport const a = 1;',
      'const b = 2;\n  const c = 3;',
      '```ts\nnot a fence of its own\n```',
      'const d = 4;',
    ]);
  });

  it('numbers blocks and points at their first code line', () => {
    expect(snippets.map((s) => [s.index, s.line])).toEqual([[1, 4], [2, 11], [3, 16], [4, 25]]);
    expect(describeSnippet(snippets[1]!)).toBe('docs/x.md:2 (line 11)');
  });

  it('reads flags and file names', () => {
    expect(snippets.map((s) => s.flags)).toEqual([[], [], ['fragment'], []]);
    expect(snippets.map((s) => s.fileName)).toEqual(['contract.ts', undefined, undefined, undefined]);
  });
});
