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
    // Generous: CI is a 2-core machine that may be busy with tsc and Chromium.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    // Until the first test file lands an empty run succeeds (it says
    // "No test files found, exiting with code 0"). Remove once tests exist so
    // a broken include glob fails CI instead of passing silently.
    passWithNoTests: true,
  },
});
