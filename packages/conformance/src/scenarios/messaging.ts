/**
 * Scenarios of delivery: a topic broadcast, a broadcast to everyone, private messages.
 *
 * @module
 */
import { ALL_STREAM, connectionStream, Method, topicStream, userStream } from '@parley/protocol';
import { isDelivery, type DeliveryView } from '../wire/deliveries.js';
import type { KitSocket } from '../wire/kit-socket.js';
import type { ScenarioContext } from './context.js';
import type { Scenario } from './scenario.js';

const EVENT = 'fixture.note';

/** JSON text with sorted keys, so two deliveries compare by content, not key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Takes the next delivery on `stream` at every socket and checks they are all the same message. */
async function sameDelivery(ctx: ScenarioContext, sockets: readonly KitSocket[], stream: string, label: string): Promise<DeliveryView> {
  const deliveries: DeliveryView[] = [];
  for (const [i, socket] of sockets.entries()) deliveries.push(await ctx.delivery(socket, stream, `${label} to recipient ${i + 1}`));
  const first = deliveries[0] as DeliveryView;
  for (const [i, other] of deliveries.entries()) {
    ctx.check(canonical(other) === canonical(first), `${label}: recipient ${i + 1} got ${canonical(other).slice(0, 200)}, recipient 1 got ${canonical(first).slice(0, 200)}`);
  }
  return first;
}

const publishShape = (stream: string): Record<string, unknown> => ({ stream, epoch: '$string', seq: '$integer' });

/** What a delivery must say of its sender: the user id; the connection id, when it is there, must be the sender's. */
function checkSender(ctx: ScenarioContext, label: string, delivery: DeliveryView, sender: { userId: string; connectionId: string }): void {
  ctx.check(delivery.from === sender.userId, `${label}: from must be the sender's user id ${sender.userId}, got ${JSON.stringify(delivery.from)}`);
  const { fromConnection } = delivery;
  ctx.check(fromConnection === undefined || fromConnection === sender.connectionId, `${label}: fromConnection must be the sender's connection, got ${String(fromConnection)}`);
}

/**
 * `scenario/broadcast-topic`: two broadcasts to a topic reach every subscriber (the sender
 * included) as the same delivery, with consecutive seq, and nobody else.
 *
 * @example
 * ```ts
 * await runScenario(url, broadcastTopic);
 * ```
 */
export const broadcastTopic: Scenario = {
  name: 'broadcast-topic',
  description:
    'Alice, Bob and Carol subscribe to a fresh topic; Dave does not. Alice broadcasts twice: the results are {stream: "topic:" + topic, epoch, seq} with seq 1 then 2; Alice, Bob and Carol each get the same two deliveries (notifications named fixture.note: the first in the full form with the epoch, epoch and seq as in the result, from = Alice\'s userId, the data); Dave gets none.',
  async run(ctx) {
    const topic = ctx.topic('broadcast');
    const stream = topicStream(topic);
    const [alice, bob, carol, dave] = [await ctx.connect('alice'), await ctx.connect('bob'), await ctx.connect('carol'), await ctx.connect('dave')];
    for (const socket of [alice, bob, carol]) await socket.call(Method.Subscribe, { topic });
    const results = [];
    for (const text of ['one', 'two']) {
      const result = await alice.call(Method.Broadcast, { topic, event: EVENT, data: { text } });
      ctx.conforms('broadcast result', Method.Broadcast, result);
      ctx.match('broadcast result', publishShape(stream), result);
      results.push(result);
      const delivery = await sameDelivery(ctx, [alice, bob, carol], stream, `delivery "${text}"`);
      const { epoch, seq } = result;
      ctx.match(`delivery "${text}"`, { event: EVENT, stream, epoch, seq, data: { text }, $extra: true }, delivery);
      checkSender(ctx, `delivery "${text}"`, delivery, ctx.who(alice));
    }
    const [first, second] = results;
    ctx.check(first?.['seq'] === 1, `first broadcast to a fresh topic: expected seq 1, got ${String(first?.['seq'])}`);
    ctx.check(second?.['seq'] === 2 && second['epoch'] === first?.['epoch'], `second broadcast: expected seq 2 in the same epoch, got ${JSON.stringify(second)}`);
    await ctx.silent(dave, isDelivery(), 'delivery to a connection not subscribed to the topic');
  },
};

