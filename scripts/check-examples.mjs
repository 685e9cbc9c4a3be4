#!/usr/bin/env node
// Every public export of every package has JSDoc with an @example (the project's rule; typedoc's
// own validation does not check it). Entry points come from each package's typedoc.json, so this
// sees exactly what the reference documents. Exits 1 and lists what is missing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const missing = [];
let checked = 0;

for (const name of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', name);
  const typedoc = join(dir, 'typedoc.json');
  /** @type {string[]} */
  const entries = existsSync(typedoc)
    ? (JSON.parse(readFileSync(typedoc, 'utf8')).entryPoints ?? ['src/index.ts'])
    : existsSync(join(dir, 'src/index.ts')) ? ['src/index.ts'] : [];
  if (entries.length === 0) continue;
  const files = entries.map((entry) => join(dir, entry));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    resolveJsonModule: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  for (const file of files) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) continue;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.[0];
      // Only what this repository declares (re-exports of dependencies carry their own docs).
      if (!declaration || declaration.getSourceFile().fileName.includes('node_modules')) continue;
      checked++;
      const tags = symbol.getJsDocTags(checker);
      if (!tags.some((tag) => tag.name === 'example')) {
        const where = declaration.getSourceFile().fileName.replace(root, '');
        missing.push(`@parley/${name}: ${exported.getName()} (${where})`);
      }
    }
  }
}

if (missing.length > 0) {
  console.error(`Exports without an @example (${missing.length} of ${checked}):`);
  for (const line of [...new Set(missing)]) console.error(`  ${line}`);
  process.exit(1);
}
console.log(`JSDoc: all ${checked} public exports have an @example.`);
