import { ErrorCode, ParleyError } from '@parley/protocol';
import { describe, expect, it, vi } from 'vitest';
import { Listeners } from '../../src/events.js';
import { StateMachine, TRANSITIONS, type ClientState, type StateChange } from '../../src/state.js';
import { invalidTransitions } from '../helpers/clients.js';

describe('StateMachine', () => {
  it('starts idle and reports each change with the previous state and details', () => {
    const machine = new StateMachine();
    const changes: StateChange[] = [];
    machine.listeners.add((change) => changes.push(change));
    machine.set('connecting');
    machine.set('reconnecting', { closeCode: 1006, reason: '', attempt: 1, delayMs: 120 });
    machine.set('reconnecting', { closeCode: 1006, reason: '', attempt: 2, delayMs: 700 });
    machine.set('open');
    expect(changes).toEqual([
      { state: 'connecting', previous: 'idle' },
      { state: 'reconnecting', previous: 'connecting', closeCode: 1006, reason: '', attempt: 1, delayMs: 120 },
      { state: 'reconnecting', previous: 'reconnecting', closeCode: 1006, reason: '', attempt: 2, delayMs: 700 },
      { state: 'open', previous: 'reconnecting' },
    ]);
    expect(machine.current).toBe('open');
  });

  it('TRANSITIONS: every state is reached from idle, and every state can end closed', () => {
    const all: ClientState[] = ['idle', 'connecting', 'open', 'reconnecting', 'closed', 'unauthorized'];
    const reach = (from: ClientState): Set<ClientState> => {
      const seen = new Set<ClientState>([from]);
      for (const state of seen) for (const next of TRANSITIONS[state]) seen.add(next);
      return seen;
    };
    expect([...reach('idle')].sort()).toEqual([...all].sort());
    for (const state of all) expect(reach(state).has('closed'), state).toBe(true);
  });

  it('the test clients are held to TRANSITIONS (the machine does not check at run time)', () => {
    expect(invalidTransitions([{ previous: 'idle', state: 'connecting' }, { previous: 'open', state: 'reconnecting' }])).toEqual([]);
    expect(invalidTransitions([{ previous: 'closed', state: 'open' }, { previous: 'idle', state: 'open' }])).toEqual(['closed → open', 'idle → open']);
  });

  it('whenOpen() resolves on open and rejects on a terminal state', async () => {
    const machine = new StateMachine();
    machine.set('connecting');
    const opened = machine.whenOpen();
    machine.set('open');
    await expect(opened).resolves.toBeUndefined();
    await expect(machine.whenOpen()).resolves.toBeUndefined();
    machine.set('reconnecting');
    const failed = machine.whenOpen();
    const error = new ParleyError(ErrorCode.Unauthorized);
    machine.set('unauthorized', {}, error);
    await expect(failed).rejects.toBe(error);
  });

  it('a throwing listener does not stop the others and is reported', () => {
    const onThrow = vi.fn();
    const machine = new StateMachine(onThrow);
    const second = vi.fn();
    machine.listeners.add(() => {
      throw new Error('boom');
    });
    machine.listeners.add(second);
    machine.set('connecting');
    expect(second).toHaveBeenCalledTimes(1);
    expect(onThrow).toHaveBeenCalledWith(expect.objectContaining({ message: 'boom' }));
  });
});

describe('Listeners', () => {
  it('adds, removes and counts; the same function twice is two registrations', () => {
    const listeners = new Listeners<[number]>();
    const seen: number[] = [];
    const f = (n: number): void => {
      seen.push(n);
    };
    const offA = listeners.add(f);
    const offB = listeners.add(f);
    listeners.emit(1);
    offA();
    listeners.emit(2);
    offB();
    listeners.emit(3);
    expect(seen).toEqual([1, 1, 2]);
    expect(listeners.size).toBe(0);
  });
});
