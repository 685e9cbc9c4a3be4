/**
 * The chat demo end to end, in Debian's Chromium (headless, through playwright-core): the server
 * is the built demo in a child process, exactly as `npm start` runs it (with CHAT_SECRET, so the
 * tokens survive a restart). Two users chat in a room, talk privately and see each other online;
 * the server restarts (SIGTERM → drain → start again on the same port) and both pages reconnect
 * with every message, including one sent while the server was down. Then the errors a user can
 * meet: too large, too long, rate limited, unauthorized.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, requireChromium, skipWithoutChromium } from '../../../scripts/testing/chromium.js';
import { buildChat } from '../build.mjs';
import { ChatPage } from './helpers/chat-page.js';
import { startChatProcess, type ChatProcess } from './helpers/chat-process.js';

const skip = skipWithoutChromium('the chat end-to-end test');

const outputDir = fileURLToPath(new URL('../test-output/', import.meta.url));
const poll = { timeout: 20_000, interval: 100 };

describe.skipIf(skip)('the chat demo in Chromium', () => {
  const secret = randomBytes(24).toString('base64url');
  let entry: string;
  let server: ChatProcess | undefined;
  let context: BrowserContext | undefined;
  let profile: string | undefined;

  beforeAll(async () => {
    requireChromium();
    await mkdir(outputDir, { recursive: true });
    ({ server: entry } = await buildChat({ outDir: join(outputDir, 'e2e-build'), fromSource: true }));
    server = await startChatProcess(entry, { PORT: '0', CHAT_SECRET: secret });
    profile = await mkdtemp(join(tmpdir(), 'parley-chat-'));
    context = await launchChromium(profile, { viewport: { width: 1100, height: 640 } });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (server) {
      const stopping = server.stop();
      const timer = setTimeout(() => server?.kill(), 15_000);
      await stopping;
      clearTimeout(timer);
    }
    if (profile) await rm(profile, { recursive: true, force: true });
    // The bundles only; the screenshot stays.
    await rm(join(outputDir, 'e2e-build'), { recursive: true, force: true });
  }, 60_000);

  it('two users chat in a room, talk privately, see each other online, and keep every message across a server restart', async () => {
    const alice = await ChatPage.open(context!, server!.url, 'alice');
    const bob = await ChatPage.open(context!, server!.url, 'bob');
    const bobConsole: string[] = [];
    bob.page.on('console', (message) => bobConsole.push(message.text()));
    await expect.poll(() => alice.status(), poll).toBe('Connected as alice');
    await expect.poll(() => alice.online(), poll).toEqual(['alice (you)', 'bob']);
    await expect.poll(() => bob.online(), poll).toEqual(['alice', 'bob (you)']);

    // A room.
    await alice.say('Hello from Alice');
    await expect.poll(() => bob.lines(), poll).toEqual(['alice: Hello from Alice']);
    await bob.say('Hi Alice! <b>not bold</b>');
    const before = ['alice: Hello from Alice', 'bob: Hi Alice! <b>not bold</b>'];
    await expect.poll(() => alice.lines(), poll).toEqual(before);

    // A private message: clicking a name in the online list opens the conversation.
    await alice.messageTo('bob');
    expect(await alice.title()).toBe('Private: bob');
    await alice.say('psst, only for you');
    await expect.poll(() => bob.directs(), poll).toEqual(['alice1']); // with one unread
    await bob.show('alice');
    await expect.poll(() => bob.lines(), poll).toEqual(['alice: psst, only for you']);
    await bob.show('#lobby');
    expect(await bob.lines()).toEqual(before);
    await alice.show('#lobby');

    // Restart: SIGTERM drains (goaway, close 1012) and exits; the pages count down to their next try.
    const { port } = server!;
    expect(await server!.stop()).toBe(0);
    expect(server!.output()).toContain('chat: SIGTERM: draining');
    await expect.poll(() => alice.status(), poll).toMatch(/^Offline \(.+\): reconnecting (in \d+ s|now), attempt \d+/);
    await alice.say('Sent while the server was down');
    await alice.show('bob');
    await alice.say('Private, also while it was down');
    await alice.show('#lobby');
    await expect.poll(() => alice.status(), poll).toMatch(/· 2 messages waiting to be sent$/);
    await alice.page.screenshot({ path: join(outputDir, 'chat-reconnecting.png') });
    server = await startChatProcess(entry, { PORT: String(port), CHAT_SECRET: secret });

    // Both come back with the same tokens, and nothing is lost: the queued messages went out
    // after the reconnect, and what the new server could not replay (its streams have new
    // epochs: the client's recovery signal says `recovered: false`) the page read back from the
    // server's log with chat.history.
    await expect.poll(() => alice.status(), { ...poll, timeout: 30_000 }).toBe('Connected as alice');
    await expect.poll(() => bob.status(), { ...poll, timeout: 30_000 }).toBe('Connected as bob');
    const after = [...before, 'alice: Sent while the server was down'];
    await expect.poll(() => bob.lines(), poll).toEqual(after);
    await expect.poll(() => alice.lines(), poll).toEqual(after);
    await bob.say('Welcome back');
    await expect.poll(() => alice.lines(), poll).toEqual([...after, 'bob: Welcome back']);
    await expect.poll(() => alice.online(), poll).toEqual(['alice (you)', 'bob']);
    await expect.poll(() => bob.online(), poll).toEqual(['alice', 'bob (you)']);
    await bob.show('alice');
    await expect.poll(() => bob.lines(), poll).toEqual(['alice: psst, only for you', 'alice: Private, also while it was down']);
    expect(await alice.directs()).toEqual(['bob']); // her own messages are never "unread"
    expect(await alice.error()).toBe('');
    expect(await bob.error()).toBe('');
    expect(bobConsole).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^parley: topic:room:lobby not resumed \((epoch_changed|unknown_session)\): reloading$/),
        expect.stringMatching(/^parley: user:bob not resumed \((epoch_changed|unknown_session)\): reloading$/),
      ]),
    );

    await alice.page.screenshot({ path: join(outputDir, 'chat.png') });
    await alice.page.close();
    await bob.page.close();
  });

  it('joins another room, and tells the user what went wrong: too large, too long, rate limited, unauthorized', async () => {
    const carol = await ChatPage.open(context!, server!.url, 'carol');
    await expect.poll(() => carol.status(), poll).toBe('Connected as carol');

    // Another room, by name.
    await carol.page.locator('#join-name').fill('#Garden');
    await carol.page.locator('#join-form button').click();
    await expect.poll(() => carol.title(), poll).toBe('#garden');
    await expect.poll(() => carol.online(), poll).toEqual(['carol (you)']);
    await carol.show('#lobby');

    // Over the server's 16 KB frame limit: the client refuses it before sending; the text stays.
    await carol.say('x'.repeat(20_000));
    await expect.poll(() => carol.error(), poll).toBe('Too large to send: 20 KB; the server accepts at most 16 KB.');
    expect(await carol.draft()).toHaveLength(20_000);

    // Under the frame limit but over the contract's 2,000 characters: the server refuses it.
    await carol.say('y'.repeat(2001));
    await expect.poll(() => carol.error(), poll).toBe('Not sent: Messages are at most 2000 characters.');

    // chat.send allows a burst of 5 per user, then 1 per second.
    for (let i = 0; i < 30 && !(await carol.error()).startsWith('You are sending too fast'); i++) await carol.say(`message ${i}`);
    expect(await carol.error()).toMatch(/^You are sending too fast: try again in \d+ s\.$/);
    // The last send may still be in flight when the error shows: the status settles once it is answered.
    await expect.poll(() => carol.status(), poll).toBe('Connected as carol');
    await carol.page.screenshot({ path: join(outputDir, 'chat-rate-limited.png') });

    // A token the server did not sign: refused twice (the client retries once), then signed out.
    const mallory = new ChatPage(await context!.newPage());
    await mallory.page.goto(server!.url);
    await mallory.page.evaluate(() =>
      sessionStorage.setItem('parley-chat-login', JSON.stringify({ userId: 'mallory', token: 'forged.token', expiresAt: Date.now() + 3_600_000 })),
    );
    await mallory.page.reload();
    await expect.poll(() => mallory.loginError(), poll).toBe('The server refused your sign-in (unauthorized). Please sign in again.');
    expect(await mallory.page.locator('#name').inputValue()).toBe('mallory');
    await mallory.page.close();
    await carol.page.close();
  });
});
