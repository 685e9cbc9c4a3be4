/** Command line: `node bench/run.mjs [--tiny] [--rounds N] [--scenarios a,b] [--contenders x,y] [--set k=v] [--out DIR] [--readme]`. */
import { applyOverride, cloneConfig, DEFAULT_CONFIG, TINY_CONFIG, type BenchConfig } from './config.js';
import { CONTENDERS, type ContenderSpec } from './contender.js';
import { SCENARIOS } from './scenarios/index.js';
import type { Scenario } from './scenarios/types.js';

/** A parsed command line. */
export interface Cli {
  readonly config: BenchConfig;
  readonly scenarios: readonly Scenario[];
  readonly contenders: readonly ContenderSpec[];
  /** Directory for latest.json / latest.md / latest.svg. */
  readonly out: string | undefined;
  readonly tiny: boolean;
  readonly help: boolean;
  /** Rewrite README.md's performance section from this run. */
  readonly readme: boolean;
}

export const USAGE = `usage: node bench/run.mjs [options]
  --tiny                 a few clients, about a second per scenario, one round (what npm test runs)
  --rounds N             rounds (default 3; every contender runs once per scenario per round)
  --scenarios a,b        ${SCENARIOS.map((s) => s.name).join(', ')}
  --contenders x,y       ${CONTENDERS.map((c) => c.name).join(', ')}
  --set key=value        override a size, e.g. fanoutBurst.clients=2000, idleMemory.sizes=2000,10000
  --out DIR              where to write latest.{json,md,svg} (default bench/results)
  --readme               also rewrite README.md's performance section from this run`;

function pick<T extends { readonly name: string }>(all: readonly T[], list: string, what: string): T[] {
  return list.split(',').map((name) => {
    const found = all.find((x) => x.name === name.trim());
    if (found === undefined) throw new Error(`unknown ${what} "${name}"; known: ${all.map((x) => x.name).join(', ')}`);
    return found;
  });
}

/** Parses argv (without node and script); throws with a message on bad input. */
export function parseCli(argv: readonly string[]): Cli {
  const tiny = argv.includes('--tiny');
  const config = cloneConfig(tiny ? TINY_CONFIG : DEFAULT_CONFIG);
  let scenarios: readonly Scenario[] = SCENARIOS;
  let contenders: readonly ContenderSpec[] = CONTENDERS;
  let out: string | undefined;
  let help = false;
  let readme = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--tiny') continue;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--rounds') applyOverride(config, `rounds=${value()}`);
    else if (arg === '--scenarios') scenarios = pick(SCENARIOS, value(), 'scenario');
    else if (arg === '--contenders') contenders = pick(CONTENDERS, value(), 'contender');
    else if (arg === '--set') applyOverride(config, value());
    else if (arg === '--out') out = value();
    else if (arg === '--readme') readme = true;
    else throw new Error(`unknown option ${arg}`);
  }
  if (config.rounds < 1) throw new Error('--rounds must be at least 1');
  return { config, scenarios, contenders, out, tiny, help, readme };
}