/**
 * `scenario/broadcast-everyone`: a broadcast without a topic reaches every open session on
 * stream `all`, the sender included, with no `topic` member.
 *
 * @example
 * ```ts
 * await runScenario(url, broadcastEveryone);
 * ```
 */
export const broadcastEveryone: Scenario = {
  name: 'broadcast-everyone',
  description:
    'Alice and Bob are connected (no subscriptions). Alice broadcasts without a topic, twice: the results have stream "all" and consecutive seq; both get the same delivery each time (stream "all", epoch and seq as in the result, from Alice), placed in the epoch their welcome gave for "all".',
  async run(ctx) {
    const [alice, bob] = [await ctx.connect('alice'), await ctx.connect('bob')];
    let previous: number | undefined;
    for (const text of ['hello all', 'hello again']) {
      const result = await alice.call(Method.Broadcast, { event: EVENT, data: { text } });
      ctx.match('broadcast result', publishShape(ALL_STREAM), result);
      const delivery = await sameDelivery(ctx, [alice, bob], ALL_STREAM, `delivery "${text}"`);
      const { epoch, seq } = result;
      ctx.match(`delivery "${text}"`, { event: EVENT, stream: ALL_STREAM, epoch, seq, data: { text }, $extra: true }, delivery);
      checkSender(ctx, `delivery "${text}"`, delivery, ctx.who(alice));
      if (previous !== undefined) ctx.check(seq === previous + 1, `broadcasts to everyone: expected seq ${previous + 1}, got ${String(seq)}`);
      previous = typeof seq === 'number' ? seq : undefined;
    }
  },
};

/**
 * `scenario/private`: a private message to a user reaches every connection of that user (the
 * same message) and nobody else; one to a connection reaches only that connection.
 *
 * @example
 * ```ts
 * await runScenario(url, privateMessages);
 * ```
 */
export const privateMessages: Scenario = {
  name: 'private',
  description:
    'Bob has two connections. Alice sends rpc.private to {userId: bob}: result stream "user:" + Bob\'s id; both of Bob\'s connections get the same delivery (from Alice); Alice gets none. Alice then sends to {connectionId} of Bob\'s second connection: stream "conn:" + that id; only that connection gets it, with fromConnection = Alice\'s connection (so Bob can answer it).',
  async run(ctx) {
    const [alice, bob1, bob2] = [await ctx.connect('alice'), await ctx.connect('bob'), await ctx.connect('bob')];
    const bob = ctx.who(bob1);
    const toUser = await alice.call(Method.Private, { to: { userId: bob.userId }, event: EVENT, data: { text: 'psst' } });
    ctx.conforms('private result', Method.Private, toUser);
    ctx.match('private result', publishShape(userStream(bob.userId)), toUser);
    const delivery = await sameDelivery(ctx, [bob1, bob2], userStream(bob.userId), 'private to user');
    const expected = { event: EVENT, stream: userStream(bob.userId), epoch: toUser['epoch'], seq: toUser['seq'], data: { text: 'psst' }, $extra: true };
    ctx.match('private to user', expected, delivery);
    checkSender(ctx, 'private to user', delivery, ctx.who(alice));
    await ctx.silent(alice, isDelivery(), 'delivery to the sender of a private message to another user');
    const target = ctx.who(bob2).connectionId;
    const toConnection = await alice.call(Method.Private, { to: { connectionId: target }, event: EVENT, data: { text: 'just you' } });
    ctx.match('private-to-connection result', publishShape(connectionStream(target)), toConnection);
    const single = await ctx.delivery(bob2, connectionStream(target), 'private to connection');
    const { userId, connectionId } = ctx.who(alice);
    ctx.match(
      'private to connection',
      { ...expected, stream: connectionStream(target), epoch: toConnection['epoch'], seq: toConnection['seq'], from: userId, fromConnection: connectionId, data: { text: 'just you' } },
      single,
    );
    await ctx.silent(bob1, isDelivery(), "delivery to the user's other connection of a message for one connection");
  },
};
