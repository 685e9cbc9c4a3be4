/**
 * The adapter's two Redis connections (commands, pub/sub) and their health: `up` while both are
 * ready, `down` otherwise. Commands fail fast with `-32050` while down and time out after
 * `commandTimeoutMs`, so no caller waits on a dead Redis.
 *
 * @module
 */
import type { Logger } from '@parley/server';
import { createClient, ErrorReply } from 'redis';
import { isTransientReply, redisUnavailable } from './errors.js';

/**
 * The part of a node-redis (v5) client the adapter uses; any `createClient()` result fits.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client: RedisConnection = createClient({ url: 'redis://127.0.0.1:6379' });
 * ```
 */
export interface RedisConnection {
  /** Connected and ready for commands. */
  readonly isReady: boolean;
  /** Connecting or connected (not closed). */
  readonly isOpen: boolean;
  /** Opens the connection (retrying as its reconnect strategy says). */
  connect(): Promise<unknown>;
  /** Sends a raw command. */
  sendCommand(args: readonly string[], options?: { timeout?: number }): Promise<unknown>;
  /** A new client with the same options, some overridden. */
  duplicate(overrides?: { disableOfflineQueue?: boolean; pingInterval?: number }): RedisConnection;
  /** Subscribes a listener to a channel. */
  subscribe(channel: string, listener: (message: string, channel: string) => unknown): Promise<void>;
  /** Unsubscribes a listener from a channel. */
  unsubscribe(channel: string, listener: (message: string, channel: string) => unknown): Promise<void>;
  /** Adds an `error` listener. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Adds a `ready`, `end` or `reconnecting` listener. */
  on(event: 'ready' | 'end' | 'reconnecting', listener: () => void): unknown;
  /** Removes an `error` listener. */
  off(event: 'error', listener: (error: Error) => void): unknown;
  /** Removes a `ready`, `end` or `reconnecting` listener. */
  off(event: 'ready' | 'end' | 'reconnecting', listener: () => void): unknown;
  /** Closes after pending replies. */
  close(): Promise<unknown>;
  /** Closes at once. */
  destroy(): void;
}

/**
 * Health of the adapter's Redis link: `connecting` (before the first connect), `up` (both
 * connections ready), `down` (one is reconnecting: cross-node calls fail with `-32050`),
 * `closed`.
 *
 * @example
 * ```ts
 * if (adapter.status === 'down') showBanner('Realtime degraded');
 * ```
 */
export type LinkStatus = 'connecting' | 'up' | 'down' | 'closed';

/** What the link tells its owner (internal). */
export interface LinkHooks {
  up(): void;
  down(error: Error): void;
}

const backoff = (retries: number): number => Math.min(50 * 2 ** Math.min(retries, 6), 2000) + Math.floor(Math.random() * 100);

/**
 * Two connections and their status (internal).
 *
 * @example
 * ```ts
 * const link = new RedisLink({ url }, 5000, logger, { up, down });
 * await link.start(5000);
 * await link.call(['PING']);
 * ```
 */
export class RedisLink {
  readonly command: RedisConnection;
  readonly subscriber: RedisConnection;
  status: LinkStatus = 'connecting';
  private readonly ownsCommand: boolean;
  private lastError: Error = new Error('Redis not connected yet');
  private readonly detach: Array<() => void> = [];
  private readonly upWaiters: Array<() => void> = [];

  constructor(
    source: { readonly url: string } | { readonly client: RedisConnection },
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    private readonly hooks: LinkHooks,
  ) {
    if ('client' in source) {
      this.command = source.client;
      this.ownsCommand = false;
    } else {
      const client: RedisConnection = createClient({
        url: source.url,
        disableOfflineQueue: true,
        pingInterval: 5000,
        socket: { reconnectStrategy: backoff, connectTimeout: timeoutMs },
      });
      this.command = client;
      this.ownsCommand = true;
    }
    // The subscriber queues (un)subscribes while reconnecting, and sends no PING in subscriber mode.
    this.subscriber = this.command.duplicate({ disableOfflineQueue: false, pingInterval: 0 });
    for (const [name, client] of [['command', this.command], ['subscriber', this.subscriber]] as const) {
      const onError = (error: Error): void => this.failed(error, name);
      const onChange = (): void => this.update();
      client.on('error', onError);
      client.on('ready', onChange);
      client.on('end', onChange);
      client.on('reconnecting', onChange);
      this.detach.push(() => {
        client.off('error', onError);
        client.off('ready', onChange);
        client.off('end', onChange);
        client.off('reconnecting', onChange);
      });
    }
  }

  /**
   * Connects both clients; resolves when up, or after `waitMs` (then the link is `down` and
   * both clients keep retrying in the background).
   */
  async start(waitMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const up = new Promise<void>((resolve) => {
      this.upWaiters.push(resolve);
      timer = setTimeout(resolve, waitMs);
    });
    for (const client of [this.command, this.subscriber]) {
      if (!client.isOpen) client.connect().catch((error: unknown) => this.failed(error as Error, 'connect'));
    }
    this.update();
    await up;
    clearTimeout(timer);
    if (this.status === 'connecting') {
      this.status = 'down';
      this.hooks.down(this.lastError);
    }
  }

  /** Sends a command: rejects at once with `-32050` while down, or after the command timeout. */
  async call(args: readonly string[]): Promise<unknown> {
    if (this.status !== 'up') throw redisUnavailable(this.lastError);
    try {
      return await this.command.sendCommand(args, { timeout: this.timeoutMs });
    } catch (error) {
      if (error instanceof ErrorReply && !isTransientReply(error)) throw error;
      throw redisUnavailable(error);
    }
  }

  /** Closes the subscriber (and the command client when the adapter made it). */
  async close(): Promise<void> {
    this.status = 'closed';
    const owned = this.ownsCommand ? [this.subscriber, this.command] : [this.subscriber];
    await Promise.all(
      owned.map(async (client) => {
        try {
          if (client.isReady) await client.close();
          else if (client.isOpen) client.destroy();
        } catch {
          client.destroy();
        }
      }),
    );
    for (const off of this.detach) off();
  }

  private failed(error: Error, where: string): void {
    this.lastError = error;
    this.logger.debug({ err: error, where }, 'parley/redis: connection error');
    this.update();
  }

  private update(): void {
    if (this.status === 'closed') return;
    const ready = this.command.isReady && this.subscriber.isReady;
    if (ready && this.status !== 'up') {
      this.status = 'up';
      for (const waiter of this.upWaiters.splice(0)) waiter();
      this.hooks.up();
    } else if (!ready && this.status === 'up') {
      this.status = 'down';
      this.hooks.down(this.lastError);
    }
  }
}
