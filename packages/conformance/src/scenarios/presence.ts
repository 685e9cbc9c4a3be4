/**
 * Scenarios of topics and presence: subscribe, join and leave notices, the presence list.
 *
 * @module
 */
import { Method, topicStream } from '@parley/protocol';
import { isNotification } from '../wire/frames.js';
import type { KitSocket } from '../wire/kit-socket.js';
import type { ScenarioContext } from './context.js';
import type { Scenario } from './scenario.js';

const isPresenceNotice = (frame: unknown): boolean => isNotification(Method.PresenceJoin)(frame) || isNotification(Method.PresenceLeave)(frame);

/** Subscribes and checks the result against the schema and a fresh topic's position. */
async function subscribeFresh(ctx: ScenarioContext, socket: KitSocket, topic: string, presence: boolean): Promise<void> {
  const result = await socket.call(Method.Subscribe, presence ? { topic, presence } : { topic });
  ctx.conforms('subscribe result', Method.Subscribe, result);
  ctx.match('subscribe result', { topic, stream: topicStream(topic), epoch: '$string', seq: '$integer' }, result);
}

/**
 * `scenario/presence-join`: a watcher subscribed with `presence: true` is told when it and
 * another user join; a subscriber without presence gets no notices; a user's second connection
 * causes no second join.
 *
 * @example
 * ```ts
 * await runScenario(url, presenceJoin);
 * ```
 */
export const presenceJoin: Scenario = {
  name: 'presence-join',
  description:
    'A watcher subscribes to a fresh topic with presence: true (result {topic, stream: "topic:" + topic, epoch, seq}) and gets rpc.presence.join for itself; a member subscribes without presence: the watcher gets a join {topic, userId, ts}, the member gets no presence notice; the member\'s second connection subscribing causes no second join.',
  async run(ctx) {
    const topic = ctx.topic('presence-join');
    const watcher = await ctx.connect('watcher');
    await subscribeFresh(ctx, watcher, topic, true);
    await ctx.presenceNotice(watcher, Method.PresenceJoin, topic, ctx.who(watcher).userId);
    const member = await ctx.connect('member');
    await subscribeFresh(ctx, member, topic, false);
    await ctx.presenceNotice(watcher, Method.PresenceJoin, topic, ctx.who(member).userId);
    const memberAgain = await ctx.connect('member');
    await subscribeFresh(ctx, memberAgain, topic, false);
    await ctx.silent(watcher, isPresenceNotice, 'second join for a user already present');
    await ctx.silent(member, isPresenceNotice, 'presence notice to a subscriber without presence: true');
  },
};

/**
 * `scenario/presence-list`: `rpc.presence` lists each present user once, with how many of their
 * connections are subscribed.
 *
 * @example
 * ```ts
 * await runScenario(url, presenceList);
 * ```
 */
export const presenceList: Scenario = {
  name: 'presence-list',
  description:
    'Alice (two connections) and Bob (one) subscribe to a fresh topic: rpc.presence returns {topic, members} with exactly alice (connections 2) and bob (connections 1); after one of Alice\'s connections unsubscribes, alice has connections 1.',
  async run(ctx) {
    const topic = ctx.topic('presence-list');
    const [alice1, alice2, bob] = [await ctx.connect('alice'), await ctx.connect('alice'), await ctx.connect('bob')];
    for (const socket of [alice1, alice2, bob]) await socket.call(Method.Subscribe, { topic });
    const aliceId = ctx.who(alice1).userId;
    const bobId = ctx.who(bob).userId;
    const list = async (label: string, aliceConnections: number): Promise<void> => {
      const result = await alice1.call(Method.Presence, { topic });
      ctx.conforms(label, Method.Presence, result);
      const members = Array.isArray(result['members']) ? [...(result['members'] as Array<{ userId: string }>)] : [];
      members.sort((a, b) => (a.userId < b.userId ? -1 : 1));
      const expected = [
        { userId: aliceId, connections: aliceConnections, $extra: true },
        { userId: bobId, connections: 1, $extra: true },
      ].sort((a, b) => (a.userId < b.userId ? -1 : 1));
      ctx.match(label, { topic, members: expected }, { ...result, members });
    };
    await list('presence list', 2);
    ctx.match('unsubscribe result', { topic, wasSubscribed: true }, await alice2.call(Method.Unsubscribe, { topic }));
    await list('presence list after one unsubscribe', 1);
  },
};

/**
 * `scenario/unsubscribe-leave`: leaving a topic answers `wasSubscribed`, and the watcher is told
 * when a user's last connection leaves, whether by unsubscribing or by disconnecting.
 *
 * @example
 * ```ts
 * await runScenario(url, unsubscribeLeave);
 * ```
 */
export const unsubscribeLeave: Scenario = {
  name: 'unsubscribe-leave',
  description:
    'A watcher (presence: true) sees Bob join; Bob unsubscribes ({topic, wasSubscribed: true}) and the watcher gets rpc.presence.leave; a second unsubscribe answers wasSubscribed: false with no second leave. Carol subscribes on two connections: unsubscribing one causes no leave; closing the other causes a leave.',
  async run(ctx) {
    const topic = ctx.topic('unsubscribe-leave');
    const watcher = await ctx.connect('watcher');
    await watcher.call(Method.Subscribe, { topic, presence: true });
    await ctx.presenceNotice(watcher, Method.PresenceJoin, topic, ctx.who(watcher).userId);
    const bob = await ctx.connect('bob');
    const bobId = ctx.who(bob).userId;
    await bob.call(Method.Subscribe, { topic });
    await ctx.presenceNotice(watcher, Method.PresenceJoin, topic, bobId);
    const left = await bob.call(Method.Unsubscribe, { topic });
    ctx.conforms('unsubscribe result', Method.Unsubscribe, left);
    ctx.match('unsubscribe result', { topic, wasSubscribed: true }, left);
    await ctx.presenceNotice(watcher, Method.PresenceLeave, topic, bobId);
    ctx.match('second unsubscribe result', { topic, wasSubscribed: false }, await bob.call(Method.Unsubscribe, { topic }));
    const [carol1, carol2] = [await ctx.connect('carol'), await ctx.connect('carol')];
    const carolId = ctx.who(carol1).userId;
    await carol1.call(Method.Subscribe, { topic });
    await carol2.call(Method.Subscribe, { topic });
    await ctx.presenceNotice(watcher, Method.PresenceJoin, topic, carolId);
    await carol1.call(Method.Unsubscribe, { topic });
    await ctx.silent(watcher, isPresenceNotice, 'presence notice while another connection of the user is still subscribed');
    await carol2.close();
    await ctx.presenceNotice(watcher, Method.PresenceLeave, topic, carolId);
  },
};
