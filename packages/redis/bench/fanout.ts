/**
 * Fan-out across nodes: N clients subscribed to one topic, spread over 1 or 3 server processes;
 * one burst of B notes published server-side; deliveries/s = N·B / (time from the burst request
 * until the last client has all B). Every client must get every note exactly once, in order.
 *
 * Contenders: 1 node on the memory adapter (the baseline), 1 node on the Redis adapter (the
 * price of Redis), 3 nodes on the Redis adapter (the cluster). The load generator is this one
 * process with raw `ws` clients, so at high fan-out it is part of what is measured.
 *
 *   npm run bench:redis -w @parley/redis -- --clients 300 --messages 200 --rounds 3
 *   npm run bench:redis -w @parley/redis -- --tiny
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { createClient } from 'redis';
import WebSocket from 'ws';

interface Setup {
  readonly name: string;
  readonly nodes: number;
  readonly adapter: 'memory' | 'redis';
}
const SETUPS: readonly Setup[] = [
  { name: '1 node, memory adapter', nodes: 1, adapter: 'memory' },
  { name: '1 node, Redis adapter', nodes: 1, adapter: 'redis' },
  { name: '3 nodes, Redis adapter', nodes: 3, adapter: 'redis' },
];

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const tiny = args.includes('--tiny');
const CLIENTS = option('clients', tiny ? 6 : 300);
const MESSAGES = option('messages', tiny ? 20 : 200);
const ROUNDS = option('rounds', tiny ? 1 : 3);
const PAYLOAD = 'x'.repeat(option('payload', 64));
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const NODE_SCRIPT = process.env['BENCH_NODE_SCRIPT'] ?? '';
const TIMEOUT_MS = 120_000;

interface Node {
  readonly child: ChildProcess;
  readonly url: string;
}

async function startNode(setup: Setup, prefix: string): Promise<Node> {
  const child = spawn(process.execPath, [NODE_SCRIPT], {
    env: { ...process.env, BENCH_NODE: JSON.stringify({ adapter: setup.adapter, redisUrl: REDIS_URL, prefix }) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`node exited with ${code}`)));
  });
  return { child, url: `ws://127.0.0.1:${(JSON.parse(line) as { port: number }).port}/parley` };
}

/** A raw client: hello, subscribe, then counts the burst's notes (checking seq order). */
class Receiver {
  count = 0;
  private lastSeq = -1;
  private tag = '';
  constructor(
    readonly ws: WebSocket,
    private readonly onComplete: () => void,
    private readonly fail: (error: Error) => void,
  ) {}

  expect(tag: string): void {
    this.tag = tag;
    this.count = 0;
  }

  handle(text: string): void {
    if (!text.startsWith('{"jsonrpc":"2.0","method":"bench.note"') || !text.includes(`"tag":"${this.tag}"`)) return;
    // A delivery (protocol 6.1): compact ["topic:bench",seq,...] or, at seq 1, the full form.
    const seq = Number((/"params":\["[^"]*",(\d+)/.exec(text) ?? /"seq":(\d+)/.exec(text))?.[1]);
    if (this.lastSeq >= 0 && seq !== this.lastSeq + 1) this.fail(new Error(`seq ${seq} after ${this.lastSeq}`));
    this.lastSeq = seq;
    if (++this.count === MESSAGES) this.onComplete();
  }
}

function request(ws: WebSocket, id: string, method: string, params: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const text = (data as Buffer).toString();
      if (!text.includes(`"id":"${id}"`)) return;
      ws.off('message', onMessage);
      if (text.includes('"error"')) reject(new Error(text));
      else resolve();
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  });
}

async function connect(url: string, userId: string, receiver: (ws: WebSocket) => Receiver): Promise<Receiver> {
  const ws = new WebSocket(url, ['parley.v1']);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  await request(ws, 'h', 'rpc.hello', { credentials: { userId } });
  const r = receiver(ws);
  ws.on('message', (data) => r.handle((data as Buffer).toString()));
  await request(ws, 's', 'rpc.subscribe', { topic: 'bench' });
  return r;
}

/** One cell: nodes up, clients spread over them, a warm-up burst, a measured burst. */
async function runCell(setup: Setup): Promise<number> {
  const prefix = `parley-bench:${randomBytes(4).toString('hex')}:`;
  const nodes = await Promise.all(Array.from({ length: setup.nodes }, () => startNode(setup, prefix)));
  let complete = 0;
  let failure: Error | undefined;
  const receivers: Receiver[] = [];
  try {
    for (let i = 0; i < CLIENTS; i++) {
      const url = (nodes[i % nodes.length] as Node).url;
      receivers.push(await connect(url, `u${i}`, (ws) => new Receiver(ws, () => complete++, (e) => (failure ??= e))));
    }
    const burst = async (tag: string): Promise<number> => {
      complete = 0;
      for (const r of receivers) r.expect(tag);
      const started = performance.now();
      await request((receivers[0] as Receiver).ws, `b-${tag}`, 'bench.burst', { count: MESSAGES, tag, payload: PAYLOAD });
      const deadline = Date.now() + TIMEOUT_MS;
      while (complete < receivers.length && !failure) {
        if (Date.now() > deadline) throw new Error(`${receivers.length - complete} clients short after ${TIMEOUT_MS} ms`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (failure) throw failure;
      return performance.now() - started;
    };
    await burst('warmup');
    const ms = await burst('measured');
    return (CLIENTS * MESSAGES * 1000) / ms;
  } finally {
    for (const r of receivers) r.ws.terminate();
    for (const node of nodes) node.child.stdin?.end();
    await Promise.all(nodes.map((node) => new Promise((resolve) => (node.child.exitCode === null ? node.child.once('exit', resolve) : resolve(null)))));
    if (setup.adapter === 'redis') await deleteKeys(prefix);
  }
}

async function deleteKeys(prefix: string): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) if (keys.length > 0) await client.unlink(keys);
  await client.close();
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const results = new Map<string, number[]>(SETUPS.map((s) => [s.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < SETUPS.length; i++) {
    const setup = SETUPS[(i + round) % SETUPS.length] as Setup;
    const rate = await runCell(setup);
    results.get(setup.name)?.push(rate);
    console.error(`round ${round + 1}: ${setup.name}: ${Math.round(rate)} deliveries/s`);
  }
}
const baseline = median(results.get(SETUPS[0]?.name ?? '') ?? []);
console.log(`\nFan-out: ${CLIENTS} clients on topic "bench", ${MESSAGES} notes per burst (${PAYLOAD.length}-byte payload), ${ROUNDS} round(s)\n`);
console.log('| setup | deliveries/s (median [min–max]) | vs 1 node, memory |');
console.log('|---|---|---|');
for (const [name, rates] of results) {
  const m = median(rates);
  console.log(`| ${name} | ${Math.round(m)} [${Math.round(Math.min(...rates))}–${Math.round(Math.max(...rates))}] | ${(m / baseline).toFixed(2)}× |`);
}
