/**
 * What a behavioural scenario is, and running one.
 *
 * @module
 */
import { DEFAULT_SETTINGS, type CaseSettings } from '../options.js';
import type { CaseResult } from '../report.js';
import { runCase } from '../runners/recorder.js';
import { ScenarioContext } from './context.js';

/**
 * A behavioural scenario: several connections, several steps, checked as a whole. `run` records
 * mismatches through the context; a wait that times out (or any throw) fails the scenario.
 *
 * @example
 * ```ts
 * const pingScenario: Scenario = {
 *   name: 'my-ping',
 *   description: 'rpc.ping answers with the server time.',
 *   async run(ctx) {
 *     const a = await ctx.connect('alice');
 *     ctx.match('ping', { ts: '$number' }, await a.call('rpc.ping'));
 *   },
 * };
 * ```
 */
export interface Scenario {
  /** Unique, kebab-case; the case id is `scenario/<name>`. */
  readonly name: string;
  /** What the scenario checks, in a sentence or two (shown in docs/conformance.md). */
  readonly description: string;
  /** The steps. Connections made through `ctx` are closed afterwards. */
  run(ctx: ScenarioContext): Promise<void>;
}

/**
 * Runs one scenario against `url` and reports it as case `scenario/<name>`.
 *
 * @example
 * ```ts
 * for (const scenario of SCENARIOS) console.log(await runScenario('ws://127.0.0.1:8080/parley', scenario));
 * ```
 */
export function runScenario(url: string, scenario: Scenario, settings: CaseSettings = DEFAULT_SETTINGS): Promise<CaseResult> {
  return runCase(`scenario/${scenario.name}`, 'scenario', async (recorder) => {
    const ctx = new ScenarioContext(url, settings, recorder);
    try {
      await scenario.run(ctx);
    } finally {
      await ctx.closeAll();
    }
  });
}
