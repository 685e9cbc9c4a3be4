#!/usr/bin/env node
/**
 * `npm run bench:redis -w @parley/redis [-- options]`: bundles bench/fanout.ts and bench/node.ts
 * with esbuild (`@parley/*` from source through the root tsconfig's paths, other packages left to
 * node_modules) and runs the fan-out bench with plain node. Needs Redis at REDIS_URL.
 */
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(benchDir, '..', '..', '..');
const outDir = join(repoRoot, 'node_modules', '.cache', 'parley-redis-bench', String(process.pid));

await build({
  entryPoints: { fanout: join(benchDir, 'fanout.ts'), node: join(benchDir, 'node.ts') },
  outdir: outDir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: join(repoRoot, 'tsconfig.json'),
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@parley/') ? undefined : { path: args.path, external: true }));
      },
    },
  ],
});
try {
  const { status } = spawnSync(process.execPath, [join(outDir, 'fanout.mjs'), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_NODE_SCRIPT: join(outDir, 'node.mjs') },
  });
  process.exitCode = status ?? 1;
} finally {
  await rm(outDir, { recursive: true, force: true });
}
