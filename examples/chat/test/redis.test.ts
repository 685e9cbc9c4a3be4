/**
 * `REDIS_URL` set: two instances of the built chat on two ports share one chat through
 * `@parley/redis` (rooms, presence, private messages, history), and a token from one works on the
 * other (same CHAT_SECRET). Needs a Redis at REDIS_URL (default redis://127.0.0.1:6379): outside
 * CI a missing Redis skips this file with a message; under CI=true it fails.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParleyClient } from '@parley/client';
import type { ChatContract } from '../src/shared/contract.js';
import { buildChat } from '../build.mjs';
import { startChatProcess, type ChatProcess } from './helpers/chat-process.js';
import { chatClient, login } from './helpers/node-client.js';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const onCi = process.env['CI'] === 'true';

/** Whether Redis answers PING within 2 s. */
async function redisAnswers(): Promise<boolean> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

const haveRedis = await redisAnswers();
if (!haveRedis && !onCi) {
  console.warn(`Skipping the chat's Redis test: no Redis at ${REDIS_URL}. Start one (apt-get install -y redis-server) or set REDIS_URL.`);
}

/** Deletes the test's keys. */
async function deleteKeys(prefix: string): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  client.on('error', () => undefined);
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) if (keys.length > 0) await client.unlink(keys);
  } finally {
    client.destroy();
  }
}

const outDir = fileURLToPath(new URL('../test-output/redis-build/', import.meta.url));

describe.skipIf(!haveRedis && !onCi)('two chat instances sharing Redis', () => {
  const prefix = `parley-chat-test:${randomBytes(4).toString('hex')}:`;
  const instances: ChatProcess[] = [];
  const clients: ParleyClient<ChatContract>[] = [];

  beforeAll(async () => {
    if (!haveRedis) throw new Error(`CI=true but no Redis at ${REDIS_URL}`);
    const { server } = await buildChat({ outDir, fromSource: true });
    const env = { PORT: '0', REDIS_URL, CHAT_REDIS_PREFIX: prefix, CHAT_SECRET: randomBytes(24).toString('base64url') };
    instances.push(...(await Promise.all([startChatProcess(server, env), startChatProcess(server, env)])));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all(instances.map((instance) => instance.stop()));
    if (haveRedis) await deleteKeys(prefix);
    await rm(outDir, { recursive: true, force: true });
  }, 30_000);

  it('share rooms, presence, private messages and history', async () => {
    const [one, two] = instances as [ChatProcess, ChatProcess];
    // Both sign in on instance one; ben then connects to instance two with that token.
    const ann = chatClient(one.port, (await login(one.url, 'ann')).body['token'] as string);
    const ben = chatClient(two.port, (await login(one.url, 'ben')).body['token'] as string);
    clients.push(ann, ben);
    await ann.subscribe('room:lobby', { presence: true });
    const joined = new Promise<string>((resolve) => ann.onPresence('room:lobby', (change) => resolve(`${change.userId} ${change.type}`)));
    await ben.subscribe('room:lobby', { presence: true });
    expect(await joined).toBe('ben join');
    expect((await ben.presence('room:lobby')).members.map((member) => member.userId).sort()).toEqual(['ann', 'ben']);

    const inLobby = new Promise<unknown>((resolve) => ben.on('chat.message', (message) => resolve(message)));
    const posted = await ann.call('chat.send', { room: 'lobby', text: 'from instance one' });
    expect(await inLobby).toEqual({ room: 'lobby', text: 'from instance one', from: 'ann' });

    const direct = new Promise<unknown>((resolve) => ann.on('chat.dm', (message) => resolve(message)));
    await ben.call('chat.direct', { to: 'ann', text: 'from instance two' });
    expect(await direct).toEqual({ from: 'ben', to: 'ann', text: 'from instance two' });

    expect((await ben.call('chat.history', { room: 'lobby' })).messages).toMatchObject([{ id: posted.id, from: 'ann', text: 'from instance one' }]);
  });
});
