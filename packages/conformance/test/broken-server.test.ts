/**
 * The kit is not a test that cannot fail: against servers that get the protocol wrong it reports
 * FAIL with the mismatch, and the bin exits 1; against no server at all the bin exits 2.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runConformance } from '../src/index.js';
import { runBin } from './helpers/bin.js';
import { deadUrl, startParley, startWrongIdServer, stopAll } from './helpers/servers.js';

afterEach(stopAll);

// Short waits: against a broken server most cases wait for a reply that never matches.
const FAST = { timeoutMs: 500, quietMs: 100 };
const statusById = (cases: ReadonlyArray<{ id: string; status: string }>): Record<string, string> =>
  Object.fromEntries(cases.map((c) => [c.id, c.status]));

describe('the kit against a server that answers with the wrong id', () => {
  const picked = ['session/request-before-hello', 'jsonrpc/spec-positional-params', 'negotiation/negotiate-mismatch', 'scenario/ping'];

  it('fails every case, naming the mismatch', async () => {
    const server = await startWrongIdServer();
    const report = await runConformance({ url: server.url, ...FAST, filter: (id) => picked.includes(id) });
    expect(statusById(report.cases)).toEqual(Object.fromEntries(picked.map((id) => [id, 'fail'])));
    expect(report).toMatchObject({ ok: false, passed: 0, failed: picked.length });
    const byId = new Map(report.cases.map((c) => [c.id, c.details]));
    expect(byId.get('session/request-before-hello')).toContain('reply: $.id: expected 1, got "wrong-1"');
    expect(byId.get('jsonrpc/spec-positional-params')?.join('\n')).toMatch(/no response to rpc\.hello within 500 ms/);
    expect(byId.get('negotiation/negotiate-mismatch')).toContain('subprotocol: expected "parley", got null');
  });

  it('the bin prints FAIL with the mismatch and exits 1', async () => {
    const server = await startWrongIdServer();
    const { code, stdout } = await runBin([server.url, '--filter', 'session/request-before-hello', '--timeout', '500']);
    expect(stdout).toContain('FAIL  session/request-before-hello\n      - reply: $.id: expected 1, got "wrong-1"');
    expect(stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
    expect(code).toBe(1);
  }, 30_000);
});

describe('the kit against a Parley server without the fixture handlers', () => {
  it('fails the fixture cases', async () => {
    const server = await startParley({ handlers: false });
    const report = await runConformance({ url: server.url, ...FAST, filter: (id) => ['application/echo', 'jsonrpc/spec-named-params'].includes(id) });
    expect(statusById(report.cases)).toEqual({ 'application/echo': 'fail', 'jsonrpc/spec-named-params': 'fail' });
    expect(report.ok).toBe(false);
  });
});

describe('no server at all', () => {
  it('runConformance rejects with ConformanceConnectionError', async () => {
    await expect(runConformance({ url: await deadUrl(), ...FAST })).rejects.toMatchObject({ name: 'ConformanceConnectionError' });
  });

  it('the bin exits 2 with the reason on stderr', async () => {
    const url = await deadUrl();
    const { code, stderr } = await runBin([url]);
    expect(stderr).toMatch(/^parley-conformance: cannot connect to ws:\/\/127\.0\.0\.1:\d+\/parley: .*ECONNREFUSED/);
    expect(code).toBe(2);
  }, 30_000);
});
