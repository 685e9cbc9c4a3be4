/**
 * The API reference (`npm run docs`, typedoc) is built from JSDoc, and the project's rule is an
 * `@example` on every exported symbol. typedoc cannot require that, so this test does: it walks
 * every export of every package entry and looks for the tag on the symbol's declaration.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRIES = [
  ...readdirSync(join(ROOT, 'packages')).map((name) => join(ROOT, 'packages', name, 'src', 'index.ts')),
  join(ROOT, 'packages', 'protocol', 'src', 'vectors.ts'),
];

function hasExample(declaration: ts.Declaration): boolean {
  // A `const` carries its JSDoc on the statement around its declaration list.
  const carrier = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
  return ts.getJSDocTags(carrier).some((tag) => tag.tagName.text === 'example');
}

it('every export of every package has a JSDoc @example', () => {
  const program = ts.createProgram(ENTRIES, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  let exports = 0;
  for (const entry of ENTRIES) {
    const file = program.getSourceFile(entry);
    const module = file && checker.getSymbolAtLocation(file);
    expect(module, `${entry} is a module`).toBeDefined();
    for (const exported of checker.getExportsOfModule(module!)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = symbol.declarations ?? [];
      exports++;
      if (!declarations.some(hasExample)) {
        const where = declarations[0]?.getSourceFile().fileName.replace(ROOT, '') ?? '?';
        missing.push(`${exported.name} (${where}, exported by ${entry.replace(ROOT, '')})`);
      }
    }
  }
  expect(exports).toBeGreaterThan(300);
  expect(missing).toEqual([]);
});
