/**
 * Shared tsup settings for every publishable Parley package.
 *
 * Each package's `tsup.config.ts` is one call:
 *
 * ```ts
 * import { parleyTsup } from '../../scripts/tsup-preset.js';
 * export default parleyTsup({ entry: { index: 'src/index.ts' }, platform: 'node' });
 * ```
 *
 * (The `.js` specifier resolves to this `.ts` file both for TypeScript under
 * NodeNext and for esbuild, which tsup uses to load its config.)
 *
 * Output layout, matching the `exports` maps in the packages' package.json
 * (all packages are `"type": "module"`):
 *   dist/<name>.js     ESM        dist/<name>.d.ts   types for `import`
 *   dist/<name>.cjs    CommonJS   dist/<name>.d.cts  types for `require`
 *
 * `platform: 'neutral'` is for code that must also run in browsers: any import
 * of a Node built-in (`node:events`, `fs`, ...) fails the build instead of being
 * silently left as an external import. Dependencies and peerDependencies listed
 * in the package's package.json stay external (tsup's default); everything else,
 * including JSON files imported from source, is bundled.
 *
 * Every call of a side-effect-free valibot function in a package's source is
 * marked `/* @__PURE__ *\/` in its output (see pure-valibot.ts), so apps that
 * bundle a package drop the module-level schemas they never use.
 */
import type { Options } from 'tsup';
import { pureValibot } from './pure-valibot.js';

export type ParleyPlatform = 'neutral' | 'node' | 'browser';

export interface ParleyTsupOptions {
  /**
   * Entry points, keyed by output name: `{ index: 'src/index.ts', vectors: 'src/vectors.ts' }`
   * produces dist/index.{js,cjs,d.ts,d.cts} and dist/vectors.{js,cjs,d.ts,d.cts}.
   * An array of paths also works (output names then follow the file names).
   */
  entry: Record<string, string> | string[];
  /** 'neutral' for browser-safe packages (protocol, client); 'node' for server-side packages. */
  platform: ParleyPlatform;
  /** Escape hatch for per-package extras (external, noExternal, define, ...). Applied last. */
  overrides?: Options;
}

export function parleyTsup({ entry, platform, overrides }: ParleyTsupOptions): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    outDir: 'dist',
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform,
    // Keep `node:` specifiers as written. tsup's default strips the prefix and
    // marks the import external, which would hide a Node built-in inside a
    // browser-safe ('neutral') bundle.
    removeNodeProtocol: false,
    // Explicit, so the names never depend on the package's "type" field.
    outExtension: ({ format }) => (format === 'cjs' ? { js: '.cjs', dts: '.d.cts' } : { js: '.js', dts: '.d.ts' }),
    // JSON imported from source is inlined by esbuild's json loader.
    loader: { '.json': 'json' },
    esbuildPlugins: [pureValibot()],
    ...overrides,
  };
}
