import * as promClient from 'prom-client';
import { describe, expect, it } from 'vitest';

import { NOOP_METRICS, createMetrics } from '../../src/guards/metrics.js';

describe('createMetrics with a real prom-client Registry', () => {
  it('exposes every series after use', async () => {
    const registry = new promClient.Registry();
    const metrics = createMetrics({ client: promClient, registry });
    expect(metrics.enabled).toBe(true);

    metrics.connectionOpened();
    metrics.connectionOpened();
    metrics.connectionClosed(1000);
    metrics.sessionOpened();
    metrics.messagesReceived(3, 300);
    metrics.messagesSent(20, 2000); // one broadcast to 20 recipients: one call
    metrics.error(-32029);
    metrics.rateLimited('connection');
    metrics.sizeRejected('maxMessageBytes');
    metrics.upgradeRejected('origin');
    metrics.observeHandler('chat.send', 0.004);
    metrics.observeSendBuffer(70_000);

    const text = await registry.metrics();
    expect(text).toContain('parley_connections_open 1');
    expect(text).toContain('parley_connections_opened_total 2');
    expect(text).toContain('parley_connections_closed_total{code="1000"} 1');
    expect(text).toContain('parley_sessions_opened_total 1');
    expect(text).toContain('parley_messages_received_total 3');
    expect(text).toContain('parley_bytes_received_total 300');
    expect(text).toContain('parley_messages_sent_total 20');
    expect(text).toContain('parley_bytes_sent_total 2000');
    expect(text).toContain('parley_errors_total{code="-32029"} 1');
    expect(text).toContain('parley_rate_limited_total{scope="connection"} 1');
    expect(text).toContain('parley_size_rejections_total{limit="maxMessageBytes"} 1');
    expect(text).toContain('parley_upgrades_rejected_total{reason="origin"} 1');
    expect(text).toContain('parley_handler_duration_seconds_bucket{le="0.005",method="chat.send"} 1');
    expect(text).toContain('parley_handler_duration_seconds_count{method="chat.send"} 1');
    expect(text).toContain('parley_send_buffer_bytes_bucket{le="65536"} 0');
    expect(text).toContain('parley_send_buffer_bytes_bucket{le="262144"} 1');
    expect(text).toContain('# TYPE parley_connections_open gauge');
    expect(text).toContain('# TYPE parley_handler_duration_seconds histogram');
  });

  it('honours the prefix and reuses metrics when a second server shares the registry', async () => {
    const registry = new promClient.Registry();
    const a = createMetrics({ client: promClient, registry, prefix: 'chat_' });
    const b = createMetrics({ client: promClient, registry, prefix: 'chat_' });
    a.connectionOpened();
    b.connectionOpened();
    const text = await registry.metrics();
    expect(text).toContain('chat_connections_open 2');
    expect(text).not.toContain('parley_');
  });

  it('caps label values so clients cannot grow the registry', async () => {
    const registry = new promClient.Registry();
    const metrics = createMetrics({ client: promClient, registry, maxLabelValues: 3 });
    for (let code = 4000; code < 4100; code++) metrics.connectionClosed(code);
    const text = await registry.metrics();
    const series = text.split('\n').filter((line) => line.startsWith('parley_connections_closed_total{'));
    expect(series).toHaveLength(4);
    expect(text).toContain('parley_connections_closed_total{code="__other__"} 97');
  });

  it('never throws on nonsense values', async () => {
    const registry = new promClient.Registry();
    const metrics = createMetrics({ client: promClient, registry });
    expect(() => {
      metrics.messagesReceived(-1, Number.NaN);
      metrics.observeHandler('m', -5);
      metrics.observeSendBuffer(Number.POSITIVE_INFINITY);
    }).not.toThrow();
    expect(await registry.metrics()).toContain('parley_messages_received_total 0');
  });

  it('registers in the global registry when none is given', async () => {
    const metrics = createMetrics({ client: promClient, prefix: 'parley_global_test_' });
    metrics.sessionOpened();
    expect(await promClient.register.metrics()).toContain('parley_global_test_sessions_opened_total 1');
    promClient.register.clear();
  });

  it('is a no-op without a client', () => {
    expect(createMetrics()).toBe(NOOP_METRICS);
    expect(NOOP_METRICS.enabled).toBe(false);
    expect(() => NOOP_METRICS.connectionClosed(1000)).not.toThrow();
  });
});
