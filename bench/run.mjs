#!/usr/bin/env node
/**
 * `npm run bench` (see USAGE in src/cli.ts): bundles the TypeScript harness and each contender
 * with esbuild into node_modules/.cache/parley-bench/<pid>/ (`@parley/*` from the packages'
 * source through the root tsconfig's paths; other packages stay imports of node_modules),
 * then runs it with plain `node`. A contender that does not build (e.g. Parley before its
 * server and client exist) is reported as unavailable instead of stopping the run.
 */
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(benchDir);
const buildDir = join(repoRoot, 'node_modules', '.cache', 'parley-bench', String(process.pid));

/** @type {import('esbuild').Plugin} */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@parley/') ? undefined : { path: args.path, external: true }));
  },
};

/** @param {Record<string, string>} entryPoints */
const bundle = (entryPoints) =>
  build({
    entryPoints,
    outdir: buildDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'silent',
    plugins: [externalPackages],
  });

/** @param {unknown} error */
const buildError = (error) => {
  const first = /** @type {{ errors?: { text: string, location?: { file: string } | null }[] }} */ (error).errors?.[0];
  if (first === undefined) return String(error);
  return `build failed: ${first.text}${first.location ? ` (${first.location.file})` : ''}`;
};

// Build directories of runs that were killed (their process is gone) are removed first.
const cacheDir = dirname(buildDir);
const alive = (/** @type {number} */ pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
};
for (const entry of existsSync(cacheDir) ? readdirSync(cacheDir) : []) {
  if (!alive(Number(entry))) await rm(join(cacheDir, entry), { recursive: true, force: true });
}

await bundle({
  main: join(benchDir, 'src/main.ts'),
  'server-proc': join(benchDir, 'src/procs/server-proc.ts'),
  'loadgen-proc': join(benchDir, 'src/procs/loadgen-proc.ts'),
});
const contenders = readdirSync(join(benchDir, 'contenders')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
/** @type {Record<string, string>} */
const unavailable = {};
await Promise.all(
  contenders.map((name) =>
    bundle({ [`contenders/${name}`]: join(benchDir, 'contenders', `${name}.ts`) }).catch((error) => {
      unavailable[name] = buildError(error);
    }),
  ),
);

try {
  /** @type {typeof import('./src/main.js')} */
  const harness = await import(pathToFileURL(join(buildDir, 'main.mjs')).href);
  process.exitCode = await harness.main(process.argv.slice(2), { buildDir, repoRoot, unavailable });
} finally {
  // BENCH_KEEP_BUILD=1 keeps the bundles, so the line numbers of a --cpu-prof profile can be read.
  if (process.env['BENCH_KEEP_BUILD'] === '1') console.log(`bundles kept in ${buildDir}`);
  else await rm(buildDir, { recursive: true, force: true });
}
