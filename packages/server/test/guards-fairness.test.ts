/**
 * Flood fairness over the wire, with the default limits (and the per-IP bucket applied to
 * loopback, so all 21 connections share one IP bucket as clients behind one NAT would): one client
 * floods at about 1,000 requests/s for 2.5 s while 20 well-behaved clients call at 5 requests/s
 * each. The flooder gets -32029 replies; none of the 20 is ever rate-limited and every call of
 * theirs succeeds. Total volume stays bounded (about 2,500 flood frames, 240 calls).
 */
import { ErrorCode } from '@parley/protocol';
import { afterEach, expect, it } from 'vitest';
import { closeAll, startServer } from './helpers/server.js';

afterEach(closeAll);

const FLOOD_MS = 2_500;

it('a 1,000 req/s flooder is throttled while 20 clients at 5 req/s are all served, none rate-limited', async () => {
  // abuse: false keeps the flooder connected for the whole run (the abuse close has its own test).
  const h = await startServer({ rateLimit: { abuse: false }, limitLoopback: true });
  const flooder = await h.connect({ credentials: 'flooder' });
  const clients = await Promise.all(Array.from({ length: 20 }, (_, i) => h.connect({ credentials: `user${i}` })));

  let floodSent = 0;
  const startedAt = Date.now();
  const flood = setInterval(() => {
    for (let i = 0; i < 10; i++) flooder.send({ jsonrpc: '2.0', id: `x${floodSent++}`, method: 'rpc.ping' });
  }, 10);
  const calls: Array<Promise<{ i: number; reply: any }>> = [];
  const paced = clients.map((client, i) =>
    setInterval(() => calls.push(client.request('fixture.echo', { value: i }).then((reply) => ({ i, reply }))), 200),
  );
  await new Promise((resolve) => setTimeout(resolve, FLOOD_MS));
  clearInterval(flood);
  for (const timer of paced) clearInterval(timer);
  const floodSeconds = (Date.now() - startedAt) / 1000;

  // Every well-behaved call succeeded.
  const results = await Promise.all(calls);
  expect(results.length).toBeGreaterThanOrEqual(20);
  expect(results.filter(({ i, reply }) => reply.result !== i)).toEqual([]);

  // The flooder was answered for every request: a few served, the rest refused.
  const isFloodReply = (f: any): boolean => typeof f.id === 'string' && f.id.startsWith('x');
  await expect.poll(() => flooder.received.filter(isFloodReply).length, { timeout: 20_000 }).toBe(floodSent);
  const replies = flooder.received.filter(isFloodReply);
  const served = replies.filter((r) => r.result !== undefined).length;
  const refused = replies.filter((r) => r.error?.code === ErrorCode.RateLimited);
  expect(served + refused.length).toBe(floodSent);
  expect(refused.length).toBeGreaterThan(floodSent / 2);
  expect(refused[0].error.data.scope).toBe('connection');
  // The connection bucket's ceiling: the burst (40, minus the hello) plus 20/s for as long as the flood lasted.
  expect(served).toBeLessThanOrEqual(40 + Math.ceil(20 * (floodSeconds + 1)));
  expect(flooder.ws.readyState).toBe(flooder.ws.OPEN);
});
