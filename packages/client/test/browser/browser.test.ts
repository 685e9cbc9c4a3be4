/**
 * The client in a real browser: Debian's Chromium (headless, through playwright-core) loads the
 * browser bundle from a page on localhost, connects to a real Parley server on the same HTTP
 * server, calls a method, receives a broadcast, survives a restart of the Parley server by
 * reconnecting, and reports every state change it saw.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, requireChromium, skipWithoutChromium } from '../../../../scripts/testing/chromium.js';
import { createParleyServer, registerFixtureHandlers, type ParleyServer } from '@parley/server';
import { contract, type Contract } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

const skip = skipWithoutChromium('the browser test');

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** Bundles the page script for the browser, the way an application's bundler would. */
async function bundle(): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    absWorkingDir: root,
    alias: { '@parley/protocol': join(root, 'packages/protocol/src/index.ts') },
    logLevel: 'silent',
  });
  // The files with code in the bundle (a file read but entirely tree-shaken out does not count).
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0);
  return { code: result.outputFiles[0]!.text, inputs: inputs.map(([path]) => path) };
}

describe.skipIf(skip)('in Chromium', () => {
  let http: Server;
  let parley: ParleyServer<Contract>;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let port: number;
  let inputs: string[];
  const reports: Array<{ kind: string; value: unknown }> = [];

  const startParley = (): ParleyServer<Contract> => registerFixtureHandlers(createParleyServer({ contract, server: http }));

  beforeAll(async () => {
    requireChromium();
    const page$ = await bundle();
    inputs = page$.inputs;
    const html = '<!doctype html><meta charset="utf-8"><title>parley</title><script type="module" src="/bundle.js"></script>';
    http = createServer((request, response) => {
      if (request.url === '/bundle.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(page$.code);
      else response.writeHead(200, { 'content-type': 'text/html' }).end(html);
    });
    parley = startParley();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    port = (http.address() as AddressInfo).port;
    profile = await mkdtemp(join(tmpdir(), 'parley-chromium-'));
    context = await launchChromium(profile);
    page = context.pages()[0] ?? (await context.newPage());
    await page.exposeFunction('report', (kind: string, value: unknown) => {
      reports.push({ kind, value });
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => typeof window.start === 'function');
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await parley?.close({ timeoutMs: 200 });
    http?.closeAllConnections();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  const states = (): unknown[] => reports.filter((r) => r.kind === 'state').map((r) => r.value);
  const notes = (): unknown[] => reports.filter((r) => r.kind === 'note').map((r) => r.value);

  it('bundles without ws or any Node built-in', () => {
    expect(inputs.filter((input) => /node_modules\/ws\//.test(input) || input.startsWith('node:'))).toEqual([]);
    // The browser entry defaults to the global WebSocket: no isomorphic-ws, no loader for it.
    expect(inputs.filter((input) => input.includes('isomorphic-ws'))).toEqual([]);
  });

  it('connects, calls, receives a broadcast, survives a server restart and reports its states', async () => {
    const result = await page.evaluate((url) => window.start(url), `ws://127.0.0.1:${port}/parley`);
    expect(result).toEqual({ from: 'chromium' });
    expect(states()).toEqual(['connecting', 'open']);

    await parley.broadcast('room:browser', 'fixture.note', { text: 'before restart' });
    await waitUntil(() => notes().length === 1, 10_000, 'first broadcast in the page');

    // Restart Parley on the same HTTP server: the page stays, its client reconnects.
    await parley.close({ timeoutMs: 200 });
    parley = startParley();
    await waitUntil(() => states().filter((s) => s === 'open').length === 2, 20_000, 'reconnected');
    await waitUntil(() => parley.connections.list().some((c) => c.topics.includes('room:browser')), 10_000, 're-subscribed');
    await parley.broadcast('room:browser', 'fixture.note', { text: 'after restart' });
    await waitUntil(() => notes().length === 2, 10_000, 'second broadcast in the page');

    expect(await page.evaluate(() => window.echo('still typed'))).toBe('still typed');
    expect(notes()).toEqual([
      { text: 'before restart', stream: 'topic:room:browser' },
      { text: 'after restart', stream: 'topic:room:browser' },
    ]);
    const seen = states();
    expect(seen.slice(0, 3)).toEqual(['connecting', 'open', 'reconnecting']);
    expect(seen.at(-1)).toBe('open');
    expect(seen.slice(2, -1).every((s) => s === 'reconnecting')).toBe(true);
    expect(reports.filter((r) => r.kind === 'error')).toEqual([]);
  });
});
