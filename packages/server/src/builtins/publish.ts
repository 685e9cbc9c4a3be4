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
} from '@parley/protocol';
import { publish } from '../delivery/publish.js';
import { authorizeTopic } from './authorize.js';
import { builtin } from './spec.js';

/** `rpc.broadcast`: to a topic (authorized as `publish`), or to everyone (`authorizeTopic` with `null`). */
export const broadcast = builtin<BroadcastParams>(ENVELOPES[Method.Broadcast].params, async (core, connection, params) => {
  const { topic, event, data } = params;
  await authorizeTopic(core, connection, topic ?? null, 'publish');
  const stream = topic === undefined ? ALL_STREAM : topicStream(topic);
  return publish(core, { stream, from: connection.identity.userId, fromConnection: connection.connectionId, event, data });
});

/** `rpc.private`: to all connections of a user, or to one connection (-32004 if it does not exist). */
export const privateMessage = builtin<PrivateParams>(ENVELOPES[Method.Private].params, async (core, connection, params) => {
  const { to, event, data } = params;
  const from = connection.identity.userId;
  const fromConnection = connection.connectionId;
  if ('userId' in to) return publish(core, { stream: userStream(to.userId), from, fromConnection, event, data });
  if (!(await core.adapter.hasConnection(to.connectionId))) throw parleyError(ErrorCode.NotFound);
  return publish(core, { stream: connectionStream(to.connectionId), from, fromConnection, event, data });
});
