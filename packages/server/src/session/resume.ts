/**
 * Resume at hello (protocol 7.1, 7.2): for each stream a resuming client asks about, either every
 * missed message, queued before the welcome, or an explicit reason with the current position:
 * never part of them. Authorization runs again for every topic, and resumed topics are
 * subscribed again.
 *
 * @module
 */
import {
  CloseCode,
  ErrorCode,
  ParleyError,
  parleyError,
  parseStream,
  TopicSchema,
  validate,
  type AnyContract,
  type ResumeFailureReason,
  type ResumeResult,
  type StreamPosition,
} from '@parley/protocol';
import type { StreamMessage } from '../delivery/adapter.js';
import { authorizeTopic } from '../builtins/authorize.js';
import type { BuiltinCall } from '../builtins/spec.js';
import type { Connection } from './connection.js';
import type { ServerCore } from '../core.js';
import { replayBudget, replayFrames } from '../delivery/replay.js';
import type { ResumeRequest } from './session-choice.js';

type Core = ServerCore<AnyContract>;

/** What the log says about one stream: its missed messages, or why not. */
type Outcome =
  | { readonly ok: true; readonly messages: readonly StreamMessage[]; readonly position: StreamPosition }
  | { readonly ok: false; readonly reason: ResumeFailureReason; readonly position: StreamPosition };

/** What to do with one requested stream. */
type Plan =
  | { readonly stream: string; readonly refused: 'unknown_stream' }
  | { readonly stream: string; readonly since: StreamPosition; readonly topic: string | undefined };

function plan(connection: Connection, stream: string, since: StreamPosition, seen: Set<string>): Plan {
  if (seen.has(stream)) return { stream, refused: 'unknown_stream' };
  seen.add(stream);
  const parsed = parseStream(stream);
  if (parsed?.kind === 'all') return { stream, since, topic: undefined };
  if (parsed?.kind === 'user' && parsed.userId === connection.identity.userId) return { stream, since, topic: undefined };
  if (parsed?.kind === 'topic' && validate(TopicSchema, parsed.topic).success) return { stream, since, topic: parsed.topic };
  return { stream, refused: 'unknown_stream' };
}

async function mayRead(core: Core, connection: Connection, topic: string): Promise<boolean> {
  try {
    await authorizeTopic(core, connection, topic, 'subscribe');
    return true;
  } catch (error) {
    if (!(error instanceof ParleyError)) core.report(error, { where: 'authorizeTopic', connectionId: connection.connectionId });
    return false;
  }
}

/** Reported where no position may be shown (a stream this session cannot read). */
const NOWHERE: StreamPosition = { epoch: '0', seq: 0 };

/**
 * Answers a hello's resume request, for a connection whose session is open: subscribes the
 * allowed topics (held back, like the session's own streams), queues the replays of the
 * recovered streams in request order, and records in `holds` the position each held stream is
 * released from. On an adapter failure the hello fails (-32603) and the connection closes 1011.
 *
 * @example
 * ```ts
 * const resume = await resumeStreams(core, connection, params.resume, choice.resumed, holds, call);
 * ```
 */
export async function resumeStreams(
  core: Core,
  connection: Connection,
  request: ResumeRequest,
  resumed: boolean,
  holds: Map<string, StreamPosition | undefined>,
  call: BuiltinCall,
): Promise<ResumeResult[]> {
  try {
    return await resumeAll(core, connection, request, resumed, holds);
  } catch (error) {
    if (error instanceof ParleyError && error.code === ErrorCode.SessionState) throw error;
    core.report(error, { where: 'adapter', connectionId: connection.connectionId }, 'resume failed');
    call.after.push(() => connection.close(CloseCode.InternalError));
    throw parleyError(ErrorCode.InternalError);
  }
}

async function resumeAll(
  core: Core,
  connection: Connection,
  request: ResumeRequest,
  resumed: boolean,
  holds: Map<string, StreamPosition | undefined>,
): Promise<ResumeResult[]> {
  const seen = new Set<string>();
  const plans = request.streams.map(({ stream, epoch, seq }) => plan(connection, stream, { epoch, seq }, seen));
  const allowed = await Promise.all(plans.map(async (p) => ('topic' in p && p.topic !== undefined ? mayRead(core, connection, p.topic) : true)));
  if (!connection.isOpen) throw parleyError(ErrorCode.SessionState);
  const { maxTopics } = core.options;
  const presence = [];
  for (const [i, p] of plans.entries()) {
    if (!('topic' in p) || p.topic === undefined || !allowed[i]) continue;
    if (connection.topics.size >= maxTopics) {
      allowed[i] = false;
      continue;
    }
    connection.hold(p.stream);
    holds.set(p.stream, undefined);
    const entry = core.hub.subscribe(connection, p.topic, false);
    if (entry) presence.push(entry);
  }
  await Promise.all(presence.map(async (entry) => core.adapter.presenceAdd(entry)));
  const reads = await Promise.all(
    plans.map(async (p, i): Promise<Outcome | undefined> => {
      if ('refused' in p || !allowed[i]) return undefined;
      if (resumed) return core.adapter.read(p.stream, p.since);
      return { ok: false, reason: 'unknown_session', position: await core.adapter.position(p.stream) };
    }),
  );
  if (!connection.isOpen) throw parleyError(ErrorCode.SessionState);
  const budget = { bytes: replayBudget(core) };
  return plans.map((p, i): ResumeResult => {
    const { stream } = p;
    const read = reads[i];
    if (!read) return { stream, recovered: false, ...NOWHERE, reason: 'refused' in p ? p.refused : 'forbidden' };
    const position = { epoch: read.position.epoch, seq: read.position.seq };
    holds.set(stream, position);
    const frames = read.ok ? replayFrames(read.messages, budget) : undefined;
    if (!read.ok || !frames) return { stream, recovered: false, ...position, reason: read.ok ? 'window_exceeded' : read.reason };
    for (const frame of frames) connection.sendFrame(frame, false); // whole or not at all, never skipped
    return { stream, recovered: true, ...position, replayed: frames.length };
  });
}
