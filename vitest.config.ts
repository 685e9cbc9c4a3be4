import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One config for every package. Tests import @parley/* from *source* (no build
// needed); keep these aliases in step with "paths" in tsconfig.json.
const pkg = (path: string): string => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      // Anchored regexes: a plain string alias would also rewrite
      // "@parley/protocol/vectors" as "<index.ts>/vectors".
      { find: /^@parley\/protocol\/vectors$/, replacement: pkg('protocol/src/vectors.ts') },
      {
        find: /^@parley\/(protocol|server|client|redis|conformance)$/,
        replacement: pkg('$1/src/index.ts'),
      },
    ],
  },
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'bench/test/**/*.test.ts',
      'docs/test/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    // `vitest run --typecheck` also runs tsc over tsconfig.json and reports the
    // assertions in these files (expectTypeOf / assertType).
    typecheck: {
      include: [
        'packages/*/test/**/*.test-d.ts',
        'examples/*/test/**/*.test-d.ts',
        'bench/test/**/*.test-d.ts',
      ],
      tsconfig: './tsconfig.json',
    },
    // Separate processes: WebSocket servers, sockets and timers of one test file
    // cannot leak into another. Worker count stays at vitest's default
    // (CPUs - 1, so 1 on the 2-core CI machine, leaving a core for the tsc that
    // --typecheck runs alongside); override with --maxWorkers when needed.
    pool: 'forks',
    // vitest's own summary, then one plain closing line: `tests: N passed, N failed`.
    reporters: ['default', './scripts/summary-reporter.ts'],
    // Generous: CI is a 2-core machine that may be busy with tsc and Chromium.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
  },
});
