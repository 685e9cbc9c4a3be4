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
import { andThen } from '../util/maybe-promise.js';

/** `rpc.broadcast`: to a topic (authorized as `publish`), or to everyone (`authorizeTopic` with `null`). Synchronous while every step is. */
export const broadcast = builtin<BroadcastParams>(ENVELOPES[Method.Broadcast].params, (core, connection, params) => {
  const { topic, event, data } = params;
  const stream = topic === undefined ? ALL_STREAM : topicStream(topic);
  const request = { stream, from: connection.identity.userId, fromConnection: connection.connectionId, event, data };
  return andThen(authorizeTopic(core, connection, topic ?? null, 'publish'), () => publish(core, request));
});

/** `rpc.private`: to all connections of a user, or to one connection (-32004 if it does not exist). Synchronous while every step is. */
export const privateMessage = builtin<PrivateParams>(ENVELOPES[Method.Private].params, (core, connection, params) => {
  const { to, event, data } = params;
  const from = connection.identity.userId;
  const fromConnection = connection.connectionId;
  if ('userId' in to) return publish(core, { stream: userStream(to.userId), from, fromConnection, event, data });
  return andThen(core.adapter.hasConnection(to.connectionId), (exists) => {
    if (!exists) throw parleyError(ErrorCode.NotFound);
    return publish(core, { stream: connectionStream(to.connectionId), from, fromConnection, event, data });
  });
});
