/**
 * The `parley-conformance` command line, as a function of its arguments (so tests can run it
 * in-process): parse, run, print, and return the exit code.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { formatCase, formatHeader, formatSummary } from './format.js';
import { assertWebSocketUrl, ConformanceConnectionError, runConformance } from './run.js';

/**
 * The usage text.
 *
 * @example
 * ```ts
 * console.log(USAGE);
 * ```
 */
export const USAGE = `Usage: parley-conformance <ws-url> [options]

Runs the Parley conformance vectors and scenarios against the server at <ws-url>
(for example ws://127.0.0.1:8080/parley) and prints one line per case.

Options:
  --filter <text>        run only the cases whose id (<group>/<name>) contains <text>
  --json                 print the report as JSON instead of text
  --timeout <ms>         bound of every wait for an expected frame (default 5000)
  --quiet-ms <ms>        how long to wait when nothing must arrive (default 200)
  --credentials <text>   credentials of the sessions (default "conformance")
  -h, --help             show this help

Exit code: 0 when every case passed, 1 when any failed, 2 on a usage or connection error.`;

/**
 * Where the CLI writes: whole lines, without their trailing newline.
 *
 * @example
 * ```ts
 * const io: CliOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };
 * ```
 */
export interface CliOutput {
  /** Report lines (stdout). */
  out(line: string): void;
  /** Errors and usage (stderr). */
  err(line: string): void;
}

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new TypeError(`--${name} must be a positive integer (ms), got ${JSON.stringify(value)}`);
  return n;
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code: 0 when
 * every case passed, 1 when any failed, 2 on a usage error, an unreachable server, or a filter
 * that selects no case.
 *
 * @example
 * ```ts
 * const code = await runCli(['ws://127.0.0.1:8080/parley', '--json'], { out: console.log, err: console.error });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliOutput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        filter: { type: 'string' },
        json: { type: 'boolean' },
        timeout: { type: 'string' },
        'quiet-ms': { type: 'string' },
        credentials: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`parley-conformance: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.out(USAGE);
    return 0;
  }
  let timeoutMs: number | undefined;
  let quietMs: number | undefined;
  try {
    if (positionals.length !== 1) throw new TypeError(positionals.length === 0 ? 'missing <ws-url>' : 'expected exactly one <ws-url>');
    assertWebSocketUrl(positionals[0] as string);
    timeoutMs = positiveInteger('timeout', values.timeout);
    quietMs = positiveInteger('quiet-ms', values['quiet-ms']);
  } catch (error) {
    io.err(`parley-conformance: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const url = positionals[0] as string;
  const json = values.json === true;
  if (!json) io.out(formatHeader(url));
  try {
    const report = await runConformance({
      url,
      ...(values.filter === undefined ? {} : { filter: values.filter }),
      ...(values.credentials === undefined ? {} : { credentials: values.credentials }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(quietMs === undefined ? {} : { quietMs }),
      ...(json ? {} : { onCase: (result) => io.out(formatCase(result)) }),
    });
    if (report.cases.length === 0) {
      io.err(`parley-conformance: no case matches --filter ${JSON.stringify(values.filter)}`);
      return 2;
    }
    io.out(json ? JSON.stringify(report, null, 2) : formatSummary(report));
    return report.ok ? 0 : 1;
  } catch (error) {
    if (!(error instanceof ConformanceConnectionError)) throw error;
    io.err(`parley-conformance: ${error.message}`);
    return 2;
  }
}
