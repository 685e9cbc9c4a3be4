/**
 * A forked child process as the orchestrator sees it: typed messages, a bounded wait for the
 * next matching one, the tail of its stderr for error reports, and a stop that always ends it.
 */
import { fork, type ChildProcess } from 'node:child_process';

const STDERR_TAIL = 2000;

export class Child<In, Out extends { readonly type: string }> {
  private readonly proc: ChildProcess;
  private stderr = '';
  /** Resolves with the exit code once the child is gone. */
  readonly exited: Promise<number | null>;
  private listeners: ((message: Out) => void)[] = [];

  constructor(script: string, execArgv: string[], start: unknown) {
    this.proc = fork(script, [JSON.stringify(start)], { execArgv, stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    this.proc.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-STDERR_TAIL);
    });
    this.proc.on('message', (message) => {
      for (const listener of this.listeners) listener(message as Out);
    });
    this.proc.on('error', () => undefined);
    // 'close' (not 'exit'): fires after the IPC channel drained, so no message is lost to it.
    this.exited = new Promise((resolve) => this.proc.once('close', (code) => resolve(code)));
  }

  /** Calls `listener` for every message. */
  onMessage(listener: (message: Out) => void): void {
    this.listeners.push(listener);
  }

  send(message: In): void {
    if (this.proc.connected) this.proc.send(message as object, (error) => void error);
  }

  /** The next message whose type is one of `types`; rejects when the child exits first or after `ms`. */
  next<T extends Out['type']>(types: readonly T[], ms: number, what: string): Promise<Extract<Out, { type: T }>> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
      };
      const listener = (message: Out): void => {
        if (!(types as readonly string[]).includes(message.type)) return;
        done();
        resolve(message as Extract<Out, { type: T }>);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${what}: no answer within ${ms} ms${this.tail()}`));
      }, ms);
      this.listeners.push(listener);
      void this.exited.then((code) => {
        done();
        reject(new Error(`${what}: process exited with code ${code}${this.tail()}`));
      });
    });
  }

  /** Asks politely (`stop` message when given), then kills after `graceMs`; resolves once it exited. */
  async stop(message: In | undefined, graceMs: number): Promise<void> {
    if (message !== undefined) this.send(message);
    else this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** `; stderr: ...` with the last lines the child wrote, or ''. */
  tail(): string {
    const lines = this.stderr.trim().split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('at '));
    return lines.length === 0 ? '' : `; stderr: ${lines.slice(-4).join(' | ')}`;
  }
}
