/**
 * Type-checks the guides' TypeScript blocks with the TypeScript compiler API, one program per
 * guide, with the root tsconfig.json's options (strict, exactOptionalPropertyTypes,
 * noUncheckedIndexedAccess, NodeNext, and `paths` that point `@parley/*` at the packages' source).
 *
 * Each guide gets a folder under `outDir` holding its blocks (`block-<n>.ts`, or the file a
 * block names, such as `contract.ts`), `prelude.ts` (the ambient names snippets assume) and,
 * when the guide defines none, the default `contract.ts`. Every block is compiled as a module
 * (an `export {}` is appended), so top-level `await` works and blocks do not share names.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { Snippet } from './extract.js';

/** A compiler error, placed in its guide. */
export interface SnippetError {
  /** `docs/server.md:57`: the guide and the line in it. */
  readonly where: string;
  readonly message: string;
}

export interface TypecheckInput {
  /** The repository root (where tsconfig.json is). */
  readonly root: string;
  /** A scratch folder; emptied first. */
  readonly outDir: string;
  readonly snippets: readonly Snippet[];
  /** Source of every guide folder's `prelude.ts`. */
  readonly prelude: string;
  /** Source of `contract.ts` for guides that define none. */
  readonly defaultContract: string;
}

export interface TypecheckResult {
  /** Errors per compiled block (an empty array: it compiles). */
  readonly errors: ReadonlyMap<Snippet, readonly SnippetError[]>;
  /** Errors outside any block (in a prelude or a default contract): must be none. */
  readonly elsewhere: readonly string[];
}

/** The blocks that are compiled: all but the `fragment` ones. */
export function compiled(snippets: readonly Snippet[]): Snippet[] {
  return snippets.filter((snippet) => !snippet.flags.includes('fragment'));
}

/** `docs/server.md` → `docs-server`. */
function folderOf(doc: string): string {
  return doc.replace(/\.md$/, '').replace(/[^\w-]+/g, '-');
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
  return { ...parsed.options, noEmit: true, allowJs: false, checkJs: false };
}

/** A compiler host that parses each file outside `outDir` (libs, packages) once for all guides. */
function cachingHost(options: ts.CompilerOptions, outDir: string): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const cache = new Map<string, ts.SourceFile | undefined>();
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError, shouldCreate) => {
    if (fileName.startsWith(outDir)) return getSourceFile(fileName, language, onError, shouldCreate);
    const key = `${fileName}|${typeof language === 'object' ? language.impliedNodeFormat : ''}`;
    if (!cache.has(key)) cache.set(key, getSourceFile(fileName, language, onError, shouldCreate));
    return cache.get(key);
  };
  return host;
}

function format(diagnostic: ts.Diagnostic): string {
  return `TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
}

/**
 * Writes the guides' blocks into `outDir` and type-checks them: one program per guide (the
 * prelude's names are global to a program, and each guide may have its own contract), sharing
 * parsed library files. Only the guides' own files are checked in depth; the packages are
 * checked by the repository's typecheck.
 */
export function typecheckSnippets(input: TypecheckInput): TypecheckResult {
  rmSync(input.outDir, { recursive: true, force: true });
  mkdirSync(input.outDir, { recursive: true });
  // The folder sits in node_modules/.cache: make its .ts files ES modules like the repository's.
  writeFileSync(join(input.outDir, 'package.json'), '{ "type": "module" }\n');
  const options = compilerOptions(input.root);
  const host = cachingHost(options, input.outDir);

  const errors = new Map<Snippet, SnippetError[]>();
  const elsewhere: string[] = [];
  const byDoc = new Map<string, Snippet[]>();
  for (const snippet of compiled(input.snippets)) byDoc.set(snippet.doc, [...(byDoc.get(snippet.doc) ?? []), snippet]);
  let previous: ts.Program | undefined;
  for (const [doc, snippets] of byDoc) {
    const folder = join(input.outDir, folderOf(doc));
    mkdirSync(folder, { recursive: true });
    const files = new Map<string, Snippet>();
    for (const snippet of snippets) {
      const path = join(folder, snippet.fileName ?? `block-${snippet.index}.ts`);
      if (files.has(path)) throw new Error(`${doc}: two blocks are ${snippet.fileName}`);
      writeFileSync(path, `${snippet.code}\nexport {};\n`);
      files.set(path, snippet);
    }
    const extras = [join(folder, 'prelude.ts')];
    writeFileSync(extras[0]!, input.prelude);
    const contract = join(folder, 'contract.ts');
    if (!files.has(contract)) {
      writeFileSync(contract, input.defaultContract);
      extras.push(contract);
    }

    const program = ts.createProgram([...files.keys(), ...extras], options, host, previous);
    previous = program;
    for (const diagnostic of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
      elsewhere.push(`${doc}: ${format(diagnostic)}`);
    }
    for (const path of [...files.keys(), ...extras]) {
      const file = program.getSourceFile(path);
      if (!file) throw new Error(`${path} is not in the program`);
      const snippet = files.get(path);
      if (snippet) errors.set(snippet, []);
      for (const diagnostic of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
        const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        if (snippet) errors.get(snippet)!.push({ where: `${doc}:${snippet.line + line}`, message: format(diagnostic) });
        else elsewhere.push(`${path}:${line + 1}: ${format(diagnostic)}`);
      }
    }
  }
  return { errors, elsewhere };
}
