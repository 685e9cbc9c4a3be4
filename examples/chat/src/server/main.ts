/**
 * `npm start`: runs the chat from the environment.
 *
 * | variable | default | |
 * |---|---|---|
 * | `PORT` | `8080` | port to listen on (`0`: any free port) |
 * | `HOST` | every interface | address to listen on |
 * | `CHAT_SECRET` | random per process | token signing secret: set it so tokens survive a restart and work on every instance |
 * | `CHAT_ORIGINS` | none | extra allowed origins, comma-separated (the public origin behind a proxy) |
 * | `REDIS_URL` | none | use `@parley/redis`: instances sharing a Redis share one chat |
 * | `CHAT_REDIS_PREFIX` | `parley-chat:` | prefix of the chat's Redis keys (one chat per prefix) |
 *
 * SIGTERM or SIGINT drains (goaway, closes in batches with 1012) and exits.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { chooseAdapter } from './adapter.js';
import { startChat } from './app.js';
import { splitList } from './origins.js';

const env = process.env;
const port = Number(env['PORT'] ?? 8080);
if (!Number.isSafeInteger(port) || port < 0 || port > 65535) {
  console.error(`chat: PORT must be a port number, got ${String(env['PORT'])}`);
  process.exit(2);
}
const secret = env['CHAT_SECRET'] ? Buffer.from(env['CHAT_SECRET'], 'utf8') : randomBytes(32);
if (!env['CHAT_SECRET']) {
  console.warn('chat: no CHAT_SECRET: tokens are signed with a random key, so they stop working when this process restarts and on other instances');
}

const { adapter, description } = await chooseAdapter(env['REDIS_URL'], env['CHAT_REDIS_PREFIX'] || undefined);
const app = await startChat({
  port,
  host: env['HOST'] || undefined,
  secret,
  // The bundle lives in dist/server/main.js; the page next to it in dist/web/.
  webRoot: fileURLToPath(new URL('../web/', import.meta.url)),
  adapter,
  origins: splitList(env['CHAT_ORIGINS']),
});
console.log(`chat: listening on ${app.url} (${description})`);

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  console.log(`chat: ${signal}: draining`);
  app.close().then(
    () => {
      console.log('chat: stopped');
      process.exit(0);
    },
    (error: unknown) => {
      console.error('chat: drain failed', error);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
