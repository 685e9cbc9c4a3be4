/**
 * The built-in behavioural scenarios, in run order.
 *
 * @module
 */
import { batchMixed, batchNotifications } from './batches.js';
import { batchLength, depth, messageSize } from './limits.js';
import { broadcastEveryone, broadcastTopic, privateMessages } from './messaging.js';
import { presenceJoin, presenceList, unsubscribeLeave } from './presence.js';
import { resumeUnknownSession, subscribeSince } from './resume.js';
import type { Scenario } from './scenario.js';
import { helloWelcome, ping } from './session.js';

/**
 * Every built-in scenario, in the order the kit runs them: session, presence, delivery, batches,
 * limits, resume. docs/conformance.md describes each.
 *
 * @example
 * ```ts
 * for (const scenario of SCENARIOS) console.log(scenario.name, '-', scenario.description);
 * ```
 */
export const SCENARIOS: readonly Scenario[] = Object.freeze([
  helloWelcome,
  ping,
  presenceJoin,
  presenceList,
  unsubscribeLeave,
  broadcastTopic,
  broadcastEveryone,
  privateMessages,
  batchMixed,
  batchNotifications,
  batchLength,
  depth,
  messageSize,
  resumeUnknownSession,
  subscribeSince,
]);
