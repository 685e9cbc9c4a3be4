/**
 * The bounds of what the server remembers for resume: the session registry (count and age of
 * detached sessions, ownership, user check) and the per-session reply cache (count, bytes, age,
 * in-flight sharing), with an injected clock.
 */
import { describe, expect, it } from 'vitest';
import { ReplyCache } from '../../src/session/reply-cache.js';
import { resolveSessionOptions, SESSION_DEFAULTS, type SessionOptions } from '../../src/session/session-options.js';
import { SessionRegistry } from '../../src/session/session-registry.js';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const limits = (over: SessionOptions = {}) => resolveSessionOptions({ ...SESSION_DEFAULTS, ...over });

describe('SessionRegistry', () => {
  it('remembers a closed session for rememberMs, then forgets it', () => {
    const t = clock();
    const registry = new SessionRegistry<string>(limits({ rememberMs: 1000 }), t.now);
    const { sessionId } = registry.open('alice', 'c1');
    registry.release(sessionId, 'c1');
    expect(registry.rememberedCount).toBe(1);
    t.advance(1000);
    expect(registry.claim(sessionId, 'alice', 'c2')?.record.sessionId).toBe(sessionId);
    registry.release(sessionId, 'c2');
    t.advance(1001);
    expect(registry.claim(sessionId, 'alice', 'c3')).toBeUndefined();
    expect(registry.rememberedCount).toBe(0);
  });

  it('keeps at most maxRemembered detached sessions, forgetting the one closed longest ago', () => {
    const registry = new SessionRegistry<string>(limits({ maxRemembered: 2 }));
    const ids = ['a', 'b', 'c'].map((user) => registry.open(user, user).sessionId);
    ids.forEach((id, i) => registry.release(id, ['a', 'b', 'c'][i]!));
    expect(registry.rememberedCount).toBe(2);
    expect(registry.claim(ids[0]!, 'a', 'x')).toBeUndefined();
    expect(registry.claim(ids[1]!, 'b', 'x')).toBeDefined();
    expect(registry.claim(ids[2]!, 'c', 'y')).toBeDefined();
    expect(registry.liveCount).toBe(2);
    expect(registry.rememberedCount).toBe(0);
  });

  it('lets only the same user claim a session; a failed claim changes nothing', () => {
    const registry = new SessionRegistry<string>(limits());
    const { sessionId } = registry.open('alice', 'c1');
    expect(registry.claim(sessionId, 'mallory', 'm1')).toBeUndefined();
    expect(registry.get(sessionId)?.owner).toBe('c1');
    expect(registry.claim('made-up', 'alice', 'c2')).toBeUndefined();
  });

  it('a claim of a live session takes it over and names the previous holder, whose release is then a no-op', () => {
    const registry = new SessionRegistry<string>(limits());
    const record = registry.open('alice', 'c1');
    expect(registry.claim(record.sessionId, 'alice', 'c2')).toEqual({ record, previous: 'c1' });
    registry.release(record.sessionId, 'c1');
    expect(registry.get(record.sessionId)?.owner).toBe('c2');
    expect(registry.rememberedCount).toBe(0);
  });

  it('with rememberMs 0 a closed session is gone at once; the reply cache keeps the session\u2019s replies meanwhile', async () => {
    const registry = new SessionRegistry<string>(limits({ rememberMs: 0 }));
    const { sessionId, replies } = registry.open('alice', 'c1');
    expect(await replies.run('1', 'm', () => Promise.resolve('reply'))).toBe('reply');
    registry.release(sessionId, 'c1');
    expect(registry.rememberedCount).toBe(0);
    expect(registry.claim(sessionId, 'alice', 'c2')).toBeUndefined();
  });

  it('checks its options', () => {
    expect(() => resolveSessionOptions({ rememberMs: -1 })).toThrow(RangeError);
    expect(() => resolveSessionOptions({ maxRemembered: 1.5 })).toThrow(/sessions.maxRemembered/);
    expect(resolveSessionOptions()).toEqual(SESSION_DEFAULTS);
  });
});

