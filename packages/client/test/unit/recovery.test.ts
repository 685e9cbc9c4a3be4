import { ErrorCode, ParleyError } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Recovery } from '../../src/recovery.js';

afterEach(() => {
  vi.useRealTimers();
});

const policy = { baseMs: 100, maxMs: 1000, minUptimeMs: 5000 };
const retryable = (closeCode: number) => ({ closeCode, reason: 'r', retryable: true });

describe('Recovery', () => {
  it('retryable codes reconnect with full-jitter backoff and count attempts', () => {
    const recovery = new Recovery(policy, () => 0.5);
    expect(recovery.decide(retryable(1006))).toMatchObject({ next: 'reconnecting', delayMs: 50, attempt: 1 });
    expect(recovery.decide(retryable(1012))).toMatchObject({ next: 'reconnecting', delayMs: 100, attempt: 2 });
    const { error } = recovery.decide(retryable(1013));
    expect(error).toMatchObject({ code: ErrorCode.ConnectionClosed, message: 'Connection closed', data: { closeCode: 1013, reason: 'r' } });
  });

  it('terminal codes stop, and so does reconnect: false', () => {
    expect(new Recovery(policy).decide({ closeCode: 4403, reason: 'banned', retryable: false })).toMatchObject({
      next: 'closed',
      error: { code: ErrorCode.ConnectionClosed, data: { closeCode: 4403, reason: 'banned' } },
    });
    expect(new Recovery(false).decide(retryable(1006)).next).toBe('closed');
  });

  it('unauthorized: one immediate retry, then stop; a successful open re-arms the retry', () => {
    const recovery = new Recovery(policy, () => 0.9);
    const refused = { closeCode: 4401, reason: 'unauthorized', retryable: false, error: new ParleyError(ErrorCode.Unauthorized, 'Bad token') };
    expect(recovery.decide(refused)).toMatchObject({ next: 'reconnecting', delayMs: 0 });
    expect(recovery.decide(refused)).toMatchObject({
      next: 'unauthorized',
      error: { code: ErrorCode.Unauthorized, message: 'Bad token', data: { closeCode: 4401, cause: { code: ErrorCode.Unauthorized } } },
    });
    recovery.opened();
    expect(recovery.decide(refused).next).toBe('reconnecting');
    recovery.reset();
    expect(recovery.decide(refused).next).toBe('reconnecting');
  });

  it('after goaway, the next loss waits for the moment picked in the window (not the backoff)', () => {
    vi.useFakeTimers();
    const recovery = new Recovery(policy, () => 0.75);
    expect(recovery.goaway(2000)).toBe(1500);
    vi.advanceTimersByTime(400);
    expect(recovery.decide(retryable(1012))).toMatchObject({ next: 'reconnecting', delayMs: 1100 });
    expect(recovery.decide(retryable(1006)).delayMs).toBe(75); // goaway used up: backoff again
  });

  it('gives up when the backoff says so', () => {
    const recovery = new Recovery({ ...policy, maxAttempts: 1 }, () => 0);
    recovery.decide(retryable(1006));
    expect(recovery.decide(retryable(1006))).toMatchObject({ next: 'closed', error: { message: 'Gave up reconnecting' } });
  });
});
