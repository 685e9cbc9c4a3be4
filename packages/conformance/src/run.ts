/**
 * `runConformance`: every frame vector, every negotiation vector and every scenario against one
 * server URL, one case at a time.
 *
 * @module
 */
import { NEGOTIATION_VECTORS, VECTOR_FILES } from '@parley/protocol/vectors';
import { DEFAULT_SETTINGS, type CaseSettings, type ConformanceOptions } from './options.js';
import { summarise, type CaseResult, type Report } from './report.js';
import { runVector } from './runners/frame-vector.js';
import { runNegotiationVector } from './runners/negotiation.js';
import { SCENARIOS } from './scenarios/index.js';
import { runScenario } from './scenarios/scenario.js';
import { KitSocket } from './wire/kit-socket.js';

/**
 * The server under test could not be reached at all (refused, not a WebSocket endpoint, timed
 * out), so no case could run. The CLI exits with code 2 on it.
 *
 * @example
 * ```ts
 * try {
 *   await runConformance({ url });
 * } catch (error) {
 *   if (error instanceof ConformanceConnectionError) console.error('server unreachable:', error.message);
 * }
 * ```
 */
export class ConformanceConnectionError extends Error {
  override readonly name = 'ConformanceConnectionError';
}

/**
 * Checks that `url` is a `ws:` or `wss:` URL; throws a `TypeError` saying why not.
 *
 * @example
 * ```ts
 * assertWebSocketUrl('http://localhost'); // throws TypeError
 * ```
 */
export function assertWebSocketUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new TypeError(`expected a ws:// or wss:// URL, got ${JSON.stringify(url)}`);
  }
}

type PlannedCase = { readonly id: string; readonly run: () => Promise<CaseResult> };

function plan(options: ConformanceOptions, settings: CaseSettings): PlannedCase[] {
  const { url } = options;
  const cases: PlannedCase[] = [];
  for (const [group, file] of Object.entries(options.vectors ?? VECTOR_FILES)) {
    for (const vector of file.vectors) cases.push({ id: `${group}/${vector.name}`, run: () => runVector(url, vector, settings, group) });
  }
  for (const vector of (options.negotiation ?? NEGOTIATION_VECTORS).vectors) {
    cases.push({ id: `negotiation/${vector.name}`, run: () => runNegotiationVector(url, vector, settings) });
  }
  for (const scenario of options.scenarios ?? SCENARIOS) {
    cases.push({ id: `scenario/${scenario.name}`, run: () => runScenario(url, scenario, settings) });
  }
  const { filter } = options;
  if (filter === undefined) return cases;
  return cases.filter((c) => (typeof filter === 'string' ? c.id.includes(filter) : filter(c.id)));
}

async function preflight(url: string, timeoutMs: number): Promise<void> {
  try {
    const socket = await KitSocket.connect(url, { hello: false, timeoutMs });
    await socket.close();
  } catch (error) {
    throw new ConformanceConnectionError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Runs the conformance kit against the server at `url` and returns the report. The server must
 * register the fixture contract and authenticate with the fixture rule (docs/conformance.md).
 * Cases run one at a time, each on its own connections. Rejects with
 * {@link ConformanceConnectionError} when the server cannot be reached, and with a `TypeError`
 * for a URL that is not `ws:` / `wss:`; a failing case never rejects.
 *
 * @example
 * ```ts
 * import { formatReport, runConformance } from '@parley/conformance';
 *
 * const report = await runConformance({ url: 'ws://127.0.0.1:8080/parley', onCase: (c) => console.log(c.status, c.id) });
 * console.log(formatReport(report));
 * process.exitCode = report.ok ? 0 : 1;
 * ```
 */
export async function runConformance(options: ConformanceOptions): Promise<Report> {
  assertWebSocketUrl(options.url);
  const settings: CaseSettings = {
    credentials: options.credentials ?? DEFAULT_SETTINGS.credentials,
    timeoutMs: options.timeoutMs ?? DEFAULT_SETTINGS.timeoutMs,
    quietMs: options.quietMs ?? DEFAULT_SETTINGS.quietMs,
  };
  const started = performance.now();
  await preflight(options.url, settings.timeoutMs);
  const results: CaseResult[] = [];
  for (const planned of plan(options, settings)) {
    const result = await planned.run();
    results.push(result);
    options.onCase?.(result);
  }
  return summarise(options.url, results, Math.round(performance.now() - started));
}
