/**
 * `rpc.broadcast` and `rpc.private`: a client publishes a contract event (internal).
 *
 * @module
 */
import {
  ALL_STREAM,
  connectionStream,
  ENVELOPES,
  ErrorCode,
  Method,
  parleyError,
  topicStream,
  userStream,
  type BroadcastParams,
  type PrivateParams,
  type Sender,
} from '@parley/protocol';
import type { Connection } from '../session/connection.js';
import { publish } from '../delivery/publish.js';
import { authorizeTopic } from './authorize.js';
import { builtin } from './spec.js';

const sender = (connection: Connection): Sender => ({ userId: connection.identity.userId, connectionId: connection.connectionId });

/** `rpc.broadcast`: to a topic (authorized as `publish`), or to everyone (`authorizeTopic` with `null`). */
export const broadcast = builtin<BroadcastParams>(ENVELOPES[Method.Broadcast].params, async (core, connection, params) => {
  const { topic, event, data } = params;
  await authorizeTopic(core, connection, topic ?? null, 'publish');
  const from = sender(connection);
  return topic === undefined
    ? publish(core, { stream: ALL_STREAM, from, event, data })
    : publish(core, { stream: topicStream(topic), topic, from, event, data });
});

/** `rpc.private`: to all connections of a user, or to one connection (-32004 if it does not exist). */
export const privateMessage = builtin<PrivateParams>(ENVELOPES[Method.Private].params, async (core, connection, params) => {
  const { to, event, data } = params;
  const from = sender(connection);
  if ('userId' in to) return publish(core, { stream: userStream(to.userId), to, from, event, data });
  if (!(await core.adapter.hasConnection(to.connectionId))) throw parleyError(ErrorCode.NotFound);
  return publish(core, { stream: connectionStream(to.connectionId), to, from, event, data });
});
