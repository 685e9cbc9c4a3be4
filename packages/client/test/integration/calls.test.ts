import * as v from 'valibot';
import WebSocket from 'ws';
import { defineContract, ErrorCode, ParleyError } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { client, closeClients } from '../helpers/clients.js';
import { contract, startServer, stopAll } from '../helpers/server.js';
import { pause } from '../helpers/wait.js';

afterEach(async () => {
  await closeClients();
  await stopAll();
});

describe('calls against a real server', () => {
  it('typed calls resolve with the result; errors reject with the server error', async () => {
    const server = await startServer();
    const c = client({ url: server.url, contract });
    await c.connect();
    expect(c.state).toBe('open');
    expect(await c.call('fixture.echo', { value: { a: [1, 'two'] } })).toEqual({ a: [1, 'two'] });
    expect(await c.call('fixture.subtract', [42, 23])).toBe(19);
    expect(await c.call('fixture.subtract', { minuend: 1, subtrahend: 3 })).toBe(-2);
    const failed = c.call('fixture.fail', { code: 4242, message: 'nope', data: { why: 'test' } });
    await expect(failed).rejects.toBeInstanceOf(ParleyError);
    await expect(failed).rejects.toMatchObject({ code: 4242, message: 'nope', data: { why: 'test' } });
    await expect(c.call('fixture.crash')).rejects.toMatchObject({ code: ErrorCode.InternalError, message: 'Internal error' });
    await expect(c.call('fixture.sleep', { ms: -1 })).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    expect(c.errors).toEqual([]);
  });

  it('works with an injected WebSocket implementation', async () => {
    const server = await startServer();
    let constructed = 0;
    class Counting extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        constructed += 1;
      }
    }
    const c = client({ url: server.url, contract, WebSocket: Counting });
    expect(await c.call('fixture.echo', { value: 1 })).toBe(1);
    expect(constructed).toBe(1);
  });

  it('a call waiting for its reply past timeoutMs rejects with Timeout, and its late reply is ignored', async () => {
    const server = await startServer();
    const c = client({ url: server.url, contract });
    await c.connect();
    await expect(c.call('fixture.sleep', { ms: 300 }, { timeoutMs: 50 })).rejects.toMatchObject({
      code: ErrorCode.Timeout,
      data: { method: 'fixture.sleep', timeoutMs: 50 },
    });
    await pause(400); // the late reply arrives and is dropped
    expect(await c.call('fixture.echo', { value: 'still fine' })).toBe('still fine');
    expect(c.errors).toEqual([]);
  });

  it('the default timeout comes from callTimeoutMs', async () => {
    const server = await startServer();
    const c = client({ url: server.url, contract, callTimeoutMs: 40 });
    await expect(c.call('fixture.sleep', { ms: 300 })).rejects.toMatchObject({ code: ErrorCode.Timeout, data: { timeoutMs: 40 } });
  });

  it('aborting rejects with Aborted, before or while the call runs', async () => {
    const server = await startServer();
    const c = client({ url: server.url, contract });
    await c.connect();
    await expect(c.call('fixture.echo', { value: 1 }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: ErrorCode.Aborted });
    const controller = new AbortController();
    const running = c.call('fixture.sleep', { ms: 200 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(running).rejects.toMatchObject({ code: ErrorCode.Aborted });
    expect(await c.call('fixture.echo', { value: 2 })).toBe(2);
  });

  it('results are validated against the client contract', async () => {
    const server = await startServer();
    const strict = defineContract({
      methods: { 'fixture.echo': { params: v.object({ value: v.unknown() }), result: v.pipe(v.string(), v.transform((s) => s.length)) } },
    });
    const c = client({ url: server.url, contract: strict });
    expect(await c.call('fixture.echo', { value: 'four' })).toBe(4); // the schema's output type
    await expect(c.call('fixture.echo', { value: 4 })).rejects.toMatchObject({
      code: ErrorCode.InternalError,
      message: 'Invalid result',
      data: { method: 'fixture.echo' },
    });
    const loose = client({ url: server.url, contract: strict, validateResults: false });
    expect(await loose.call('fixture.echo', { value: 4 })).toBe(4);
  });

  it('params JSON cannot encode reject with InvalidParams; nothing is sent', async () => {
    const server = await startServer();
    const c = client({ url: server.url, contract });
    await c.connect();
    await expect(c.call('fixture.echo', { value: 1n })).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    await expect(c.notify('fixture.echo', { value: 1n })).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
  });
});

describe('local size pre-check', () => {
  it('rejects a frame over the advertised maxMessageBytes with PayloadTooLarge, and sends nothing', async () => {
    const server = await startServer({ maxMessageBytes: 1024 });
    const c = client({ url: server.url, contract });
    await c.connect();
    expect(c.session?.limits.maxMessageBytes).toBe(1024);
    const big = 'x'.repeat(1100);
    await expect(c.call('fixture.echo', { value: big })).rejects.toMatchObject({
      code: ErrorCode.PayloadTooLarge,
      data: { limit: 'maxMessageBytes', max: 1024 },
    });
    await expect(c.broadcast(null, 'fixture.note', { text: big })).rejects.toMatchObject({ code: ErrorCode.PayloadTooLarge });
    await expect(c.notify('fixture.echo', { value: big })).rejects.toMatchObject({ code: ErrorCode.PayloadTooLarge });
    // Had the frame gone out, the server would have closed the connection with 1009.
    expect(await c.call('fixture.echo', { value: 'x'.repeat(900) })).toHaveLength(900);
    expect(c.state).toBe('open');
    expect(c.changes.map((change) => change.state)).toEqual(['connecting', 'open']);
  });

  it('counts UTF-8 bytes, not characters', async () => {
    const server = await startServer({ maxMessageBytes: 1024 });
    const c = client({ url: server.url, contract });
    await c.connect();
    await expect(c.call('fixture.echo', { value: '€'.repeat(340) })).rejects.toMatchObject({ code: ErrorCode.PayloadTooLarge });
    expect(await c.call('fixture.echo', { value: '€'.repeat(300) })).toHaveLength(300);
  });
});
