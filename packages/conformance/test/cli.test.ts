/**
 * The command line's arguments and exit codes, run in-process through `runCli` (the bin is the
 * same function behind a shebang; kit.test.ts and broken-server.test.ts run the bin itself).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, USAGE } from '../src/index.js';
import { startParley, stopAll, type Running } from './helpers/servers.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

let server: Running;
beforeAll(async () => {
  server = await startParley();
});
afterAll(stopAll);

describe('parley-conformance arguments', () => {
  it('--help prints the usage and exits 0', async () => {
    expect(await cli('--help')).toEqual({ code: 0, out: [USAGE], err: [] });
  });

  it.each([
    ['no url', [], /missing <ws-url>/],
    ['two urls', ['ws://a/', 'ws://b/'], /exactly one <ws-url>/],
    ['an http url', ['http://127.0.0.1:1/parley'], /expected a ws:\/\/ or wss:\/\/ URL/],
    ['not a url', ['nonsense'], /not a URL/],
    ['a bad timeout', ['ws://127.0.0.1:1/', '--timeout', 'soon'], /--timeout must be a positive integer/],
    ['a zero quiet time', ['ws://127.0.0.1:1/', '--quiet-ms', '0'], /--quiet-ms must be a positive integer/],
    ['an unknown option', ['ws://127.0.0.1:1/', '--fast'], /Unknown option '--fast'/],
    ['a missing option value', ['ws://127.0.0.1:1/', '--filter'], /--filter/],
  ])('%s is a usage error: exit 2, reason and usage on stderr', async (_name, argv, reason) => {
    const { code, out, err } = await cli(...argv);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(reason);
    expect(err[0]).toContain(USAGE);
  });

  it('a filter that selects no case exits 2', async () => {
    const { code, err } = await cli(server.url, '--filter', 'no-such-case');
    expect(code).toBe(2);
    expect(err).toEqual(['parley-conformance: no case matches --filter "no-such-case"']);
  });

  it('prints the header, one line per case as it finishes, and the summary; exits 0', async () => {
    const { code, out, err } = await cli(server.url, '--filter', 'session/ping', '--timeout', '3000', '--quiet-ms', '50', '--credentials', 'conformance');
    expect(err).toEqual([]);
    expect(out).toEqual([
      `Parley conformance: ${server.url}`,
      'PASS  session/ping',
      'PASS  session/ping-empty-object-params',
      'PASS  session/ping-empty-array-params',
      'PASS  session/ping-other-params',
      'PASS  session/ping-notification',
      '5 passed, 0 failed',
    ]);
    expect(code).toBe(0);
  });

  it('--credentials is what open-session vectors log in with (a refused one fails them)', async () => {
    const { code, out } = await cli(server.url, '--filter', 'session/ping-notification', '--credentials', 'conformance-reject', '--timeout', '1000');
    // A failed case is one block: its line, then its mismatches indented below.
    expect(out[1]).toMatch(/^FAIL {2}session\/ping-notification\n {6}- rpc\.hello refused: .*-32001/);
    expect(out[2]).toBe('0 passed, 1 failed');
    expect(code).toBe(1);
  });
});
