// The README's performance section is generated from bench/results/latest.json
// (`node bench/run.mjs --readme`): it must show that run's figures, not hand-copied or stale ones.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { README_END, README_START, renderReadme, updateReadme } from '../src/report/readme.js';
import type { Results } from '../src/report/results.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('README performance section', () => {
  it('is the rendering of bench/results/latest.json', async () => {
    const readme = await readFile(`${root}README.md`, 'utf8');
    const results = JSON.parse(await readFile(`${root}bench/results/latest.json`, 'utf8')) as Results;
    const block = readme.slice(readme.indexOf(README_START) + README_START.length, readme.indexOf(README_END)).trim();
    expect(block).toBe(renderReadme(results));
  });

  it('updateReadme replaces only the block between the markers', async () => {
    const results = JSON.parse(await readFile(`${root}bench/results/latest.json`, 'utf8')) as Results;
    const updated = updateReadme(`before\n${README_START}\nold\n${README_END}\nafter\n`, results);
    expect(updated.startsWith(`before\n${README_START}\n`)).toBe(true);
    expect(updated.endsWith(`\n${README_END}\nafter\n`)).toBe(true);
    expect(updated).not.toContain('old');
    expect(() => updateReadme('no markers', results)).toThrow(/bench:start/);
  });
});
