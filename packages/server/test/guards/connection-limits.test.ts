import { CloseCode } from '@parley/protocol';
import { describe, expect, it } from 'vitest';

import { ConnectionLimits } from '../../src/guards/connection-limits.js';

describe('ConnectionLimits', () => {
  it('refuses past the total with 503 and gives places back on release', () => {
    const limits = new ConnectionLimits({ maxConnections: 2 });
    const a = limits.admit('1');
    const b = limits.admit('2');
    expect(limits.admit('3')).toEqual({ ok: false, status: 503, limit: 'maxConnections' });
    if (!a.ok || !b.ok) throw new Error('expected admission');
    a.ticket.release();
    expect(limits.admit('3').ok).toBe(true);
  });

  it('refuses past the per-IP limit with 503', () => {
    const limits = new ConnectionLimits({ maxConnectionsPerIp: 1 });
    expect(limits.admit('198.51.100.1').ok).toBe(true);
    expect(limits.admit('198.51.100.1')).toEqual({ ok: false, status: 503, limit: 'maxConnectionsPerIp' });
    expect(limits.admit('198.51.100.2').ok).toBe(true);
  });

  it('caps unauthenticated sockets; authenticating frees the place', () => {
    const limits = new ConnectionLimits({ maxUnauthenticated: 1 });
    const a = limits.admit('1');
    expect(limits.admit('2')).toEqual({ ok: false, status: 503, limit: 'maxUnauthenticated' });
    if (!a.ok) throw new Error('expected admission');
    expect(a.ticket.authenticate('alice')).toEqual({ ok: true });
    expect(limits.counts).toMatchObject({ total: 1, unauthenticated: 0, users: 1 });
    expect(limits.admit('2').ok).toBe(true);
  });

  it(`refuses past the per-user limit after hello with close ${CloseCode.TryAgainLater}`, () => {
    const limits = new ConnectionLimits({ maxConnectionsPerUser: 2 });
    const tickets = [1, 2, 3].map(() => {
      const v = limits.admit('ip');
      if (!v.ok) throw new Error('expected admission');
      return v.ticket;
    });
    const [t1, t2, t3] = tickets as [(typeof tickets)[0], (typeof tickets)[0], (typeof tickets)[0]];
    expect(t1.authenticate('alice').ok).toBe(true);
    expect(t2.authenticate('alice').ok).toBe(true);
    expect(t3.authenticate('alice')).toEqual({ ok: false, closeCode: CloseCode.TryAgainLater, limit: 'maxConnectionsPerUser' });
    expect(t3.userId).toBeUndefined();
    t3.release();
    t1.release();
    expect(limits.countOf({ userId: 'alice' })).toBe(1);
  });

  it('release is idempotent and the counters return to zero (no leak)', () => {
    const limits = new ConnectionLimits();
    for (let i = 0; i < 100; i++) {
      const v = limits.admit(`ip${i % 7}`);
      if (!v.ok) throw new Error('expected admission');
      if (i % 2) v.ticket.authenticate(`user${i % 5}`);
      v.ticket.release();
      v.ticket.release();
      expect(v.ticket.released).toBe(true);
    }
    expect(limits.counts).toEqual({ total: 0, unauthenticated: 0, ips: 0, users: 0 });
  });

  it('re-authenticating as another user moves the count', () => {
    const limits = new ConnectionLimits();
    const v = limits.admit('ip');
    if (!v.ok) throw new Error('expected admission');
    v.ticket.authenticate('alice');
    v.ticket.authenticate('alice');
    expect(limits.countOf({ userId: 'alice' })).toBe(1);
    v.ticket.authenticate('bob');
    expect(limits.countOf({ userId: 'alice' })).toBe(0);
    expect(limits.countOf({ userId: 'bob' })).toBe(1);
    expect(limits.countOf({ ip: 'ip' })).toBe(1);
  });

  it('uses prototype-named ids as plain keys', () => {
    const limits = new ConnectionLimits({ maxConnectionsPerIp: 1 });
    expect(limits.admit('__proto__').ok).toBe(true);
    expect(limits.admit('constructor').ok).toBe(true);
    expect(limits.admit('__proto__').ok).toBe(false);
  });

  it('has documented defaults and rejects invalid ones', () => {
    expect(new ConnectionLimits().options).toEqual({
      maxConnections: 10_000,
      maxConnectionsPerIp: 100,
      maxConnectionsPerUser: 20,
      maxUnauthenticated: 1_000,
    });
    expect(() => new ConnectionLimits({ maxConnections: -1 })).toThrow(RangeError);
    expect(new ConnectionLimits({ maxConnectionsPerIp: Infinity }).options.maxConnectionsPerIp).toBe(Infinity);
  });
});
