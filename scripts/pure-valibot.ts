/**
 * An esbuild plugin (used by the tsup preset) that marks every call of a side-effect-free valibot
 * function `/* @__PURE__ *\/` in the built output.
 *
 * Why: valibot marks its functions `/* @__NO_SIDE_EFFECTS__ *\/`, but bundlers (esbuild among
 * them) do not carry that mark across a package boundary. A module-level schema such as
 * `export const TopicSchema = v.pipe(v.string(), v.regex(...))` in @parley/protocol's dist would
 * then look like code with side effects, and every app bundle would keep every protocol schema
 * whether it uses it or not. With each call annotated, a bundler drops the schemas nobody imports.
 *
 * Only calls of functions valibot itself declares free of side effects are annotated (read from
 * valibot's own build), found with the TypeScript parser (never inside comments or strings); so
 * the annotation states nothing valibot does not already promise, and the code's behaviour is
 * unchanged. `parse`, `assert` and the other throwing or configuring functions stay unmarked.
 *
 * @example
 * ```ts
 * import { pureValibot } from './pure-valibot.js';
 * export default { entry: ['src/index.ts'], esbuildPlugins: [pureValibot()] };
 * ```
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import ts from 'typescript';

const PURE = '/* @__PURE__ */ ';

/**
 * The exported valibot functions its build marks `/* @__NO_SIDE_EFFECTS__ *\/`, read from the
 * valibot that `fromDir` resolves.
 *
 * @example
 * ```ts
 * pureValibotFunctions(process.cwd()).has('object'); // true
 * pureValibotFunctions(process.cwd()).has('parse'); // false (it throws)
 * ```
 */
export function pureValibotFunctions(fromDir: string): ReadonlySet<string> {
  const require = createRequire(join(fromDir, 'noop.js'));
  // valibot's "require" condition points at dist/index.cjs, which carries the same marks.
  const source = readFileSync(require.resolve('valibot'), 'utf8');
  const marked = new Set<string>();
  for (const match of source.matchAll(/\/\* @__NO_SIDE_EFFECTS__ \*\/\s*(?:async\s+)?function\s+([\w$]+)/g)) {
    marked.add(match[1]!);
  }
  // Exported names, some of them aliases of the function's own (`exports.null = null_;`).
  const names = new Set<string>();
  for (const match of source.matchAll(/^exports\.([\w$]+) = ([\w$]+);$/gm)) {
    if (marked.has(match[2]!)) names.add(match[1]!);
  }
  return names;
}

/**
 * `source` with `/* @__PURE__ *\/` before every call of a function in `pure` made through a
 * valibot import (`import * as v from 'valibot'` or `import { object } from 'valibot'`).
 *
 * @example
 * ```ts
 * annotate("import * as v from 'valibot';\nexport const S = v.string();", 'a.ts', new Set(['string']));
 * // "import * as v from 'valibot';\nexport const S = /* @__PURE__ *\/ v.string();"
 * ```
 */
export function annotate(source: string, fileName: string, pure: ReadonlySet<string>): string {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const namespaces = new Set<string>();
  const named = new Map<string, string>(); // local name → valibot export
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
    if (!ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== 'valibot') continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
    else if (bindings) {
      for (const element of bindings.elements) {
        if (!element.isTypeOnly) named.set(element.name.text, (element.propertyName ?? element.name).text);
      }
    }
  }
  if (namespaces.size === 0 && named.size === 0) return source;
  const positions: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name =
        ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && namespaces.has(callee.expression.text)
          ? callee.name.text
          : ts.isIdentifier(callee)
            ? named.get(callee.text)
            : undefined;
      if (name !== undefined && pure.has(name)) positions.push(node.getStart(file));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = source;
  for (const at of positions.sort((a, b) => b - a)) out = out.slice(0, at) + PURE + out.slice(at);
  return out;
}

/**
 * The esbuild plugin: annotates the package's own TypeScript sources that import valibot.
 *
 * @example
 * ```ts
 * parleyTsup({ entry: { index: 'src/index.ts' }, platform: 'neutral' }); // the preset adds it
 * ```
 */
export function pureValibot(): Plugin {
  return {
    name: 'parley-pure-valibot',
    setup(build) {
      let pure: ReadonlySet<string> | undefined;
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (args.path.includes('node_modules')) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('valibot')) return undefined;
        pure ??= pureValibotFunctions(process.cwd());
        return { contents: annotate(source, args.path, pure), loader: 'ts' };
      });
    },
  };
}
