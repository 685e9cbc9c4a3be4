import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Heartbeat } from '../../src/heartbeat.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(intervalMs = 1000, timeoutMs = 500): { heartbeat: Heartbeat; ping: ReturnType<typeof vi.fn>; dead: ReturnType<typeof vi.fn> } {
  const ping = vi.fn();
  const dead = vi.fn();
  const heartbeat = new Heartbeat({ intervalMs, timeoutMs, ping, dead });
  heartbeat.start();
  return { heartbeat, ping, dead };
}

describe('Heartbeat', () => {
  it('pings after intervalMs of silence and declares the connection dead after timeoutMs more', () => {
    const { ping, dead } = setup();
    vi.advanceTimersByTime(999);
    expect(ping).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ping).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(499);
    expect(dead).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(dead).toHaveBeenCalledTimes(1);
  });

  it('counts any inbound frame as proof of life', () => {
    const { heartbeat, ping, dead } = setup();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(600);
      heartbeat.touch();
    }
    expect(ping).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(ping).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(200);
    heartbeat.touch(); // the ping's reply (or anything else)
    vi.advanceTimersByTime(999);
    expect(ping).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(ping).toHaveBeenCalledTimes(2); // idle again for intervalMs: the next ping
    expect(dead).not.toHaveBeenCalled();
  });

  it('a check that runs late (suspended tab) pings again instead of declaring the connection dead', () => {
    const { ping, dead } = setup();
    vi.advanceTimersByTime(1000);
    expect(ping).toHaveBeenCalledTimes(1);
    // The machine sleeps for a minute: wall clock jumps, the pending timer fires late.
    vi.setSystemTime(Date.now() + 60_000);
    vi.advanceTimersByTime(500);
    expect(dead).not.toHaveBeenCalled();
    expect(ping).toHaveBeenCalledTimes(2);
    // Judged only on time measured while timers run on time.
    vi.advanceTimersByTime(500);
    expect(dead).toHaveBeenCalledTimes(1);
  });

  it('a late check with inbound traffic meanwhile keeps the connection', () => {
    const { heartbeat, ping, dead } = setup();
    vi.advanceTimersByTime(1000);
    vi.setSystemTime(Date.now() + 60_000);
    heartbeat.touch(); // frames were waiting behind the timer
    vi.advanceTimersByTime(500);
    expect(dead).not.toHaveBeenCalled();
    expect(ping).toHaveBeenCalledTimes(1);
  });

  it('stop() clears its timer', () => {
    const { heartbeat, ping } = setup();
    heartbeat.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(ping).not.toHaveBeenCalled();
  });
});
