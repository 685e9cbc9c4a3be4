/**
 * The page's files, read once at start from the build output and served from memory. Only the
 * files listed here exist: no path from a URL ever reaches the file system.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One file of the page.
 *
 * @example
 * ```ts
 * const file: SiteFile = { body: Buffer.from('<!doctype html>'), type: 'text/html; charset=utf-8' };
 * ```
 */
export interface SiteFile {
  readonly body: Buffer;
  readonly type: string;
}

/** URL path → file name in the web build, and its content type. */
const FILES: Readonly<Record<string, readonly [file: string, type: string]>> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/app.js.map': ['app.js.map', 'application/json; charset=utf-8'],
  '/style.css': ['style.css', 'text/css; charset=utf-8'],
};

/**
 * The page's files by URL path (`/`, `/app.js`, `/style.css`, and the source map when built).
 *
 * @example
 * ```ts
 * const site = await loadSite(new URL('../web/', import.meta.url).pathname);
 * site.get('/')?.type; // 'text/html; charset=utf-8'
 * ```
 */
export async function loadSite(webRoot: string): Promise<ReadonlyMap<string, SiteFile>> {
  const site = new Map<string, SiteFile>();
  for (const [path, [file, type]] of Object.entries(FILES)) {
    try {
      site.set(path, { body: await readFile(join(webRoot, file)), type });
    } catch (error) {
      if (file.endsWith('.map')) continue;
      throw new Error(`The page is not built (${join(webRoot, file)} is missing): run npm run build`, { cause: error });
    }
  }
  return site;
}

/**
 * Headers for the page: nothing but its own scripts, styles and WebSocket may load, and no other
 * site may frame it.
 *
 * @example
 * ```ts
 * response.writeHead(200, { ...PAGE_HEADERS, 'content-type': file.type });
 * ```
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};
