/**
 * Scenarios of JSON-RPC batches on an open session.
 *
 * @module
 */
import { Method, topicStream } from '@parley/protocol';
import { isReply } from '../wire/frames.js';
import type { Scenario } from './scenario.js';

/**
 * `scenario/batch-mixed`: a batch of built-ins, application calls, a notification and an invalid
 * item is answered with one array, in request order, without the notification; a delivery the
 * batch causes comes as its own notification, never inside the array.
 *
 * @example
 * ```ts
 * await runScenario(url, batchMixed);
 * ```
 */
export const batchMixed: Scenario = {
  name: 'batch-mixed',
  description:
    'On a connection subscribed to a fresh topic, one batch: rpc.ping, an rpc.ping notification, rpc.broadcast to the topic, an invalid item {"foo":"boo"}, fixture.subtract [10, 3], an unknown method. The reply is one array, in order: {ts}, the publish result, -32600 with id null, 7, -32601 (nothing for the notification); the broadcast\'s own delivery arrives separately.',
  async run(ctx) {
    const topic = ctx.topic('batch');
    const socket = await ctx.connect('batcher');
    await socket.call(Method.Subscribe, { topic });
    const batch = [
      { jsonrpc: '2.0', id: 'm1', method: Method.Ping },
      { jsonrpc: '2.0', method: Method.Ping },
      { jsonrpc: '2.0', id: 'm2', method: Method.Broadcast, params: { topic, event: 'fixture.note', data: { text: 'batched' } } },
      { foo: 'boo' },
      { jsonrpc: '2.0', id: 'm3', method: 'fixture.subtract', params: [10, 3] },
      { jsonrpc: '2.0', id: 'm4', method: 'conformance.unknown' },
    ];
    socket.send(batch);
    const reply = await socket.next(isReply, 'batch reply');
    ctx.match('batch reply', [
      { jsonrpc: '2.0', id: 'm1', result: { ts: '$number' } },
      { jsonrpc: '2.0', id: 'm2', result: { stream: topicStream(topic), epoch: '$string', seq: 1 } },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request', $extra: true } },
      { jsonrpc: '2.0', id: 'm3', result: 7 },
      { jsonrpc: '2.0', id: 'm4', error: { code: -32601, message: '$string', $extra: true } },
    ], reply);
    const delivery = await ctx.delivery(socket, topicStream(topic), 'the batched broadcast');
    ctx.match('the batched broadcast', { seq: 1, event: 'fixture.note', data: { text: 'batched' }, $extra: true }, delivery);
    await ctx.silent(socket, isReply, 'second reply to one batch');
  },
};

/**
 * `scenario/batch-notifications`: a batch of notifications only gets no reply at all, and the
 * connection keeps answering.
 *
 * @example
 * ```ts
 * await runScenario(url, batchNotifications);
 * ```
 */
export const batchNotifications: Scenario = {
  name: 'batch-notifications',
  description:
    'A batch of three notifications (rpc.ping, fixture.echo, an unknown method) gets no reply at all (not even an empty array); a request afterwards is answered.',
  async run(ctx) {
    const socket = await ctx.connect('notifier');
    socket.send([
      { jsonrpc: '2.0', method: Method.Ping },
      { jsonrpc: '2.0', method: 'fixture.echo', params: { value: 1 } },
      { jsonrpc: '2.0', method: 'conformance.unknown' },
    ]);
    await ctx.silent(socket, isReply, 'reply to a batch of notifications');
    ctx.match('a ping afterwards', { jsonrpc: '2.0', id: '$string', result: { ts: '$number' } }, await socket.request(Method.Ping));
  },
};
