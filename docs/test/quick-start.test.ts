/**
 * The getting-started guide, run as written: its contract.ts, server.ts and client.ts blocks are
 * copied to files and imported, with two edits only: the server listens on port 0 instead of
 * 3000 and exports its two objects so the test can close them, and the client connects to that
 * port. The client must print what the guide says it prints.
 */
import { once } from 'node:events';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ParleyServer } from '@parley/server';
import { afterEach, expect, it, vi } from 'vitest';
import { extractSnippets, type Snippet } from './extract.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GUIDE = 'docs/getting-started.md';
const guide = readFileSync(join(ROOT, GUIDE), 'utf8');
// Outside node_modules, so that vitest compiles the TypeScript (with the @parley/* aliases).
const DIR = join(ROOT, '.vitest-output', `docs-getting-started-${process.pid}`);

function block(fileName: string): Snippet {
  const found = extractSnippets(guide, GUIDE).filter((s) => s.fileName === fileName);
  expect(found, `${GUIDE} has one ${fileName} block`).toHaveLength(1);
  return found[0]!;
}

/** `code` with `from` replaced by `to`, which must occur exactly once. */
function replaceOnce(code: string, from: string, to: string): string {
  expect(code.split(from), `the block contains ${from} once`).toHaveLength(2);
  return code.replace(from, to);
}

/** The printed lines of the guide's "The client prints:" block. */
function expectedOutput(): string[] {
  const text = /The client prints:\n\n```text\n([\s\S]*?)\n```/.exec(guide)?.[1];
  expect(text, 'the guide shows what the client prints').toBeDefined();
  return text!.split('\n');
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(DIR, { recursive: true, force: true });
});

it('the getting-started server and Node client run as written: the app still answers, the call returns, the event arrives', async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, 'contract.ts'), block('contract.ts').code);

  const serverCode = replaceOnce(block('server.ts').code, 'http.listen(3000);', 'http.listen(0);');
  writeFileSync(join(DIR, 'server.ts'), `${serverCode}\nexport { http, parley };\n`);
  const { http, parley } = (await import(pathToFileURL(join(DIR, 'server.ts')).href)) as { http: Server; parley: ParleyServer };
  cleanups.push(() => new Promise((resolve) => http.close(resolve)), () => parley.close());
  if (!http.listening) await once(http, 'listening');
  const { port } = http.address() as AddressInfo;

  // The app's own routes are untouched.
  const page = await fetch(`http://127.0.0.1:${port}/`);
  expect(await page.text()).toBe('Hello from the app');

  const printed: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
  const clientCode = replaceOnce(block('client.ts').code, 'ws://localhost:3000/parley', `ws://localhost:${port}/parley`);
  writeFileSync(join(DIR, 'client.ts'), clientCode);
  // The block runs to its end: subscribe, call, print, close.
  await import(pathToFileURL(join(DIR, 'client.ts')).href);

  const [event, sent] = expectedOutput();
  expect(printed).toHaveLength(2);
  expect(printed[0]).toBe(event);
  expect(printed[1]).toMatch(new RegExp(`^${sent!.replace(/ \S+$/, ' \\S+')}$`));
  await vi.waitFor(() => expect(parley.connections.count).toBe(0));
});
