/**
 * Links between the guides work: every relative link of README.md and docs/*.md points at a file
 * that exists, and every `#anchor` at a heading of its target (GitHub's slugs).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GUIDES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The text outside fenced code blocks. */
function prose(markdown: string): string {
  return markdown.replace(/^ *(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ *\1 *$/gm, '');
}

function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const base = slug(heading!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

it('every relative link and anchor in the guides resolves', () => {
  const broken: string[] = [];
  let links = 0;
  for (const guide of GUIDES) {
    const path = join(ROOT, guide);
    for (const [, target] of prose(readFileSync(path, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target!)) continue; // http:, https:, mailto:
      links++;
      const [file = '', anchor] = target!.split('#');
      const resolved = file === '' ? path : join(dirname(path), file);
      // Generated or produced by a run: the API reference, benchmark results.
      if (/^(docs\/api|bench\/results)\//.test(relative(ROOT, resolved))) continue;
      if (!existsSync(resolved)) broken.push(`${guide}: ${target} (no such file)`);
      else if (anchor !== undefined && statSync(resolved).isFile() && !anchors(resolved).has(anchor)) {
        broken.push(`${guide}: ${target} (no such heading)`);
      }
    }
  }
  expect(links).toBeGreaterThan(50);
  expect(broken).toEqual([]);
});
