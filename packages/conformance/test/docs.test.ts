/**
 * docs/conformance.md cannot rot: its usage block is the CLI's, its scenario table is SCENARIOS,
 * its server set-up is the one the kit's own tests run, and every `-->` / `<--` example on the
 * page is replayed against that server.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KitSocket, SCENARIOS, USAGE } from '../src/index.js';
import { startParley, stopAll, type Running } from './helpers/servers.js';

const doc = readFileSync(new URL('../../../docs/conformance.md', import.meta.url), 'utf8');
const helper = readFileSync(new URL('helpers/servers.ts', import.meta.url), 'utf8');

/** Values the server makes up (ids, epochs, clocks): compared by type only. */
const VOLATILE = new Set(['connectionId', 'sessionId', 'epoch', 'serverTime', 'ts']);

function normalise(value: unknown, key = ''): unknown {
  if (VOLATILE.has(key)) return typeof value;
  if (Array.isArray(value)) return value.map((item) => normalise(item));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([k, v]) => [k, normalise(v, k)] as const);
  return Object.fromEntries(entries);
}

type Example = { send: string; reply: string; close: number | undefined };

function examples(): Example[] {
  const found: Example[] = [];
  const lines = doc.split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.startsWith('--> ')) continue;
    const reply = lines[i + 1] ?? '';
    const close = /^\s+\(close (\d+)\)$/.exec(lines[i + 2] ?? '')?.[1];
    found.push({ send: line.slice(4), reply: reply.replace(/^<-- /, ''), close: close === undefined ? undefined : Number(close) });
  }
  return found;
}

let server: Running;
beforeAll(async () => {
  server = await startParley();
});
afterAll(stopAll);

describe('docs/conformance.md', () => {
  it('shows the CLI usage exactly', () => {
    expect(doc).toContain(`\`\`\`text\n${USAGE}\n\`\`\``);
  });

  it('lists every scenario with its own description, in run order', () => {
    const rows = doc.split('\n').filter((line) => line.startsWith('| `scenario/'));
    expect(rows).toEqual(SCENARIOS.map((s) => `| \`scenario/${s.name}\` | ${s.description} |`));
  });

  it('shows the server set-up the kit tests run', () => {
    const snippet = /### The Parley server, set up for the kit[\s\S]*?```ts\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const options = /createParleyServer\(\{\n([\s\S]*?)\}\);/.exec(snippet)?.[1] ?? '';
    const lines = options.split('\n').map((l) => l.trim()).filter((l) => l !== '' && l !== 'server: http,');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of [...lines, 'registerFixtureHandlers(parley);']) expect(helper).toContain(line);
  });

  it.each(examples().map((e) => [e.send, e] as const))('example %s', async (_send, example) => {
    const hello = (JSON.parse(example.send) as { method: string }).method === 'rpc.hello';
    const socket = await KitSocket.connect(server.url, hello ? { hello: false } : { credentials: 'conformance' });
    try {
      socket.send(example.send);
      const reply = await socket.next((f) => !('method' in (f as object)), 'reply');
      expect(normalise(reply)).toEqual(normalise(JSON.parse(example.reply)));
      if (example.close !== undefined) expect((await socket.closed).code).toBe(example.close);
    } finally {
      await socket.close();
    }
  });
});
