/**
 * The orchestrator: rounds × scenarios × contenders (rotating order each round), one cell at
 * a time, then the summary and the three result files. Run through bench/run.mjs, which builds
 * the harness first.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runCell, type CellOutcome } from './cell.js';
import { parseCli, USAGE, type Cli } from './cli.js';
import { LOADGEN_US_PER_OP, SERVER_US_PER_OP } from './cpu.js';
import { formatNumber } from './report/format.js';
import { updateReadme } from './report/readme.js';
import { machineInfo, writeResults, type Results } from './report/results.js';
import type { Scenario } from './scenarios/types.js';
import { describeScenarios, summarise, type CellRecord } from './summary.js';

/** What bench/run.mjs hands over: where the build is, and contenders whose build failed. */
export interface RunEnv {
  readonly buildDir: string;
  readonly repoRoot: string;
  /** module name → reason (e.g. `parley` when @parley/server does not build yet). */
  readonly unavailable: Readonly<Record<string, string>>;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

function rotate<T>(list: readonly T[], by: number): T[] {
  const k = list.length === 0 ? 0 : by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

function describeOutcome(outcome: CellOutcome, scenario: Scenario, headline: string | undefined): string {
  if (outcome.status !== 'ok') return `${outcome.status.toUpperCase()}: ${outcome.error}`;
  const value = headline === undefined ? 'ok' : `${headline} = ${formatNumber(outcome.metrics[headline] ?? Number.NaN)}`;
  const perOp = (key: string): string => `${formatNumber(outcome.metrics[key] ?? Number.NaN)} µs`;
  const s = (ms: number): string => `${formatNumber(ms / 1000)} s`;
  const { serverMs, loadgenMs } = outcome.wholeCellCpu;
  return (
    `${value} [cpu per ${scenario.operation}: server ${perOp(SERVER_US_PER_OP)}, load generator ${perOp(LOADGEN_US_PER_OP)} ` +
    `(${formatNumber(outcome.phase.ops)} ops); whole cell: server ${s(serverMs)}, load generator ${s(loadgenMs)}]`
  );
}

function warnFileLimit(cli: Cli): void {
  const need = Math.max(cli.config.fanoutLatency.maxClients, ...cli.config.idleMemory.sizes) + 200;
  try {
    const limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
    if (Number.isFinite(limit) && limit < need) log(`warning: ulimit -n is ${limit}; ${need} descriptors per process are needed (npm run bench raises it)`);
  } catch {
    // no shell: nothing to check
  }
}

async function runAll(cli: Cli, env: RunEnv): Promise<{ cells: CellRecord[]; unavailable: Map<string, string> }> {
  const unavailable = new Map(Object.entries(env.unavailable));
  for (const [name, reason] of unavailable) log(`${name}: unavailable (${reason})`);
  const cells: CellRecord[] = [];
  for (let round = 1; round <= cli.config.rounds; round++) {
    for (const scenario of cli.scenarios) {
      const headline = scenario.metrics(cli.config).find((m) => m.headline === true)?.key;
      for (const spec of rotate(cli.contenders, round - 1)) {
        const started = performance.now();
        const known = unavailable.get(spec.module);
        const outcome: CellOutcome =
          known !== undefined ? { status: 'unavailable', error: known } : await runCell(env.buildDir, spec, scenario, cli.config);
        if (outcome.status === 'unavailable') unavailable.set(spec.module, outcome.error);
        const seconds = Math.round((performance.now() - started) / 100) / 10;
        const base = { scenario: scenario.name, contender: spec.name, round, order: cells.length + 1, seconds };
        cells.push(outcome.status === 'ok' ? { ...base, ...outcome } : { ...base, status: outcome.status, error: outcome.error });
        if (known === undefined) log(`[round ${round}] ${scenario.name} ${spec.name}: ${describeOutcome(outcome, scenario, headline)} (${seconds} s)`);
      }
    }
  }
  return { cells, unavailable };
}

/** Runs the benchmark; resolves with the process exit code (1 when any cell failed). */
export async function main(argv: readonly string[], env: RunEnv): Promise<number> {
  let cli: Cli;
  try {
    cli = parseCli(argv);
  } catch (error) {
    log(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (cli.help) {
    log(USAGE);
    return 0;
  }
  warnFileLimit(cli);
  const machine = machineInfo();
  const { cells, unavailable } = await runAll(cli, env);
  const scenarios = describeScenarios(cli.scenarios, cli.config);
  const results: Results = {
    schema: 1,
    generatedAt: new Date().toISOString(),
    command: `node bench/run.mjs ${argv.join(' ')}`.trim(),
    machine,
    config: cli.config,
    contenders: cli.contenders.map((c) => {
      const reason = unavailable.get(c.module);
      return reason === undefined ? { ...c, status: 'ok' as const } : { ...c, status: 'unavailable' as const, reason };
    }),
    scenarios,
    summary: summarise(cells, scenarios, cli.contenders),
    cells,
  };
  const out = resolve(env.repoRoot, cli.out ?? 'bench/results');
  const markdown = await writeResults(out, results);
  process.stdout.write(markdown);
  log(`results: ${out}/latest.{json,md,svg}`);
  if (cli.readme) {
    const path = join(env.repoRoot, 'README.md');
    await writeFile(path, updateReadme(await readFile(path, 'utf8'), results));
    log(`README.md: performance section rewritten from this run`);
  }
  return results.summary.some((r) => r.status === 'error') ? 1 : 0;
}
