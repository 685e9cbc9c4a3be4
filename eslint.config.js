// ESLint flat config for the whole monorepo (`npm run lint` = `eslint .`).
import { builtinModules } from 'node:module';

import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts'];
const JS_FILES = ['**/*.js', '**/*.mjs', '**/*.cjs'];
const TEST_FILES = ['**/test/**/*.ts', '**/*.test.ts', '**/*.test-d.ts'];
// Source that must stay browser-safe: no Node built-ins or Node-only globals.
// (Its tsup build uses platform 'neutral', which also rejects built-in imports.)
const BROWSER_SAFE_SRC = ['packages/protocol/src/**/*.ts'];

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    'docs/api/',
    'coverage/',
    'bench/results/',
    '.vitest-output/',
    '**/test-output/',
    '**/*.d.ts',
  ]),

  js.configs.recommended,

  // Type-aware rules for TypeScript. projectService picks the nearest
  // tsconfig.json for each file (a package's own, else the root one).
  {
    files: TS_FILES,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },

  // Tests handle untyped wire JSON: relax the any/unsafe family there.
  // no-floating-promises / no-misused-promises stay on everywhere.
  {
    files: TEST_FILES,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  // Browser-safe packages: no Node built-ins, no Node-only globals.
  {
    files: BROWSER_SAFE_SRC,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(node:.*|(${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})(\\/.*)?)$`,
              message: 'This package must run in browsers: no Node built-ins.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['Buffer', 'process', 'global', 'require', 'module', '__dirname', '__filename', 'setImmediate'].map(
          (name) => ({ name, message: 'This package must run in browsers: no Node-only globals.' }),
        ),
      ],
    },
  },

  // The client's bundle budget: these protocol objects are whole tables; the client imports the
  // per-code constants of its own error-codes.ts / close-codes.ts / methods.ts, which bundlers inline.
  {
    files: ['packages/client/src/**/*.ts'],
    ignores: ['packages/client/src/index.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@parley/protocol',
              importNames: ['ErrorCode', 'CloseCode', 'Method'],
              allowTypeImports: true,
              message: "Use import * as ErrorCode from './error-codes.js' (close-codes.js, methods.js): bundlers inline those.",
            },
          ],
        },
      ],
    },
  },

  // Plain JS (this file, scripts/*.mjs, ...): Node, linted without type information.
  {
    files: JS_FILES,
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
