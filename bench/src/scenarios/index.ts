/** Every scenario, in run order. */
import { connectRate } from './connect-rate.js';
import { fanoutBurst } from './fanout-burst.js';
import { fanoutLatency } from './fanout-latency.js';
import { idleMemory } from './idle-memory.js';
import { privateMessages } from './private.js';
import { rpcEcho } from './rpc-echo.js';
import type { Scenario } from './types.js';

export const SCENARIOS: readonly Scenario[] = [fanoutBurst, fanoutLatency, rpcEcho, privateMessages, idleMemory, connectRate];

/** Looks a scenario up by name. */
export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
