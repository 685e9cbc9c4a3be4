/**
 * Running the built `parley-conformance` bin (the file package.json's "bin" names) as a child
 * process, the way a user or CI runs it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BinResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const packageUrl = new URL('../../', import.meta.url);

/** The bin's path, from package.json (so a wrong "bin" entry fails the tests). */
export function binPath(): string {
  const pkg = JSON.parse(readFileSync(new URL('package.json', packageUrl), 'utf8')) as { bin: Record<string, string> };
  return fileURLToPath(new URL(pkg.bin['parley-conformance'] as string, packageUrl));
}

/** Runs the bin with `args` and collects its output and exit code. */
export function runBin(args: readonly string[]): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
