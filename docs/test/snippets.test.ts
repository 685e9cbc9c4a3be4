/**
 * Code in the guides is real: every TypeScript block of README.md and docs/*.md is type-checked
 * against the packages' source with the repository's strict compiler options (typecheck.ts).
 * Names a block takes from earlier blocks of its page, or from the application, are declared in
 * prelude.ts. A block may opt out only as ```ts fragment (partial code); there are none today.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSnippet, extractSnippets } from './extract.js';
import { PRELUDE } from './prelude.js';
import { compiled, typecheckSnippets, type TypecheckResult } from './typecheck.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GUIDES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const read = (doc: string): string => readFileSync(join(ROOT, doc), 'utf8');
const snippets = GUIDES.flatMap((doc) => extractSnippets(read(doc), doc));

/** The contract guides use when they define none: the one of the getting-started guide. */
const defaultContract = snippets.find((s) => s.doc === 'docs/getting-started.md' && s.fileName === 'contract.ts');

/**
 * A page that must not compile, checked in the same run: if it ever compiled, the check would be
 * blind. Its fragment must not be compiled at all.
 */
const CANARY = [
  '# Canary',
  '',
  '```ts',
  "await client.call('chat.sned', { room: 'lobby', text: 'hi' });",
  "await parley.broadcast('lobby', 'chat.message', { room: 'lobby', text: 42, from: 'x' });",
  '```',
  '',
  '```ts fragment',
  'this is not TypeScript',
  '```',
].join('\n');
const canary = extractSnippets(CANARY, 'canary.md');

// One folder per run, so that two runs at once (two terminals, a CI retry) do not collide.
const OUT_DIR = join(ROOT, 'node_modules', '.cache', 'parley-docs', String(process.pid));

let result: TypecheckResult;
beforeAll(() => {
  result = typecheckSnippets({
    root: ROOT,
    outDir: OUT_DIR,
    snippets: [...snippets, ...canary],
    prelude: PRELUDE,
    defaultContract: defaultContract?.code ?? '',
  });
}, 240_000);
afterAll(() => rmSync(OUT_DIR, { recursive: true, force: true }));

describe('guide snippets', () => {
  it('finds the blocks of every guide with code', () => {
    const withCode = new Set(snippets.map((s) => s.doc));
    const expected = GUIDES.filter((doc) => !['docs/README.md', 'docs/protocol.md'].includes(doc));
    expect([...withCode].sort()).toEqual(expected.sort());
    expect(defaultContract, 'docs/getting-started.md has a // contract.ts block').toBeDefined();
  });

  it('keeps fragments rare', () => {
    expect(snippets.filter((s) => s.flags.includes('fragment')).map(describeSnippet)).toEqual([]);
  });

  it('has no Parley code hiding in blocks that are not compiled (js, javascript)', () => {
    const hidden = GUIDES.flatMap((doc) =>
      [...read(doc).matchAll(/```(?:js|javascript|mjs|jsx|tsx)\b[^\n]*\n([\s\S]*?)```/g)]
        .filter((m) => /@parley\/|createParley|parley\./.test(m[1]!))
        .map(() => doc),
    );
    expect(hidden).toEqual([]);
  });

  it.each(compiled(snippets).map((s) => [describeSnippet(s), s] as const))('%s compiles', (_name, snippet) => {
    expect(result.errors.get(snippet)).toEqual([]);
  });

  it('compiles the prelude and the default contract', () => {
    expect(result.elsewhere).toEqual([]);
  });

  it('reports errors at their line in the guide, and skips fragments', () => {
    const [broken, fragment] = canary;
    const errors = result.errors.get(broken!) ?? [];
    expect(errors.map((e) => e.where)).toEqual(['canary.md:4', 'canary.md:5']);
    expect(errors[0]!.message).toMatch(/^TS2345 .*chat\.sned/);
    expect(errors[1]!.message).toMatch(/^TS2322 .*number.*string/);
    expect(result.errors.has(fragment!)).toBe(false);
  });
});
