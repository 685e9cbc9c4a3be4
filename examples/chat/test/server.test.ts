/**
 * The chat server in-process, over real HTTP and WebSocket on loopback: its routes, the origin
 * allowlist, token authentication, and the rule that only the server publishes chat messages
 * (with the sender it authenticated).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, type ParleyClient } from '@parley/client';
import { MemoryAdapter } from '@parley/server';
import type { ChatContract } from '../src/shared/contract.js';
import { startChat, type ChatApp } from '../src/server/app.js';
import { signToken } from '../src/server/token.js';
import { chatClient, login as loginAt } from './helpers/node-client.js';

const secret = randomBytes(32);
let app: ChatApp;
let webRoot: string;
const clients: ParleyClient<ChatContract>[] = [];

/** The server's base URL, on the loopback address it listens on. */
const base = (): string => `http://127.0.0.1:${app.port}/`;

async function login(name: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return loginAt(base(), name);
}

function connect(token: string, origin = `http://localhost:${app.port}`): ParleyClient<ChatContract> {
  const client = chatClient(app.port, token, origin);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  webRoot = await mkdtemp(join(tmpdir(), 'parley-chat-web-'));
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>chat</title>');
  await writeFile(join(webRoot, 'app.js'), 'console.log("chat")');
  await writeFile(join(webRoot, 'style.css'), 'body{}');
  app = await startChat({ port: 0, host: '127.0.0.1', secret, webRoot, adapter: new MemoryAdapter(), drainTimeoutMs: 2000 });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await app?.close();
  await rm(webRoot, { recursive: true, force: true });
});

describe('the chat server over HTTP', () => {
  it('serves the page with a strict content security policy', async () => {
    const response = await fetch(base());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('<title>chat</title>');
    expect((await fetch(`${base()}style.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${base()}../../etc/passwd`)).status).toBe(404);
    expect((await fetch(`${base()}nope.js`)).status).toBe(404);
    expect((await fetch(base(), { method: 'DELETE' })).status).toBe(405);
  });

  it('issues a token for a valid name only', async () => {
    const ok = await login('alice');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ userId: 'alice', token: expect.any(String), expiresAt: expect.any(Number) });

    expect((await login('not a name!')).status).toBe(400);
    expect((await login('')).status).toBe(400);
    const post = (body: string, type = 'application/json'): Promise<Response> =>
      fetch(`${base()}login`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post('{"name":')).status).toBe(400);
    expect((await post('null')).status).toBe(400);
    expect((await post('name=alice', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post(JSON.stringify({ name: 'a', pad: 'x'.repeat(2000) }))).status).toBe(413);
    expect((await fetch(`${base()}login`)).status).toBe(405);
  });

  it('exposes Parley, process and chat metrics at /metrics, and health at /healthz', async () => {
    const text = await (await fetch(`${base()}metrics`)).text();
    expect(text).toMatch(/^parley_connections_open \d+$/m);
    expect(text).toMatch(/^chat_logins_total [1-9]\d*$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(await (await fetch(`${base()}healthz`)).text()).toBe('ok\n');
  });
});

describe('the chat server over WebSocket', () => {
  it('refuses upgrades from other origins, and without an Origin', async () => {
    const token = (await login('eve')).body['token'] as string;
    for (const origin of ['http://evil.example', `http://localhost:${app.port + 1}`]) {
      const client = connect(token, origin);
      await expect(client.connect()).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    }
    const bare = new WebSocket(`ws://127.0.0.1:${app.port}/parley`, ['parley.v1']);
    const status = await new Promise<number | undefined>((resolve) => {
      bare.on('unexpected-response', (_request, response) => resolve(response.statusCode));
      bare.on('error', () => resolve(undefined));
    });
    expect(status).toBe(403);
  });

  it('signs in with a token it signed, and refuses others as unauthorized', async () => {
    const alice = connect((await login('alice')).body['token'] as string);
    await alice.connect();
    expect(alice.session?.identity.userId).toBe('alice');

    const forged = connect(signToken(randomBytes(32), { sub: 'alice', exp: Date.now() + 60_000 }));
    await expect(forged.connect()).rejects.toMatchObject({ code: ErrorCode.Unauthorized });
    const expired = connect(signToken(secret, { sub: 'alice', exp: Date.now() - 1 }));
    await expect(expired.connect()).rejects.toMatchObject({ code: ErrorCode.Unauthorized });
  });

  it('posts to rooms with the authenticated sender, and keeps them in the history', async () => {
    const alice = connect((await login('alice')).body['token'] as string);
    const bob = connect((await login('bob')).body['token'] as string);
    await bob.subscribe('room:lobby');
    const received = new Promise<unknown>((resolve) => bob.on('chat.message', (message, meta) => resolve({ message, from: meta.from })));

    const posted = await alice.call('chat.send', { room: 'lobby', text: '  hello  ' });
    expect(posted).toMatchObject({ from: 'alice', text: 'hello' });
    expect(await received).toEqual({ message: { room: 'lobby', text: 'hello', from: 'alice' }, from: null });

    const { messages } = await bob.call('chat.history', { room: 'lobby' });
    expect(messages.at(-1)).toMatchObject({ id: posted.id, from: 'alice', text: 'hello' });
  });

  it('does not let a client publish chat messages itself (the sender could be forged)', async () => {
    const mallory = connect((await login('mallory')).body['token'] as string);
    await expect(mallory.broadcast('room:lobby', 'chat.message', { room: 'lobby', text: 'hi', from: 'alice' })).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
    await expect(mallory.broadcast(null, 'chat.message', { room: 'lobby', text: 'hi', from: 'alice' })).rejects.toMatchObject({
      code: ErrorCode.Forbidden,
    });
    await expect(mallory.subscribe('not-a-room')).rejects.toMatchObject({ code: ErrorCode.Forbidden });
  });

  it('delivers private messages to both users, and reads the conversation back', async () => {
    const carol = connect((await login('carol')).body['token'] as string);
    const dave = connect((await login('dave')).body['token'] as string);
    await dave.connect();
    const received = new Promise<unknown>((resolve) => dave.on('chat.dm', (message) => resolve(message)));
    const sent = await carol.call('chat.direct', { to: 'dave', text: 'psst' });
    expect(await received).toEqual({ from: 'carol', to: 'dave', text: 'psst' });
    expect((await carol.call('chat.history', { user: 'dave' })).messages).toMatchObject([{ id: sent.id, from: 'carol', to: 'dave', text: 'psst' }]);
    expect((await dave.call('chat.history', { user: 'carol' })).messages).toMatchObject([{ from: 'carol', to: 'dave', text: 'psst' }]);
    expect((await dave.call('chat.history', { user: 'alice' })).messages).toEqual([]);
  });
});
