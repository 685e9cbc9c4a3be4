/**
 * Finds the TypeScript code blocks of a Markdown guide: every fenced block whose info string
 * starts with `ts` or `typescript`. Fences may be indented (a block inside a list item); the
 * indentation is removed from the code.
 *
 * Words after the language are flags: `fragment` marks partial code that is not compiled
 * (keep such blocks rare: prefer a complete snippet). A block whose first line is a file-name
 * comment (`// contract.ts`) is that file: other blocks of the same guide import it as
 * `./contract.js`.
 */

/** One TypeScript block of a guide. */
export interface Snippet {
  /** The guide's path, relative to the repository root (`docs/server.md`). */
  readonly doc: string;
  /** 1-based position among the guide's TypeScript blocks. */
  readonly index: number;
  /** 1-based line of the block's first code line in the guide. */
  readonly line: number;
  /** Words after the language in the info string (`['fragment']`). */
  readonly flags: readonly string[];
  /** The file the block stands for (`contract.ts`), when its first line names one. */
  readonly fileName: string | undefined;
  readonly code: string;
}

const FENCE = /^( *)(`{3,}|~{3,})\s*([^`\s]*)\s*(.*)$/;
const FILE_NAME = /^\/\/ ([\w.-]+\.ts)\b/;
const LANGUAGES = new Set(['ts', 'typescript']);

/** The TypeScript blocks of `markdown`, in order. */
export function extractSnippets(markdown: string, doc: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const [, indent = '', fence = '', language = '', rest = ''] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j]!;
      const close = FENCE.exec(line);
      if (close && close[2]!.startsWith(fence[0]!) && close[2]!.length >= fence.length && close[3] === '') break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    if (LANGUAGES.has(language.toLowerCase())) {
      snippets.push({
        doc,
        index: snippets.length + 1,
        line: i + 2,
        flags: rest.split(/\s+/).filter((word) => word !== ''),
        fileName: FILE_NAME.exec(body[0] ?? '')?.[1],
        code: body.join('\n'),
      });
    }
    i = j;
  }
  return snippets;
}

/** `docs/server.md` block 3 → `docs/server.md:3 (line 57)`, for messages. */
export function describeSnippet(snippet: Snippet): string {
  return `${snippet.doc}:${snippet.index} (line ${snippet.line})`;
}