describe('ReplyCache', () => {
  const settled = () => new Promise((resolve) => setImmediate(resolve));

  it('runs once per id; a repeat (running or done) gets the same reply', async () => {
    const cache = new ReplyCache({ maxEntries: 10, maxBytes: 1000, ttlMs: 1000 });
    let runs = 0;
    let finish!: (text: string) => void;
    const execute = () => {
      runs++;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const first = cache.run('a', 'm', execute);
    const second = cache.run('a', 'm', execute);
    finish('A');
    expect(await Promise.all([first, second, cache.run('a', 'm', execute)])).toEqual(['A', 'A', 'A']);
    expect(runs).toBe(1);
  });

  it('bounds entries by count, oldest first', async () => {
    const cache = new ReplyCache({ maxEntries: 2, maxBytes: 1000, ttlMs: 1000 });
    for (const id of ['a', 'b', 'c']) await cache.run(id, 'm', () => Promise.resolve(id));
    expect(cache.size).toBe(2);
    expect(await cache.run('a', 'm', () => Promise.resolve('again'))).toBe('again');
    expect(await cache.run('c', 'm', () => Promise.resolve('again'))).toBe('c');
  });

  it('bounds answered replies by bytes', async () => {
    const cache = new ReplyCache({ maxEntries: 100, maxBytes: 10, ttlMs: 1000 });
    await cache.run('a', 'm', () => Promise.resolve('123456'));
    await cache.run('b', 'm', () => Promise.resolve('123456'));
    await settled();
    expect(cache.size).toBe(1);
    expect(cache.byteSize).toBe(6);
    expect(await cache.run('b', 'm', () => Promise.resolve('x'))).toBe('123456');
  });

  it('forgets entries older than ttlMs', async () => {
    const t = clock();
    const cache = new ReplyCache({ maxEntries: 100, maxBytes: 1000, ttlMs: 500 }, t.now);
    await cache.run(1, 'm', () => Promise.resolve('one'));
    t.advance(501);
    expect(await cache.run(1, 'm', () => Promise.resolve('fresh'))).toBe('fresh');
  });

  it('refuses an id reused for another method; remembers nothing of a rejected run; null ids and maxEntries 0 always run', async () => {
    const cache = new ReplyCache({ maxEntries: 10, maxBytes: 1000, ttlMs: 1000 });
    await cache.run('a', 'm', () => Promise.resolve('A'));
    expect(JSON.parse((await cache.run('a', 'other', () => Promise.resolve('B')))!)).toMatchObject({ id: 'a', error: { code: -32600 } });
    await expect(cache.run('r', 'm', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await settled();
    expect(await cache.run('r', 'm', () => Promise.resolve('R'))).toBe('R');
    let runs = 0;
    await cache.run(null, 'm', () => Promise.resolve(String(++runs)));
    await cache.run(null, 'm', () => Promise.resolve(String(++runs)));
    const off = new ReplyCache({ maxEntries: 0, maxBytes: 1000, ttlMs: 1000 });
    await off.run('a', 'm', () => Promise.resolve(String(++runs)));
    await off.run('a', 'm', () => Promise.resolve(String(++runs)));
    expect(runs).toBe(4);
  });

  it('reply cache trim walks a queue (was a scan of the map on every call): bounds and re-sends still hold over many calls, synchronous replies stay synchronous', async () => {
    const cache = new ReplyCache({ maxEntries: 10, maxBytes: 1000, ttlMs: 1000 });
    for (let id = 0; id < 1000; id++) {
      if (id % 7 === 0) await expect(cache.run(id, 'm', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
      else expect(cache.run(id, 'm', () => `r${id}`)).toBe(`r${id}`);
    }
    expect(cache.size).toBeLessThanOrEqual(10);
    expect(cache.run(999, 'm', () => 'again')).toBe('r999');
    expect(cache.run(1, 'm', () => 'again')).toBe('again');
    expect(cache.run(994, 'm', () => 'again')).toBe('again'); // rejected: not remembered
  });
});

