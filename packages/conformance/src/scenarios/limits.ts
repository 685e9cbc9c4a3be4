/**
 * Scenarios of limits, using the values the server advertises in its welcome (the frame vectors
 * assume the defaults; these work with any configured limits).
 *
 * @module
 */
import { Method } from '@parley/protocol';
import { isReply } from '../wire/frames.js';
import type { KitSocket } from '../wire/kit-socket.js';
import type { ScenarioContext } from './context.js';
import type { Scenario } from './scenario.js';

const NOOP = '{"jsonrpc":"2.0","method":"conformance.noop"}';
/** Frames built to test a limit stay below this size; bigger limits are skipped as impractical. */
const MAX_BUILT_FRAME = 16 * 1024 * 1024;

function advertised(ctx: ScenarioContext, socket: KitSocket, name: string): number | undefined {
  const value = (socket.welcome?.['limits'] as Record<string, unknown> | undefined)?.[name];
  if (Number.isSafeInteger(value)) return value as number;
  ctx.check(false, `welcome.limits.${name}: expected an integer, got ${JSON.stringify(value)}`);
  return undefined;
}

const limitError = (limit: string, max: number): unknown => ({
  jsonrpc: '2.0',
  id: null,
  error: { code: -32020, message: '$string', data: { limit, max } },
});

/** The connection still answers: the limit was answered, not punished with a close. */
async function stillOpen(ctx: ScenarioContext, socket: KitSocket, label: string): Promise<void> {
  ctx.match(`${label}: a ping afterwards`, { jsonrpc: '2.0', id: '$string', result: { ts: '$number' } }, await socket.request(Method.Ping));
}

/**
 * `scenario/limit-batch-length`: a batch one item over `maxBatchLength` is answered with one
 * -32020 naming the limit; a batch at the limit is accepted.
 *
 * @example
 * ```ts
 * await runScenario(url, batchLength);
 * ```
 */
export const batchLength: Scenario = {
  name: 'limit-batch-length',
  description:
    'With the welcome\'s maxBatchLength N: a batch of N notifications gets no reply; a batch of N + 1 gets one error {id: null, code -32020, data {limit: "maxBatchLength", max: N}}; the connection stays open.',
  async run(ctx) {
    const socket = await ctx.connect('batcher');
    const max = advertised(ctx, socket, 'maxBatchLength');
    if (max === undefined) return;
    const batch = (n: number): string => `[${Array.from({ length: n }, () => NOOP).join(',')}]`;
    if ((max + 1) * (NOOP.length + 1) > Math.min(MAX_BUILT_FRAME, advertised(ctx, socket, 'maxMessageBytes') ?? 0)) {
      ctx.skip(`a batch of maxBatchLength + 1 (${max + 1}) items would not fit in maxMessageBytes`);
      return;
    }
    socket.send(batch(max));
    await ctx.silent(socket, isReply, 'reply to a batch of notifications at maxBatchLength');
    socket.send(batch(max + 1));
    ctx.match('over-long batch reply', limitError('maxBatchLength', max), await socket.next(isReply, 'reply to an over-long batch'));
    await stillOpen(ctx, socket, 'over-long batch');
  },
};

/**
 * `scenario/limit-depth`: a frame nested one level deeper than `maxDepth` is answered -32020;
 * one at the limit is accepted.
 *
 * @example
 * ```ts
 * await runScenario(url, depth);
 * ```
 */
export const depth: Scenario = {
  name: 'limit-depth',
  description:
    'With the welcome\'s maxDepth D (the frame object is depth 1): a notification nested exactly D deep gets no reply; one nested D + 1 deep gets {id: null, code -32020, data {limit: "maxDepth", max: D}}; the connection stays open.',
  async run(ctx) {
    const socket = await ctx.connect('nester');
    const max = advertised(ctx, socket, 'maxDepth');
    if (max === undefined) return;
    if (max < 3 || max > 100_000) {
      ctx.skip(`maxDepth ${max} is outside what this scenario builds (3 to 100,000)`);
      return;
    }
    // The frame object and its params object are two levels; the arrays make up the rest.
    const nested = (levels: number): string =>
      `{"jsonrpc":"2.0","method":"conformance.noop","params":{"value":${'['.repeat(levels)}0${']'.repeat(levels)}}}`;
    socket.send(nested(max - 2));
    await ctx.silent(socket, isReply, 'reply to a notification nested exactly maxDepth deep');
    socket.send(nested(max - 1));
    ctx.match('too-deep reply', limitError('maxDepth', max), await socket.next(isReply, 'reply to a too-deep frame'));
    await stillOpen(ctx, socket, 'too-deep frame');
  },
};

/**
 * `scenario/limit-message-size`: a frame of exactly `maxMessageBytes` is accepted; one byte
 * more closes the connection with 1009.
 *
 * @example
 * ```ts
 * await runScenario(url, messageSize);
 * ```
 */
export const messageSize: Scenario = {
  name: 'limit-message-size',
  description:
    'With the welcome\'s maxMessageBytes M: a notification of exactly M bytes is accepted (a ping afterwards is answered); on a new connection, a request of M + 1 bytes closes the connection with 1009 (message too big).',
  async run(ctx) {
    const socket = await ctx.connect('sizer');
    const max = advertised(ctx, socket, 'maxMessageBytes');
    if (max === undefined) return;
    if (max > MAX_BUILT_FRAME) {
      ctx.skip(`maxMessageBytes ${max} is larger than this scenario builds (${MAX_BUILT_FRAME})`);
      return;
    }
    const head = '{"jsonrpc":"2.0","method":"conformance.noop","params":{"value":"';
    const tail = '"}}';
    const frame = (bytes: number): string => `${head}${'x'.repeat(Math.max(0, bytes - head.length - tail.length))}${tail}`;
    socket.send(frame(max));
    await stillOpen(ctx, socket, 'frame of exactly maxMessageBytes');
    const other = await ctx.connect('sizer');
    other.send(frame(max + 1));
    const close = await other.waitClosed();
    ctx.check(close?.code === 1009, close ? `oversized frame: expected close 1009, got ${close.code}` : 'oversized frame: expected close 1009, the connection stayed open');
  },
};
