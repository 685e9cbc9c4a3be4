/**
 * Which session a new connection gets (protocol 7.1): the one it asks to resume, when that is
 * known (here, or cluster-wide through the adapter) and belongs to the same user; else a new one.
 * Either way the session is remembered after the connection closes.
 *
 * @module
 */
import type { AnyContract, HelloParams } from '@parley/protocol';
import type { SessionRef } from '../delivery/adapter.js';
import type { Connection } from './connection.js';
import type { ServerCore } from '../core.js';
import type { Identity } from '../hooks.js';

type Core = ServerCore<AnyContract>;

/**
 * A hello's resume request.
 *
 * @example
 * ```ts
 * const request: ResumeRequest = { sessionId: 's1', streams: [{ stream: 'all', epoch: 'e1', seq: 41 }] };
 * ```
 */
export type ResumeRequest = NonNullable<NonNullable<HelloParams>['resume']>;

/**
 * The session a connection opens with.
 *
 * @example
 * ```ts
 * const choice = chooseSession(core, connection, identity, params?.resume, remote);
 * core.openSession(connection, identity, choice.sessionId);
 * ```
 */
export interface SessionChoice {
  /** The session id for the welcome. */
  readonly sessionId: string;
  /** Whether it is the session the client asked to resume. */
  readonly resumed: boolean;
  /** The connection that held the session before (half-open), to close once this one is welcomed. */
  readonly previous: Connection | undefined;
}

/**
 * Asks the adapter (if it remembers sessions cluster-wide) about a session this node does not
 * know. A failing adapter counts as "unknown" (the client is told, and reloads).
 *
 * @example
 * ```ts
 * const remote = await lookUpSession(core, params?.resume);
 * ```
 */
export async function lookUpSession(core: Core, resume: ResumeRequest | undefined): Promise<SessionRef | undefined> {
  if (!resume || !core.adapter.findSession || core.sessions.has(resume.sessionId)) return undefined;
  try {
    return await core.adapter.findSession(resume.sessionId);
  } catch (error) {
    core.report(error, { where: 'adapter' }, 'findSession failed');
    return undefined;
  }
}

/**
 * Claims the requested session for `connection` when it is known (here, or cluster-wide as
 * `remote`) and belongs to `identity`'s user; otherwise opens a new one. The session is
 * remembered after the connection closes. Call right before `core.openSession`, synchronously.
 *
 * @example
 * ```ts
 * const { sessionId, resumed } = chooseSession(core, connection, identity, params?.resume, remote);
 * ```
 */
export function chooseSession(
  core: Core,
  connection: Connection,
  identity: Identity,
  resume: ResumeRequest | undefined,
  remote: SessionRef | undefined,
): SessionChoice {
  const { userId } = identity;
  const registry = core.sessions;
  let choice: SessionChoice;
  const claim = resume ? registry.claim(resume.sessionId, userId, connection) : undefined;
  if (claim) {
    const previous = claim.previous && !claim.previous.isClosed ? claim.previous : undefined;
    choice = { sessionId: claim.record.sessionId, resumed: true, previous };
  } else if (resume && remote?.sessionId === resume.sessionId && remote.userId === userId) {
    choice = { sessionId: registry.open(userId, connection, remote.sessionId).sessionId, resumed: true, previous: undefined };
  } else {
    choice = { sessionId: registry.open(userId, connection).sessionId, resumed: false, previous: undefined };
  }
  const { sessionId } = choice;
  remember(core, sessionId, userId);
  if (connection.isClosed) release(core, connection, sessionId);
  else connection.whenClosing(releaserOf(core));
  return choice;
}

/** Tells the adapter (if it remembers sessions cluster-wide) that the session exists. */
function remember(core: Core, sessionId: string, userId: string): void {
  const ttlMs = core.options.sessions.rememberMs;
  const { adapter } = core;
  if (adapter.rememberSession && ttlMs > 0) core.background('rememberSession', () => adapter.rememberSession?.({ sessionId, userId }, ttlMs));
}

/** The connection closed: its session is remembered (here and through the adapter). */
function release(core: Core, connection: Connection, sessionId: string): void {
  core.sessions.release(sessionId, connection);
  remember(core, sessionId, connection.identity.userId);
}

/** One closing task per server, not a closure per connection (it reads the session id from the connection, set right after the choice). */
const releasers = new WeakMap<Core, (connection: Connection) => void>();

function releaserOf(core: Core): (connection: Connection) => void {
  let releaser = releasers.get(core);
  if (!releaser) {
    releaser = (connection) => release(core, connection, connection.sessionId);
    releasers.set(core, releaser);
  }
  return releaser;
}
