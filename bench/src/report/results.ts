/** The results document (bench/results/latest.json) and where it is written. */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, platform, arch, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BenchConfig } from '../config.js';
import type { ContenderSpec } from '../contender.js';
import type { CellRecord, ScenarioInfo, SummaryRow } from '../summary.js';
import { renderMarkdown } from './markdown.js';
import { renderSvg } from './svg.js';

/** What latest.json holds. */
export interface Results {
  readonly schema: 1;
  readonly generatedAt: string;
  readonly command: string;
  readonly machine: { node: string; platform: string; cpus: number; cpuModel: string; memoryGiB: number; loadavgAtStart: number[] };
  readonly config: BenchConfig;
  readonly contenders: readonly (ContenderSpec & { status: 'ok' | 'unavailable'; reason?: string })[];
  readonly scenarios: readonly ScenarioInfo[];
  readonly summary: readonly SummaryRow[];
  readonly cells: readonly CellRecord[];
}

/** Facts about this machine, taken at the start of a run. */
export function machineInfo(): Results['machine'] {
  const list = cpus();
  return {
    node: process.version,
    platform: `${platform()} ${arch()}`,
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadavgAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** Writes latest.json, latest.md and latest.svg into `dir`; returns the markdown. */
export async function writeResults(dir: string, results: Results): Promise<string> {
  await mkdir(dir, { recursive: true });
  const markdown = renderMarkdown(results);
  await writeFile(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(dir, 'latest.md'), markdown);
  await writeFile(join(dir, 'latest.svg'), renderSvg(results));
  return markdown;
}
