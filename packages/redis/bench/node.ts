/**
 * One node of the fan-out bench: a Parley server (memory or Redis adapter, from the BENCH_NODE
 * environment variable, JSON) on 127.0.0.1. `bench.burst` publishes `count` notes to the
 * `bench` topic server-side (no client rate limits in the way). Prints `{"port":…}` once
 * listening; exits when stdin closes.
 */
import { defineContract } from '@parley/protocol';
import { createParleyServer, MemoryAdapter } from '@parley/server';
import * as v from 'valibot';
import { createRedisAdapter } from '../src/index.js';

const config = JSON.parse(process.env['BENCH_NODE'] ?? '{}') as { adapter: 'memory' | 'redis'; redisUrl: string; prefix: string };

const contract = defineContract({
  methods: { 'bench.burst': { params: v.object({ count: v.number(), tag: v.string(), payload: v.string() }), result: v.null() } },
  events: { 'bench.note': v.object({ n: v.number(), tag: v.string(), payload: v.string() }) },
});

const parley = createParleyServer({
  contract,
  adapter: config.adapter === 'redis' ? createRedisAdapter({ url: config.redisUrl, prefix: config.prefix }) : new MemoryAdapter(),
  maxBufferedBytes: 64 * 1024 * 1024,
  rateLimit: false,
  authenticate: ({ credentials }) => ({ userId: String((credentials as { userId?: unknown } | undefined)?.userId) }),
});

parley.handle('bench.burst', ({ count, tag, payload }) => {
  void (async () => {
    for (let first = 1; first <= count; first += 100) {
      const window: Promise<unknown>[] = [];
      for (let n = first; n < first + 100 && n <= count; n++) window.push(parley.broadcast('bench', 'bench.note', { n, tag, payload }));
      await Promise.all(window);
    }
  })().catch((error: unknown) => process.stderr.write(`burst failed: ${String(error)}\n`));
  return null;
});

const { port } = await parley.listen(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.stdin.on('end', () => void parley.close().finally(() => process.exit(0)));
process.stdin.resume();
