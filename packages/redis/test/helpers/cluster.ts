/**
 * Real server processes for the multi-process tests: test/fixtures/node-server.ts bundled once
 * with the repo's esbuild (`@parley/*` from source through the root tsconfig's paths, other
 * packages left to node_modules) and run with plain `node`, one process per node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..', '..');
const outDir = join(repoRoot, 'node_modules', '.cache', 'parley-redis-test', String(process.pid));

/** Bundles the fixture server; returns the file to run. */
export async function bundleNodeServer(): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, `node-server-${Date.now()}.mjs`);
  await build({
    entryPoints: [join(here, '..', 'fixtures', 'node-server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: join(repoRoot, 'tsconfig.json'),
    logLevel: 'silent',
    plugins: [
      {
        name: 'external-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@parley/') ? undefined : { path: args.path, external: true }));
        },
      },
    ],
  });
  return outfile;
}

/** Removes this process's bundles. */
export async function removeBundles(): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
}

/** One running node. */
export interface NodeProcess {
  readonly nodeId: string;
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Output on stderr so far (for failure messages). */
  readonly stderr: () => string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
}

/** What a node is started with (see fixtures/node-server.ts). */
export interface NodeConfig {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly nodeId: string;
  readonly port?: number;
  readonly historySize?: number;
  readonly heartbeatIntervalMs?: number;
  readonly nodeTtlMs?: number;
}

/** Starts a node and waits until it listens. */
export async function startNode(bundle: string, config: NodeConfig): Promise<NodeProcess> {
  const child = spawn(process.execPath, [bundle], {
    env: { ...process.env, PARLEY_NODE: JSON.stringify(config) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin.on('error', () => undefined); // the node may die first (kill -9)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node ${config.nodeId} did not start: ${stderr}`)), 20_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    void exited.then(() => reject(new Error(`node ${config.nodeId} exited: ${stderr}`)));
  });
  return { nodeId: config.nodeId, port, url: `ws://127.0.0.1:${port}/parley`, child, stderr: () => stderr, exited };
}

/** Stops a node politely (stdin closes; it closes its server), or kills it after 5 s. */
export async function stopNode(node: NodeProcess): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  node.child.stdin?.end();
  const timer = setTimeout(() => node.child.kill('SIGKILL'), 5000);
  await node.exited;
  clearTimeout(timer);
}
