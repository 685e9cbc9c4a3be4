/**
 * Metrics scraped from a real prom-client Registry after real traffic: connections open and
 * closed by code, sessions, messages and bytes in and out, errors by code, rate-limit and size
 * rejections, refused upgrades, handler latency by method and send-buffer samples.
 */
import * as promClient from 'prom-client';
import { CloseCode, ErrorCode } from '@parley/protocol';
import { afterEach, expect, it } from 'vitest';
import { closeAll, startServer } from './helpers/server.js';
import { httpUpgrade } from './helpers/upgrade.js';

afterEach(closeAll);

type Series = { labels: Record<string, string | number>; value: number; metricName?: string };

async function scrape(registry: promClient.Registry): Promise<Map<string, Series[]>> {
  const metrics = await registry.getMetricsAsJSON();
  return new Map(metrics.map((m) => [m.name, m.values as Series[]]));
}

/** The value of one series (`labels` must match exactly those given); 0 when absent. */
function valueOf(all: Map<string, Series[]>, name: string, labels: Record<string, string> = {}): number {
  const series = all.get(name) ?? [];
  const hit = series.find(
    (s) => (s.metricName === undefined || s.metricName === name) && Object.entries(labels).every(([k, v]) => String(s.labels[k]) === v),
  );
  return hit?.value ?? 0;
}

it('exposes every series with plausible values after traffic', async () => {
  const registry = new promClient.Registry();
  const h = await startServer({
    metrics: { client: promClient, registry },
    maxMessageBytes: 1024,
    origins: { allowed: ['https://app.example'] },
    rateLimit: { methods: { 'fixture.subtract': { messagesPerSecond: 1, burst: 1 } } },
  });
  const [a, b, c] = await Promise.all([h.connect(), h.connect(), h.connect()]);
  for (let i = 0; i < 3; i++) expect(await a.call('fixture.echo', { value: i })).toBe(i);
  expect(await b.call('fixture.sleep', { ms: 5 })).toEqual({ slept: 5 });
  expect((await b.request('no.such.method', {})).error.code).toBe(ErrorCode.MethodNotFound);
  expect(await b.call('fixture.subtract', [2, 1])).toBe(1);
  expect((await b.request('fixture.subtract', [2, 1])).error.code).toBe(ErrorCode.RateLimited);
  await a.call('rpc.subscribe', { topic: 'room' });
  await h.parley.broadcast(null, 'fixture.note', { text: 'to all' });
  await Promise.all([a, b, c].map((x) => x.nextDelivery('fixture.note')));
  expect((await httpUpgrade(h.port, '/parley', { Origin: 'https://evil.example' })).status).toBe(403);
  c.send({ jsonrpc: '2.0', id: 1, method: 'fixture.echo', params: { value: 'x'.repeat(2000) } }); // > maxMessageBytes
  expect((await c.closed).code).toBe(CloseCode.MessageTooBig);
  b.ws.close(1000);
  expect((await b.closed).code).toBe(1000);

  // The server sees the closes and reports the send tally at the end of a turn: poll.
  await expect.poll(async () => valueOf(await scrape(registry), 'parley_connections_open')).toBe(1);
  const all = await scrape(registry);
  expect(valueOf(all, 'parley_connections_opened_total')).toBe(3);
  expect(valueOf(all, 'parley_sessions_opened_total')).toBe(3);
  expect(valueOf(all, 'parley_connections_closed_total', { code: '1000' })).toBe(1);
  expect(valueOf(all, 'parley_connections_closed_total', { code: '1009' }) + valueOf(all, 'parley_connections_closed_total', { code: '1006' })).toBe(1);
  expect(valueOf(all, 'parley_size_rejections_total', { limit: 'maxMessageBytes' })).toBe(1);
  // 3 hellos + 3 echo + sleep + unknown + 2 subtract + subscribe = 11 messages received at least.
  expect(valueOf(all, 'parley_messages_received_total')).toBeGreaterThanOrEqual(11);
  expect(valueOf(all, 'parley_bytes_received_total')).toBeGreaterThan(11 * 30);
  // 11 replies + 3 deliveries sent at least.
  expect(valueOf(all, 'parley_messages_sent_total')).toBeGreaterThanOrEqual(14);
  expect(valueOf(all, 'parley_bytes_sent_total')).toBeGreaterThan(14 * 30);
  expect(valueOf(all, 'parley_errors_total', { code: String(ErrorCode.MethodNotFound) })).toBe(1);
  expect(valueOf(all, 'parley_errors_total', { code: String(ErrorCode.RateLimited) })).toBe(1);
  expect(valueOf(all, 'parley_rate_limited_total', { scope: 'method' })).toBe(1);
  expect(valueOf(all, 'parley_upgrades_rejected_total', { reason: 'origin' })).toBe(1);
  const latency = all.get('parley_handler_duration_seconds') ?? [];
  const count = (method: string): number =>
    latency.find((s) => s.metricName === 'parley_handler_duration_seconds_count' && s.labels['method'] === method)?.value ?? 0;
  expect(count('fixture.echo')).toBe(3);
  expect(count('fixture.sleep')).toBe(1);
  expect(count('fixture.subtract')).toBe(1); // the refused call never ran
  const sum = latency.find((s) => s.metricName === 'parley_handler_duration_seconds_sum' && s.labels['method'] === 'fixture.sleep');
  expect(sum?.value).toBeGreaterThan(0);
  const buffer = all.get('parley_send_buffer_bytes') ?? [];
  expect(buffer.find((s) => s.metricName === 'parley_send_buffer_bytes_count')?.value).toBeGreaterThan(0);
  // The text exposition has them too.
  const text = await registry.metrics();
  expect(text).toContain('parley_connections_closed_total{code="1000"} 1');
});

it('without metrics the server records nothing and needs no prom-client', async () => {
  const registry = new promClient.Registry();
  const h = await startServer();
  const client = await h.connect();
  await client.call('rpc.ping');
  expect(await registry.getMetricsAsJSON()).toEqual([]);
});
