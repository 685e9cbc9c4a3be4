#!/usr/bin/env node
// Checks every publishable workspace package (packages/*, not "private", with a
// "build" script) the way a consumer will see it. Run after `npm run build`.
//
//   publint   — package.json / exports / files sanity; any error or warning fails
//               (suggestions are printed only).
//   attw      — @arethetypeswrong/cli on the `npm pack` tarball, profile node16
//               (node16-cjs, node16-esm and bundler resolution); any problem fails,
//               e.g. "cjs-resolves-to-esm", "false-esm", "false-cjs", "no-resolution".
//
// Exit code: 0 when every package passes, 1 otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** @param {string} file @returns {any} */
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** @returns {string} absolute path of the attw CLI entry */
function attwBin() {
  const pkgJsonPath = require.resolve('@arethetypeswrong/cli/package.json');
  /** @type {{ bin: string | Record<string, string> }} */
  const pkgJson = readJson(pkgJsonPath);
  const bin = typeof pkgJson.bin === 'string' ? pkgJson.bin : pkgJson.bin['attw'];
  if (!bin) throw new Error('@arethetypeswrong/cli has no "attw" bin');
  return join(dirname(pkgJsonPath), bin);
}

/**
 * @typedef {{ name: string, dir: string, pkg: Record<string, any> }} WorkspacePackage
 * @returns {WorkspacePackage[]}
 */
function publishablePackages() {
  const packagesDir = join(root, 'packages');
  if (!existsSync(packagesDir)) return [];
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
    .map((entry) => {
      const dir = join(packagesDir, entry.name);
      /** @type {Record<string, any>} */
      const pkg = readJson(join(dir, 'package.json'));
      return { name: String(pkg['name'] ?? entry.name), dir, pkg };
    })
    .filter(({ pkg }) => pkg['private'] !== true && typeof pkg['scripts']?.['build'] === 'string')
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * @param {WorkspacePackage} p
 * @returns {Promise<string[]>} failure descriptions (empty = pass)
 */
async function runPublint(p) {
  const { messages, pkg } = await publint({ pkgDir: p.dir, pack: 'npm', level: 'suggestion' });
  /** @type {string[]} */
  const failures = [];
  for (const message of messages) {
    const text = formatMessage(message, pkg) ?? message.code;
    const line = `  publint ${message.type}: ${text}`;
    if (message.type === 'suggestion') {
      console.log(line);
    } else {
      console.error(line);
      failures.push(`publint ${message.type} ${message.code}`);
    }
  }
  if (messages.length === 0) console.log('  publint: no issues');
  return failures;
}

/**
 * @param {WorkspacePackage} p
 * @returns {string[]} failure descriptions (empty = pass)
 */
function runAttw(p) {
  const result = spawnSync(
    process.execPath,
    [attwBin(), '--pack', p.dir, '--profile', 'node16', '--format', 'table', '--no-emoji', '--no-color'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (output) console.log(output.replace(/^/gm, '  '));
  if (result.error) return [`attw could not run: ${result.error.message}`];
  if (result.status !== 0) return [`attw exited with ${String(result.status ?? result.signal)}`];
  return [];
}

/**
 * Files named in "main"/"module"/"types"/"exports" must exist before packing,
 * or both tools report confusing errors; say "build first" instead.
 * @param {WorkspacePackage} p
 * @returns {string[]}
 */
function missingBuildOutputs(p) {
  /** @type {Set<string>} */
  const targets = new Set();
  /** @param {unknown} value */
  const collect = (value) => {
    if (typeof value === 'string') {
      if (value.startsWith('./') && !value.includes('*')) targets.add(value);
    } else if (value && typeof value === 'object') {
      for (const child of Object.values(value)) collect(child);
    }
  };
  collect([p.pkg['main'], p.pkg['module'], p.pkg['types'], p.pkg['exports']]);
  return [...targets].filter((file) => !existsSync(join(p.dir, file)));
}

const packages = publishablePackages();
if (packages.length === 0) {
  console.error('check-packages: no publishable packages found under packages/*');
  process.exit(1);
}

/** @type {{ name: string, failures: string[] }[]} */
const results = [];
for (const p of packages) {
  console.log(`\n== ${p.name} (${relative(root, p.dir)})`);
  const missing = missingBuildOutputs(p);
  if (missing.length > 0) {
    const failures = [`missing build output ${missing.join(', ')} (run \`npm run build\` first)`];
    console.error(`  ${failures[0]}`);
    results.push({ name: p.name, failures });
    continue;
  }
  const failures = await runPublint(p).catch((/** @type {unknown} */ error) => {
    const message = `publint crashed: ${error instanceof Error ? error.message : String(error)}`;
    console.error(`  ${message}`);
    return [message];
  });
  failures.push(...runAttw(p));
  results.push({ name: p.name, failures });
}

console.log('\nPackage check summary');
const width = Math.max(...results.map((r) => r.name.length));
for (const { name, failures } of results) {
  console.log(`  ${name.padEnd(width)}  ${failures.length === 0 ? 'ok' : `FAIL: ${failures.join('; ')}`}`);
}
const failed = results.filter((r) => r.failures.length > 0).length;
console.log(`${results.length - failed} of ${results.length} package(s) OK`);
process.exit(failed === 0 ? 0 : 1);
