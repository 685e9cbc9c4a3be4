/**
 * `@parley/conformance`: checks that a server speaks Parley protocol v1. Runs the protocol's
 * language-neutral vectors (frames, negotiation) and behavioural scenarios (presence, delivery,
 * batches, limits, resume) against any server URL, and reports each case. The
 * `parley-conformance` command line wraps {@link runConformance}.
 *
 * @example
 * ```ts
 * import { formatReport, runConformance } from '@parley/conformance';
 *
 * const report = await runConformance({ url: 'ws://127.0.0.1:8080/parley' });
 * console.log(formatReport(report));
 * ```
 *
 * @module
 */
export { runConformance, ConformanceConnectionError, assertWebSocketUrl } from './run.js';
export { DEFAULT_SETTINGS, type CaseSettings, type ConformanceOptions } from './options.js';
export { summarise, type CaseKind, type CaseResult, type CaseStatus, type Report } from './report.js';
export { formatCase, formatHeader, formatReport, formatSummary } from './format.js';
export { runVector } from './runners/frame-vector.js';
export { runNegotiationVector } from './runners/negotiation.js';
export { Recorder, runCase } from './runners/recorder.js';
export { runScenario, type Scenario } from './scenarios/scenario.js';
export { ScenarioContext } from './scenarios/context.js';
export { SCENARIOS } from './scenarios/index.js';
export { runCli, USAGE, type CliOutput } from './cli-main.js';
export { KitSocket, type CloseInfo, type KitConnectOptions } from './wire/kit-socket.js';
export { isNotification, isReply, UnparsedFrame } from './wire/frames.js';
export { isDelivery, StreamEpochs, viewOf, type DeliveryView } from './wire/deliveries.js';
export { rawUpgrade, type RawFrame, type RawUpgrade } from './wire/raw-upgrade.js';
