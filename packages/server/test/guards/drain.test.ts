import { CloseCode } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { drain, type DrainConnection } from '../../src/guards/drain.js';
import { InFlightTracker } from '../../src/guards/in-flight.js';

type Event = [ms: number, id: string, what: string];

/** A connection double for the drain's logic: records what the drain asks of it, on the fake clock. */
class Conn implements DrainConnection {
  closed = false;
  readonly inFlight = new InFlightTracker();
  stuck = false;

  constructor(
    readonly id: string,
    private readonly log: Event[],
    private readonly t0: number,
  ) {}

  private note(what: string): void {
    this.log.push([Date.now() - this.t0, this.id, what]);
  }

  goaway(reason: string, windowMs: number): void {
    this.note(`goaway ${reason} ${windowMs}`);
  }

  idle(): Promise<void> {
    return this.inFlight.idle();
  }

  close(code: number): Promise<void> {
    this.note(`close ${code}`);
    if (this.stuck) return new Promise(() => undefined); // the peer never answers the close
    return new Promise((resolve) =>
      setTimeout(() => {
        this.closed = true;
        resolve();
      }, 10),
    );
  }

  terminate(): void {
    this.note('terminate');
    this.closed = true;
  }
}

let log: Event[];
let t0: number;
const conns = (n: number): Conn[] => Array.from({ length: n }, (_, i) => new Conn(`c${i}`, log, t0));

beforeEach(() => {
  vi.useFakeTimers();
  log = [];
  t0 = Date.now();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('drain', () => {
  it('stops accepting, sends goaway to all, closes in batches with 1012, then resolves', async () => {
    const list = conns(5);
    const stopAccepting = vi.fn(() => log.push([Date.now() - t0, 'server', 'stop']));
    const done = drain({ connections: list, stopAccepting, batchSize: 2, batchIntervalMs: 1000, timeoutMs: 10_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    const report = await done;

    expect(stopAccepting).toHaveBeenCalledTimes(1);
    expect(log[0]).toEqual([0, 'server', 'stop']);
    expect(log.slice(1, 6)).toEqual(list.map((c) => [0, c.id, 'goaway server shutting down 3000']));
    const closes = log.filter(([, , what]) => what.startsWith('close'));
    expect(closes).toEqual([
      [0, 'c0', `close ${CloseCode.ServiceRestart}`],
      [0, 'c1', 'close 1012'],
      [1000, 'c2', 'close 1012'],
      [1000, 'c3', 'close 1012'],
      [2000, 'c4', 'close 1012'],
    ]);
    expect(report).toEqual({ connections: 5, closed: 5, terminated: 0, abandonedWork: 0, timedOut: false });
  });

  it("waits for a connection's own handlers before closing it, and for server work before resolving", async () => {
    const [a, b] = conns(2) as [Conn, Conn];
    const endA = a.inFlight.begin();
    const serverWork = new InFlightTracker();
    const endJob = serverWork.begin();
    let resolved = false;
    const done = drain({ connections: [a, b], stopAccepting: () => undefined, inFlight: serverWork, timeoutMs: 10_000 }).then((r) => {
      resolved = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(log.some(([, , what]) => what.startsWith('close'))).toBe(false); // same batch: a's handler holds it
    endA();
    await vi.advanceTimersByTimeAsync(100);
    expect(log.filter(([, , what]) => what.startsWith('close')).map(([, id]) => id)).toEqual(['c0', 'c1']);
    expect(resolved).toBe(false); // the server job is still running
    endJob();
    await vi.advanceTimersByTimeAsync(0);
    expect(resolved).toBe(true);
    expect(await done).toMatchObject({ closed: 2, terminated: 0, timedOut: false });
  });

  it('terminates what is left at the deadline and reports abandoned work', async () => {
    const [a, b, c] = conns(3) as [Conn, Conn, Conn];
    b.stuck = true;
    c.inFlight.begin(); // never ends
    const serverWork = new InFlightTracker();
    serverWork.begin(); // never ends
    const done = drain({ connections: [a, b, c], stopAccepting: () => undefined, inFlight: serverWork, batchSize: 1, batchIntervalMs: 100, timeoutMs: 2_000 });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(log.some(([, , what]) => what === 'terminate')).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const report = await done;
    expect(log.filter(([, , what]) => what === 'terminate').map(([ms, id]) => [ms, id])).toEqual([
      [2000, 'c1'],
      [2000, 'c2'],
    ]);
    expect(report).toEqual({ connections: 3, closed: 1, terminated: 2, abandonedWork: 1, timedOut: true });
    expect(vi.getTimerCount()).toBe(0); // no timer left behind
  });

  it('skips connections that closed by themselves after goaway', async () => {
    const list = conns(4);
    const done = drain({ connections: list, stopAccepting: () => undefined, batchSize: 2, batchIntervalMs: 1000 });
    (list[3] as Conn).closed = true; // the client reconnected elsewhere within the window
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await done).toMatchObject({ connections: 4, closed: 4, terminated: 0 });
    expect(log.filter(([, id, what]) => id === 'c3' && what.startsWith('close'))).toEqual([]);
  });

  it('keeps going when a socket throws, and never rejects', async () => {
    const [a, b] = conns(2) as [Conn, Conn];
    a.goaway = () => {
      throw new Error('EPIPE');
    };
    a.close = () => {
      throw new Error('EPIPE');
    };
    const done = drain({
      connections: [a, b],
      stopAccepting: () => {
        throw new Error('already closed');
      },
      timeoutMs: 1_000,
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await done).toMatchObject({ connections: 2, closed: 1, terminated: 1 });
  });

  it('uses an explicit reconnect window and reason, and resolves at once with nobody connected', async () => {
    const list = conns(1);
    const done = drain({ connections: list, stopAccepting: () => undefined, reconnectWindowMs: 7_000, reason: 'deploy' });
    await vi.advanceTimersByTimeAsync(100);
    await done;
    expect(log[0]).toEqual([0, 'c0', 'goaway deploy 7000']);
    const empty = drain({ connections: [], stopAccepting: () => undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(await empty).toEqual({ connections: 0, closed: 0, terminated: 0, abandonedWork: 0, timedOut: false });
  });
});
