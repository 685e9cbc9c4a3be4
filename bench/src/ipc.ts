/** Messages between the orchestrator and its two child processes (server, load generator). */
import type { BenchConfig } from './config.js';
import type { ContenderSpec } from './contender.js';
import { cpuUs } from './cpu.js';
import type { ScenarioOutcome, ServerProbe } from './scenarios/types.js';

/** argv[2] of the server process (JSON). */
export interface ServerStart {
  readonly spec: ContenderSpec;
  readonly host: string;
}

/** argv[2] of the load generator process (JSON). */
export interface LoadgenStart {
  readonly spec: ContenderSpec;
  readonly url: string;
  readonly scenario: string;
  readonly config: BenchConfig;
}

/** Orchestrator → server. */
export type ToServer = { readonly type: 'probe'; readonly id: number; readonly gc: boolean } | { readonly type: 'stop' };

/** Server → orchestrator. */
export type FromServer =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'unavailable'; readonly reason: string }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'probe'; readonly id: number; readonly probe: ServerProbe }
  /** Sent on `stop`, before the server closes: CPU time used until the scenario ended (the whole-cell figure). */
  | { readonly type: 'stopping'; readonly cpuMs: number };

/** Orchestrator → load generator (a relayed server probe). */
export type ToLoadgen = { readonly type: 'probe'; readonly id: number; readonly probe: ServerProbe };

/** Load generator → orchestrator. */
export type FromLoadgen =
  | { readonly type: 'probe'; readonly id: number; readonly gc: boolean }
  | { readonly type: 'result'; readonly outcome: ScenarioOutcome; readonly cpuMs: number }
  | { readonly type: 'unavailable'; readonly reason: string }
  | { readonly type: 'error'; readonly message: string };

/** Sends on the IPC channel and resolves once it was handed over (so exiting after it is safe). */
export function sendToParent(message: FromServer | FromLoadgen): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/** CPU time (user + system) this process used so far, in ms (the whole-cell figure). */
export function cpuMs(): number {
  return Math.round(cpuUs() / 1000);
}

/** Error text for reports: the message, or the value itself. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
}
