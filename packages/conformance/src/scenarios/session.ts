/**
 * Scenarios of the session: the welcome's fields, refresh, and ping.
 *
 * @module
 */
import { ALL_STREAM, Method, userStream } from '@parley/protocol';
import { isReply } from '../wire/frames.js';
import type { Scenario } from './scenario.js';

const WELCOME_SHAPE = {
  protocol: 'parley.v1',
  connectionId: '$string',
  sessionId: '$string',
  identity: { userId: '$string', $extra: true },
  limits: {
    maxMessageBytes: '$integer',
    maxBatchLength: '$integer',
    maxDepth: '$integer',
    maxTopics: '$integer',
    maxPendingRequests: '$integer',
    rateLimit: '$any',
  },
  heartbeat: { intervalMs: '$number', timeoutMs: '$number' },
  serverTime: '$number',
  $extra: true,
};

/**
 * `scenario/hello-welcome`: the welcome of two users has every required field with the right
 * types, the identity the credentials name, distinct connection and session ids, no `resume`
 * (none was asked), and `streams` with the positions of `all` and the user's stream (their epochs);
 * the upgrade selected `parley.v1`; `rpc.refresh` with the same credentials keeps the user.
 *
 * @example
 * ```ts
 * await runScenario(url, helloWelcome);
 * ```
 */
export const helloWelcome: Scenario = {
  name: 'hello-welcome',
  description:
    "Two users say hello: each welcome passes the Welcome schema, has protocol \"parley.v1\", identity.userId = the credentials, the limits, heartbeat and serverTime, no \"resume\", and \"streams\" with entries for \"all\" and the user's own stream (the epochs compact deliveries on them belong to); connection and session ids differ; the subprotocol is parley.v1; rpc.refresh with the same credentials returns the same user.",
  async run(ctx) {
    const alice = await ctx.connect('alice');
    const bob = await ctx.connect('bob');
    for (const [label, socket, name] of [['alice', alice, 'alice'], ['bob', bob, 'bob']] as const) {
      const welcome = socket.welcome ?? {};
      ctx.conforms(`${label} welcome`, Method.Hello, welcome);
      ctx.match(`${label} welcome`, { ...WELCOME_SHAPE, identity: { userId: ctx.credentialsOf(name), $extra: true } }, welcome);
      ctx.check(!('resume' in welcome), `${label} welcome: "resume" must be absent when the hello did not ask to resume`);
      ctx.check(socket.ws.protocol === 'parley.v1', `${label}: selected subprotocol "${socket.ws.protocol}", expected "parley.v1"`);
      const streams = welcome['streams'];
      const names = Array.isArray(streams) ? streams.map((s) => (s as { stream?: unknown }).stream) : [];
      for (const stream of [ALL_STREAM, userStream(ctx.who(socket).userId)]) {
        ctx.check(names.includes(stream), `${label} welcome.streams: expected an entry for "${stream}", got ${JSON.stringify(streams)}`);
      }
    }
    ctx.check(ctx.who(alice).connectionId !== ctx.who(bob).connectionId, 'two connections got the same connectionId');
    ctx.check(alice.welcome?.['sessionId'] !== bob.welcome?.['sessionId'], 'two sessions got the same sessionId');
    const refresh = await alice.request(Method.Refresh, { credentials: ctx.credentialsOf('alice') });
    ctx.match('rpc.refresh reply', { jsonrpc: '2.0', id: '$string', result: { identity: { userId: ctx.credentialsOf('alice'), $extra: true }, $extra: true } }, refresh);
  },
};

/**
 * `scenario/ping`: `rpc.ping` as a request is answered `{ ts }`; as a notification it gets no
 * reply and the connection stays open.
 *
 * @example
 * ```ts
 * await runScenario(url, ping);
 * ```
 */
export const ping: Scenario = {
  name: 'ping',
  description: 'rpc.ping as a request returns {ts} (a number); as a notification it gets no reply, and a following request is still answered.',
  async run(ctx) {
    const socket = await ctx.connect('pinger');
    const first = await socket.request(Method.Ping);
    ctx.match('ping reply', { jsonrpc: '2.0', id: '$string', result: { ts: '$number' } }, first);
    ctx.conforms('ping result', Method.Ping, first['result']);
    socket.notify(Method.Ping);
    await ctx.silent(socket, isReply, 'reply to an rpc.ping notification');
    ctx.match('second ping reply', { jsonrpc: '2.0', id: '$string', result: { ts: '$number' } }, await socket.request(Method.Ping));
  },
};
