/**
 * The quick start of docs/client.md, as written there (contract, server, client), so the guide's
 * main snippet keeps working.
 */
import * as v from 'valibot';
import { defineContract } from '@parley/protocol';
import { createParleyServer } from '@parley/server';
import { expect, it } from 'vitest';
import { createParleyClient } from '../../src/index.js';

const chat = defineContract({
  methods: {
    'chat.send': {
      params: v.object({ room: v.string(), text: v.pipe(v.string(), v.maxLength(2000)) }),
      result: v.object({ seq: v.number() }),
    },
  },
  events: {
    'chat.message': v.object({ room: v.string(), text: v.string(), from: v.string() }),
  },
});

it('the quick start in docs/client.md runs', async () => {
  const log: string[] = [];
  const server = createParleyServer({ contract: chat, authenticate: ({ credentials }) => ({ userId: String(credentials) }) });
  server.handle('chat.send', async ({ room, text }, ctx) => {
    const published = await ctx.server.broadcast(room, 'chat.message', { room, text, from: ctx.identity.userId });
    return { seq: published.seq };
  });
  const { port } = await server.listen(0);

  const client = createParleyClient({ url: `ws://127.0.0.1:${port}/parley`, contract: chat, auth: () => 'alice' });
  const received = new Promise<void>((resolve) => {
    client.on('chat.message', (message, meta) => {
      log.push(`${message.from}: ${message.text} (#${meta.seq})`);
      resolve();
    });
  });
  await client.subscribe('room:1');
  const { seq } = await client.call('chat.send', { room: 'room:1', text: 'hello' });
  await received;

  await client.close();
  await server.close();
  expect(seq).toBe(1);
  expect(log).toEqual(['alice: hello (#1)']);
});
