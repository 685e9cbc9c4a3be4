/**
 * Options of a conformance run, and their defaults.
 *
 * @module
 */
import type { NegotiationVectorFile, VectorFile } from '@parley/protocol/vectors';
import type { CaseResult } from './report.js';
import type { Scenario } from './scenarios/scenario.js';

/**
 * The settings every case runner needs.
 *
 * @example
 * ```ts
 * const settings: CaseSettings = { credentials: 'conformance', timeoutMs: 5000, quietMs: 200 };
 * ```
 */
export interface CaseSettings {
  /**
   * The credentials of `session: "open"` vectors. Scenarios log in as `<credentials>-<name>-<run>`
   * (distinct users), so the server must authenticate any string that starts with them as the
   * user of that name, as the fixture rule does. Default `'conformance'`.
   */
  readonly credentials: string;
  /** Bound of every wait for something that must arrive (open, reply, notice, close), in ms. Default 5,000. */
  readonly timeoutMs: number;
  /** How long to wait when nothing must arrive ("no reply"), in ms. Default 200. */
  readonly quietMs: number;
}

/**
 * Options of {@link runConformance}. Only `url` is required.
 *
 * @example
 * ```ts
 * const options: ConformanceOptions = { url: 'ws://127.0.0.1:8080/parley', filter: 'scenario/' };
 * ```
 */
export interface ConformanceOptions extends Partial<CaseSettings> {
  /** The server's WebSocket endpoint, `ws://` or `wss://`. */
  readonly url: string;
  /** Frame vector files, by group name. Default: every file of `@parley/protocol/vectors` (`VECTOR_FILES`). */
  readonly vectors?: Readonly<Record<string, VectorFile>>;
  /** Negotiation cases. Default: `NEGOTIATION_VECTORS`. */
  readonly negotiation?: NegotiationVectorFile;
  /** Behavioural scenarios. Default: {@link SCENARIOS}. */
  readonly scenarios?: readonly Scenario[];
  /**
   * Which cases run: a substring of the case id (`<group>/<name>`, e.g. `negotiation/` or
   * `echo`), or a predicate on the id. Default: all.
   */
  readonly filter?: string | ((id: string) => boolean);
  /** Called as each case finishes (for progress output). */
  readonly onCase?: (result: CaseResult) => void;
}

/**
 * The defaults of {@link CaseSettings}.
 *
 * @example
 * ```ts
 * DEFAULT_SETTINGS.timeoutMs; // 5000
 * ```
 */
export const DEFAULT_SETTINGS: CaseSettings = Object.freeze({ credentials: 'conformance', timeoutMs: 5_000, quietMs: 200 });
