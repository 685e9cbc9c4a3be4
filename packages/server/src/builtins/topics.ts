/**
 * `rpc.subscribe`, `rpc.unsubscribe` and `rpc.presence` (internal).
 *
 * @module
 */
import {
  ENVELOPES,
  ErrorCode,
  Method,
  parleyError,
  topicStream,
  type PresenceParams,
  type StreamPosition,
  type PresenceResult,
  type SubscribeParams,
  type SubscribeResult,
  type UnsubscribeParams,
  type UnsubscribeResult,
} from '@parley/protocol';
import { replayBudget, replayFrames } from '../delivery/replay.js';
import { authorizeTopic } from './authorize.js';
import { builtin } from './spec.js';

/**
 * `rpc.subscribe`: authorize, check `maxTopics`, join (presence join if first of the user), then
 * answer with the stream's position. With `since`, the missed messages are queued before the
 * result, or the result says why not (`recovered: false`, `reason`), never a partial replay.
 */
export const subscribe = builtin<SubscribeParams>(ENVELOPES[Method.Subscribe].params, async (core, connection, params, call) => {
  const { topic } = params;
  await authorizeTopic(core, connection, topic, 'subscribe');
  const { maxTopics } = core.options;
  if (!connection.topics.has(topic) && connection.topics.size >= maxTopics) {
    throw parleyError(ErrorCode.LimitExceeded, { limit: 'maxTopics', max: maxTopics });
  }
  const stream = topicStream(topic);
  // Live messages wait until the result is queued; those at or below its position are dropped
  // (they are covered by the position, or were replayed), so the client sees every seq once.
  // An existing subscription keeps flowing (a client drops duplicates by seq).
  let position: StreamPosition | undefined;
  if (!connection.topics.has(topic)) {
    connection.hold(stream);
    call.after.push(() => connection.release(stream, position));
  }
  const entry = core.hub.subscribe(connection, topic, params.presence === true);
  if (entry) await core.adapter.presenceAdd(entry);
  if (!params.since) {
    position = await core.adapter.position(stream);
    return { topic, stream, ...position } satisfies SubscribeResult;
  }
  const read = await core.adapter.read(stream, params.since);
  position = read.position;
  // All of the replay or none of it: one too big for the connection's buffer is window_exceeded.
  const frames = read.ok ? replayFrames(read.messages, { bytes: replayBudget(core) }) : undefined;
  if (!read.ok || !frames) return { topic, stream, ...read.position, recovered: false, reason: read.ok ? 'window_exceeded' : read.reason } satisfies SubscribeResult;
  // Never skipped for a slow consumer: a replay is whole or not at all (the budget keeps it within the buffer).
  for (const frame of frames) connection.sendFrame(frame, false);
  return { topic, stream, ...read.position, recovered: true, replayed: frames.length } satisfies SubscribeResult;
});

/** `rpc.unsubscribe`: leave the topic (presence leave if last of the user). */
export const unsubscribe = builtin<UnsubscribeParams>(ENVELOPES[Method.Unsubscribe].params, async (core, connection, { topic }) => {
  const entry = core.hub.unsubscribe(connection, topic);
  if (entry) await core.adapter.presenceRemove(entry);
  return { topic, wasSubscribed: entry !== undefined } satisfies UnsubscribeResult;
});

/** `rpc.presence`: authorize, then list the topic's members (cluster-wide). */
export const presence = builtin<PresenceParams>(ENVELOPES[Method.Presence].params, async (core, connection, { topic }) => {
  await authorizeTopic(core, connection, topic, 'presence');
  const members = await core.adapter.presenceList(topic);
  return { topic, members: [...members] } satisfies PresenceResult;
});
