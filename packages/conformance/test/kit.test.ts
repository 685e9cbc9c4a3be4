/**
 * CI runs the conformance kit against the Parley server: a real server set up exactly as
 * docs/conformance.md says (fixture contract, fixture handlers, fixture authentication) on a
 * loopback port. The library runs every case in-process and its report is printed into the test
 * output; the built `parley-conformance` bin (package.json "bin", so `npm test`, which builds
 * first, runs the real thing) then runs as a child process on subsets, in text and in JSON, to
 * prove the command line works end to end.
 */
import { readFileSync } from 'node:fs';
import { allVectors, NEGOTIATION_VECTORS } from '@parley/protocol/vectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, runConformance, SCENARIOS, type Report } from '../src/index.js';
import { binPath, runBin } from './helpers/bin.js';
import { startParley, stopAll, type Running } from './helpers/servers.js';

let server: Running;
beforeAll(async () => {
  server = await startParley();
});
afterAll(stopAll);

describe('the conformance kit against the Parley server', () => {
  let report: Report;

  it('passes every case (the report is printed below)', async () => {
    report = await runConformance({ url: server.url });
    console.log(formatReport(report));
    expect(report.cases.filter((c) => c.status === 'fail')).toEqual([]);
    expect(report.ok).toBe(true);
  }, 120_000);

  it('ran every vector, negotiation case and scenario; skipped only role-client vectors', () => {
    const expected = allVectors().length + NEGOTIATION_VECTORS.vectors.length + SCENARIOS.length;
    expect(report.cases).toHaveLength(expected);
    const skipped = report.cases.filter((c) => c.status === 'skip');
    expect(skipped.map((c) => c.id.split('/')[1]).sort()).toEqual(
      allVectors()
        .filter((v) => v.role === 'client')
        .map((v) => v.name)
        .sort(),
    );
    expect(report.passed).toBe(expected - skipped.length);
  });

  it('the bin is the built cli.js and starts with a node shebang', () => {
    expect(binPath()).toMatch(/dist[\\/]cli\.js$/);
    expect(readFileSync(binPath(), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('the parley-conformance bin exits 0 and prints one PASS line per case and the summary', async () => {
    const { code, stdout, stderr } = await runBin([server.url, '--filter', 'scenario/']);
    console.log(stdout);
    expect(stderr).toBe('');
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`Parley conformance: ${server.url}`);
    expect(lines.slice(1, -1)).toEqual(SCENARIOS.map((s) => `PASS  scenario/${s.name}`));
    expect(lines.at(-1)).toBe(`${SCENARIOS.length} passed, 0 failed`);
    expect(code).toBe(0);
  }, 60_000);

  it('the bin prints the report as JSON with --json', async () => {
    const { code, stdout } = await runBin([server.url, '--json', '--filter', 'negotiation/']);
    const json = JSON.parse(stdout) as Report;
    expect(json).toMatchObject({ url: server.url, failed: 0, skipped: 0, ok: true, passed: NEGOTIATION_VECTORS.vectors.length });
    expect(json.cases.map((c) => c.id)).toEqual(NEGOTIATION_VECTORS.vectors.map((v) => `negotiation/${v.name}`));
    expect(code).toBe(0);
  }, 60_000);
});
