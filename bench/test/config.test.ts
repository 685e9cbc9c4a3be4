// The harness's small pure parts: size overrides, argument parsing, percentiles and spreads.
import { describe, expect, it } from 'vitest';
import { applyOverride, cloneConfig, DEFAULT_CONFIG } from '../src/config.js';
import { parseCli } from '../src/cli.js';
import { percentiles, spread } from '../src/stats.js';

describe('bench config overrides', () => {
  it('sets numbers and number lists, leaving the defaults untouched', () => {
    const config = cloneConfig(DEFAULT_CONFIG);
    applyOverride(config, 'fanoutBurst.clients=250');
    applyOverride(config, 'idleMemory.sizes=100,200');
    expect(config.fanoutBurst.clients).toBe(250);
    expect(config.idleMemory.sizes).toEqual([100, 200]);
    expect(DEFAULT_CONFIG.fanoutBurst.clients).toBe(1000);
  });

  it.each(['nope', 'fanoutBurst.nope=1', 'fanoutBurst.clients=abc', 'fanoutBurst=1', '__proto__.x=1', 'rounds=-1'])('rejects %s', (bad) => {
    expect(() => applyOverride(cloneConfig(DEFAULT_CONFIG), bad)).toThrow();
  });

  it('parses the command line and refuses unknown names', () => {
    const cli = parseCli(['--tiny', '--rounds', '2', '--scenarios', 'rpc-echo', '--contenders', 'ws-naive,socketio']);
    expect(cli.config.rounds).toBe(2);
    expect(cli.scenarios.map((s) => s.name)).toEqual(['rpc-echo']);
    expect(cli.contenders.map((c) => c.name)).toEqual(['ws-naive', 'socketio']);
    expect(() => parseCli(['--contenders', 'nope'])).toThrow(/unknown contender/);
    expect(() => parseCli(['--frobnicate'])).toThrow(/unknown option/);
  });
});

describe('bench statistics', () => {
  it('takes nearest-rank percentiles and median with range', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentiles(values, [50, 95, 99, 100])).toEqual([50, 95, 99, 100]);
    expect(spread([3, 1, 2, 10])).toEqual({ median: 2.5, min: 1, max: 10, n: 4 });
    expect(Number.isNaN(spread([]).median)).toBe(true);
  });
});
