// End-to-end proof that the benchmark harness works: `node bench/run.mjs --tiny` runs every
// scenario for every contender (real servers and clients in child processes on loopback) and
// writes results with a number for every metric (CPU per operation included) and no lost message.
// Asserts no timings.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { TINY_CONFIG } from '../src/config.js';
import { CONTENDERS } from '../src/contender.js';
import { SCENARIOS } from '../src/scenarios/index.js';
import { scenarioMetrics } from '../src/summary.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Until the Parley server and client exist, the harness must report Parley as unavailable
// (and run the others); once they exist, Parley must pass like every other contender.
const parleyExists = ['server', 'client'].every((pkg) => existsSync(join(root, `packages/${pkg}/src/index.ts`)));

function runBench(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bench/run.mjs', ...args], { cwd: root, timeout: 150_000, maxBuffer: 16 * 2 ** 20 }, (error, _stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stderr });
    });
  });
}

describe('bench harness, tiny mode', () => {
  let out: string | undefined;
  afterEach(async () => {
    if (out !== undefined) await rm(out, { recursive: true, force: true });
    out = undefined;
  });

  it('gives every scenario × contender a lossless result with numeric metrics, plus the table and chart', async () => {
    out = await mkdtemp(join(tmpdir(), 'parley-bench-'));
    const { code, stderr } = await runBench(['--tiny', '--out', out]);
    const results = JSON.parse(await readFile(join(out, 'latest.json'), 'utf8'));

    for (const scenario of SCENARIOS) {
      for (const contender of CONTENDERS) {
        const where = `${scenario.name} × ${contender.name}`;
        const row = results.summary.find((r: any) => r.scenario === scenario.name && r.contender === contender.name);
        expect(row, where).toBeDefined();
        if (contender.name.startsWith('parley') && !parleyExists) {
          expect(row.status, where).toBe('unavailable');
          continue;
        }
        expect(row.status, `${where}: ${row.errors.join('; ')}`).toBe('ok');
        for (const metric of scenarioMetrics(scenario, TINY_CONFIG)) {
          expect(Number.isFinite(row.metrics[metric.key]?.median), `${where} ${metric.key}`).toBe(true);
        }
      }
    }
    expect(results.cells).toHaveLength(SCENARIOS.length * CONTENDERS.length);
    // CPU per operation is measured over the phase only: its operations are counted, and the whole cell is kept apart.
    for (const cell of results.cells.filter((c: any) => c.status === 'ok')) {
      expect(cell.phase.ops, `${cell.scenario} × ${cell.contender}`).toBeGreaterThan(0);
      expect(cell.phase.serverUs, `${cell.scenario} × ${cell.contender}`).toBeGreaterThan(0);
      expect(cell.wholeCellCpu.loadgenMs * 1000, `${cell.scenario} × ${cell.contender}`).toBeGreaterThan(cell.phase.loadgenUs);
    }
    expect(code, stderr).toBe(0);

    const markdown = await readFile(join(out, 'latest.md'), 'utf8');
    for (const s of SCENARIOS) expect(markdown).toContain(s.title(TINY_CONFIG));
    expect(markdown).toContain('Ratio of medians');
    expect(markdown).toContain('Ratio of medians, server CPU/delivery');
    const svg = await readFile(join(out, 'latest.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  }, 160_000);

  it('rejects an unknown option with a usage message and exit code 2', async () => {
    const { code, stderr } = await runBench(['--rounds', 'x']);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: node bench/run.mjs');
  }, 60_000);
});
