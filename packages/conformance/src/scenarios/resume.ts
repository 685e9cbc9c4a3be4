/**
 * Scenarios of resume: at hello with a session the server does not know, and at subscribe with
 * `since`.
 *
 * @module
 */
import { ALL_STREAM, Method, topicStream, userStream } from '@parley/protocol';
import { isDelivery } from '../wire/deliveries.js';
import type { Scenario } from './scenario.js';

/**
 * `scenario/resume-unknown-session`: a hello that asks to resume an unknown session gets a new
 * session and, for every requested stream in order, `recovered: false` with reason
 * `unknown_session` and the stream's current position.
 *
 * @example
 * ```ts
 * await runScenario(url, resumeUnknownSession);
 * ```
 */
export const resumeUnknownSession: Scenario = {
  name: 'resume-unknown-session',
  description:
    "rpc.hello with resume {sessionId: one the server never issued, streams: \"all\", the user's own stream, a fresh topic's stream}: the welcome has a new sessionId and resume = one result per stream, in request order, each {stream, recovered: false, epoch, seq, reason: \"unknown_session\"}.",
  async run(ctx) {
    const unknown = `conformance-unknown-${ctx.runId}`;
    const streams = [ALL_STREAM, userStream(ctx.credentialsOf('resumer')), topicStream(ctx.topic('resume'))];
    const position = { epoch: `conformance-old-epoch-${ctx.runId}`, seq: 5 };
    const socket = await ctx.connect('resumer', { helloParams: { resume: { sessionId: unknown, streams: streams.map((stream) => ({ stream, ...position })) } } });
    const welcome = socket.welcome ?? {};
    ctx.conforms('welcome', Method.Hello, welcome);
    ctx.check(welcome['sessionId'] !== unknown, 'welcome.sessionId: an unknown session must not be resumed (expected a new sessionId)');
    ctx.match(
      'welcome.resume',
      streams.map((stream) => ({ stream, recovered: false, epoch: '$string', seq: '$integer', reason: 'unknown_session' })),
      welcome['resume'],
    );
  },
};

/**
 * `scenario/subscribe-since`: `since` in a stale epoch reports `epoch_changed`; `since` at the
 * start of a fresh topic's epoch replays what was published, before the result (or, for a server
 * that keeps no log, reports `window_exceeded`), and live messages follow.
 *
 * @example
 * ```ts
 * await runScenario(url, subscribeSince);
 * ```
 */
export const subscribeSince: Scenario = {
  name: 'subscribe-since',
  description:
    'On a fresh topic, rpc.subscribe with since {epoch: a stale one, seq: 0} answers recovered: false, reason "epoch_changed", seq 0. On another fresh topic Alice subscribes (epoch E, seq 0) and broadcasts twice; Bob subscribes with since {epoch: E, seq: 0}: both messages arrive before the result (deliveries of epoch E, seq 1 and 2; Bob knows E from his since) and the result says recovered: true, replayed: 2, seq 2 (a server with no log may instead answer recovered: false, reason "window_exceeded", with nothing replayed); a third broadcast reaches Bob live with seq 3.',
  async run(ctx) {
    const stale = ctx.topic('since-stale');
    const bob = await ctx.connect('bob');
    const staleResult = await bob.call(Method.Subscribe, { topic: stale, since: { epoch: `conformance-stale-${ctx.runId}`, seq: 0 } });
    ctx.conforms('stale-epoch subscribe result', Method.Subscribe, staleResult);
    ctx.match('stale-epoch subscribe result', { topic: stale, stream: topicStream(stale), epoch: '$string', seq: 0, recovered: false, reason: 'epoch_changed' }, staleResult);

    const topic = ctx.topic('since-replay');
    const stream = topicStream(topic);
    const alice = await ctx.connect('alice');
    const start = await alice.call(Method.Subscribe, { topic });
    ctx.match('fresh subscribe result', { topic, stream, epoch: '$string', seq: 0 }, start);
    const published = [];
    for (const text of ['missed 1', 'missed 2']) published.push(await alice.call(Method.Broadcast, { topic, event: 'fixture.note', data: { text } }));
    const reply = await bob.request(Method.Subscribe, { topic, since: { epoch: start['epoch'], seq: 0 } });
    const result = (reply['result'] ?? {}) as Record<string, unknown>;
    ctx.conforms('replaying subscribe result', Method.Subscribe, result);
    const before = bob.received.slice(0, bob.received.indexOf(reply)).filter(isDelivery(stream));
    if (result['recovered'] === false && result['reason'] === 'window_exceeded') {
      ctx.check(before.length === 0, `recovered: false must replay nothing, got ${before.length} messages`);
    } else {
      ctx.match('replaying subscribe result', { topic, stream, epoch: start['epoch'], seq: 2, recovered: true, replayed: 2 }, result);
    }
    // Replays come before the result, in the epoch Bob asked for (compact ones are placed by his since).
    const replayed = [];
    for (let i = 0; i < before.length; i++) replayed.push(await ctx.delivery(bob, stream, 'replayed message'));
    if (before.length > 0) {
      ctx.match('replayed messages (before the result)', published.map((p) => ({ stream, epoch: p['epoch'], seq: p['seq'], $extra: true })), replayed);
    }
    const live = await alice.call(Method.Broadcast, { topic, event: 'fixture.note', data: { text: 'live' } });
    ctx.match('live message', { epoch: live['epoch'], seq: 3, data: { text: 'live' }, $extra: true }, await ctx.delivery(bob, stream, 'live message'));
  },
};
