/**
 * Opening and refreshing a session: `rpc.hello` (authenticate, assign ids, welcome) and
 * `rpc.refresh` (new credentials, same user). Refusals answer the hello with the error, then
 * close with the matching terminal code.
 *
 * @module
 */
import {
  CloseCode,
  closeCodeForError,
  ENVELOPES,
  ErrorCode,
  Method,
  ParleyError,
  parleyError,
  ALL_STREAM,
  connectionStream,
  userStream,
  UserIdSchema,
  validate,
  type AnyContract,
  type HelloParams,
  type RefreshParams,
  type RefreshResult,
  type StreamPosition,
  type Welcome,
  type WireIdentity,
} from '@parley/protocol';
import { builtin } from './spec.js';
import type { Connection } from '../session/connection.js';
import type { ServerCore } from '../core.js';
import type { Identity } from '../hooks.js';
import { resumeStreams } from '../session/resume.js';
import { chooseSession, lookUpSession } from '../session/session-choice.js';

/**
 * The close code for a refused hello: unauthorized → 4401, forbidden → 4403, rate limited →
 * 4429, overloaded → 1013, shutting down → 1012, any other `ParleyError` → 4400, anything else
 * (a bug in the hook) → 1011.
 *
 * @example
 * ```ts
 * refusalCloseCode(new ParleyError(ErrorCode.Unauthorized)); // 4401
 * ```
 */
export function refusalCloseCode(error: unknown): number {
  return error instanceof ParleyError ? closeCodeForError(error.code) : CloseCode.InternalError;
}

async function authenticate(core: ServerCore<AnyContract>, connection: Connection, credentials: unknown, previous?: Identity): Promise<Identity> {
  const transport = previous ? undefined : core.guard.of(connection).transport;
  const ctx = { request: connection.request, credentials, ...(previous ? { previous } : {}), ...(transport ? { transport } : {}) };
  const identity = await core.options.authenticate(ctx);
  if (typeof identity !== 'object' || identity === null || !validate(UserIdSchema, identity.userId).success) {
    throw new TypeError('authenticate must return an identity with a userId of 1-256 characters');
  }
  return identity;
}

const wire = (identity: Identity): WireIdentity =>
  identity.data === undefined ? { userId: identity.userId } : { userId: identity.userId, data: identity.data };

/**
 * `rpc.hello`: authenticate, open (or resume) the session, answer with the welcome. The
 * session's own streams (`all`, `user:<id>`, `conn:<id>`) and resumed topics are held back until
 * the welcome is queued, so nothing but replays reaches the client before it; `welcome.streams`
 * gives their positions and `welcome.resume` the outcome of each requested stream (session/resume.ts).
 */
export const hello = builtin<HelloParams>(
  ENVELOPES[Method.Hello].params,
  async (core, connection, params, call) => {
    if (connection.phase !== 'handshake') throw new ParleyError(ErrorCode.SessionState, 'The session is already open');
    connection.phase = 'authenticating';
    let identity: Identity;
    try {
      await core.ready;
      identity = await authenticate(core, connection, params?.credentials);
      core.guard.admitUser(connection, identity.userId);
    } catch (error) {
      if (!(error instanceof ParleyError)) core.report(error, { where: 'authenticate', connectionId: connection.connectionId });
      const code = refusalCloseCode(error);
      call.after.push(() => connection.close(code));
      throw error instanceof ParleyError ? error : parleyError(ErrorCode.InternalError);
    }
    const remote = await lookUpSession(core, params?.resume);
    if (connection.phase !== 'authenticating') throw parleyError(ErrorCode.SessionState);
    const own = [ALL_STREAM, userStream(identity.userId)];
    // Held streams, with the position their held deliveries are released after (once known).
    const holds = new Map<string, StreamPosition | undefined>();
    for (const stream of [...own, connectionStream(connection.connectionId)]) {
      connection.hold(stream);
      holds.set(stream, undefined);
    }
    call.after.push(() => {
      for (const [stream, position] of holds) connection.release(stream, position);
    });
    const session = chooseSession(core, connection, identity, params?.resume, remote);
    core.openSession(connection, identity, session.sessionId);
    const resume = params?.resume && (await resumeStreams(core, connection, params.resume, session.resumed, holds, call));
    const { previous } = session;
    if (previous) call.after.push(() => previous.close(CloseCode.PolicyViolation, 'session resumed on another connection'));
    const streams = await Promise.all(own.map(async (stream) => ({ stream, ...(holds.get(stream) ?? (await core.adapter.position(stream))) })));
    for (const { stream, epoch, seq } of streams) holds.set(stream, { epoch, seq });
    const o = core.options;
    const welcome: Welcome = {
      protocol: connection.protocol,
      connectionId: connection.connectionId,
      sessionId: connection.sessionId,
      identity: wire(identity),
      limits: {
        maxMessageBytes: o.maxMessageBytes,
        maxBatchLength: o.maxBatchLength,
        maxDepth: o.maxDepth,
        maxTopics: o.maxTopics,
        maxPendingRequests: o.maxPendingRequests,
        rateLimit: core.guard.advertisedRateLimit,
      },
      heartbeat: { intervalMs: o.heartbeatIntervalMs, timeoutMs: o.heartbeatTimeoutMs },
      serverTime: Date.now(),
      streams,
    };
    if (identity.expiresAt !== undefined) welcome.expiresAt = identity.expiresAt;
    if (resume) welcome.resume = resume;
    return welcome;
  },
  { beforeSession: true, invalidParamsClose: CloseCode.BadRequest },
);

/** `rpc.refresh`: re-authenticate with new credentials; the user may not change (-32003). */
export const refresh = builtin<RefreshParams>(ENVELOPES[Method.Refresh].params, async (core, connection, params) => {
  const previous = connection.identity;
  let identity: Identity;
  try {
    identity = await authenticate(core, connection, params.credentials, previous);
  } catch (error) {
    if (error instanceof ParleyError) throw error;
    core.report(error, { where: 'authenticate', connectionId: connection.connectionId });
    throw parleyError(ErrorCode.InternalError);
  }
  if (identity.userId !== previous.userId) throw new ParleyError(ErrorCode.Forbidden, 'Refresh cannot change the user');
  if (connection.isOpen) connection.identity = identity;
  core.guard.scheduleExpiry(connection);
  const result: RefreshResult = { identity: wire(identity) };
  if (identity.expiresAt !== undefined) result.expiresAt = identity.expiresAt;
  return result;
});
