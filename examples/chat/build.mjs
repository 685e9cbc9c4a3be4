// Builds the chat demo with esbuild: the server (dist/server/main.js, run with plain `node`) and
// the page (dist/web/: index.html, app.js, style.css).
//
//   node build.mjs          what `npm run build` and `npm start` do
//
// The server bundle keeps every npm package external: `@parley/*` then resolve through the
// workspace links to the packages' own builds, exactly as in an application that installed
// them. The test builds from the packages' sources instead (`fromSource`), so it needs no
// prior build.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/**
 * esbuild plugin: the `@parley/*` packages from their sources. `external` also leaves every
 * other npm package to Node at run time.
 *
 * @param {boolean} external
 * @returns {import('esbuild').Plugin}
 */
const fromSources = (external) => ({
  name: 'parley-sources',
  setup(builder) {
    builder.onResolve({ filter: /^@parley\/(protocol|server|client|redis)$/ }, (args) => ({
      path: join(root, 'packages', args.path.slice('@parley/'.length), 'src', 'index.ts'),
    }));
    if (external) builder.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
  },
});

/**
 * Builds the server and the page into `outDir`.
 *
 * @param {{ outDir?: string, fromSource?: boolean }} [options]
 *   `outDir`: where to write (default `dist` next to this file); `fromSource`: bundle the Parley
 *   packages from their sources (tests) rather than their builds.
 * @returns {Promise<{ server: string, web: string }>} the server entry and the page's directory
 */
export async function buildChat({ outDir = join(here, 'dist'), fromSource = false } = {}) {
  const web = join(outDir, 'web');
  const server = join(outDir, 'server', 'main.js');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(web, { recursive: true });
  const common = {
    bundle: true,
    format: /** @type {const} */ ('esm'),
    sourcemap: true,
    logLevel: /** @type {const} */ ('warning'),
    // Not the repository's tsconfig.json: its `paths` (for type checking) would pull the
    // packages' sources into the production bundle.
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(here, 'src', 'server', 'main.ts')],
      outfile: server,
      platform: 'node',
      target: 'node20',
      ...(fromSource ? { plugins: [fromSources(true)] } : { packages: /** @type {const} */ ('external') }),
    }),
    build({
      ...common,
      entryPoints: [join(here, 'src', 'web', 'main.ts')],
      outfile: join(web, 'app.js'),
      platform: 'browser',
      target: 'es2022',
      minify: !fromSource,
      ...(fromSource ? { plugins: [fromSources(false)] } : {}),
    }),
    copyFile(join(here, 'src', 'web', 'index.html'), join(web, 'index.html')),
    copyFile(join(here, 'src', 'web', 'style.css'), join(web, 'style.css')),
  ]);
  return { server, web };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { server } = await buildChat();
  console.log(`chat: built ${server} and the page`);
}
