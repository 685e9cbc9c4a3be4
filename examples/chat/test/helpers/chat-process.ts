/**
 * Runs the built chat server as a child process, the way `npm start` does, and stops it with
 * SIGTERM (which drains).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** A running chat server process. */
export interface ChatProcess {
  readonly port: number;
  readonly url: string;
  /** Everything it printed. */
  readonly output: () => string;
  /** SIGTERM, then waits for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (cleanup after a failed test). */
  kill(): void;
}

/**
 * Starts `node <entry>` with `PORT` and the given environment (without the parent's REDIS_URL);
 * resolves once it prints that it
 * listens (rejects with its output if it exits or stays silent).
 */
export async function startChatProcess(entry: string, env: Record<string, string>): Promise<ChatProcess> {
  // In-memory mode unless `env` names a REDIS_URL itself: CI exports one for the Redis tests.
  const inherited = { ...process.env };
  delete inherited['REDIS_URL'];
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', entry], {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`chat server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = /listening on http:\/\/localhost:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    exited.then(
      ([code]) => {
        clearTimeout(timer);
        reject(new Error(`chat server exited with ${String(code)}:\n${output}`));
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await exited;
      return code;
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
