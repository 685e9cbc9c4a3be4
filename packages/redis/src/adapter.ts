/**
 * `createRedisAdapter`: one Parley server spread over many processes through Redis.
 *
 * - Numbering: each publish runs one script that assigns the stream's next seq (epoch created
 *   once), joins the delivery frame (encoded once by the publishing node, see encode.ts), appends
 *   it to the stream's log and publishes it with its epoch and seq on the stream's channel, so
 *   every node sees every stream in seq order.
 * - Delivery: a node subscribes to the channels of the streams it has recipients for (`all`, its
 *   topics, its users, its connections) and hands each message to its hub, in order, filling any
 *   gap from the log (see watches.ts).
 * - Presence, connections and disconnect-user: see membership.ts and the control channel.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { ALL_STREAM, CloseCode, type PresenceMember, type PublishResult, type StreamPosition } from '@parley/protocol';
import {
  silentLogger,
  type Adapter,
  type AdapterNode,
  type ConnectionRef,
  type HistoryRead,
  type Logger,
  type MessageDraft,
  type PresenceEntry,
  type SessionRef,
} from '@parley/server';
import { RedisLink, type LinkStatus } from './connection.js';
import { liveMessage } from './encode.js';
import { isRedisUnavailable, redisUnavailable } from './errors.js';
import { Emitter, type GapReport, type RedisAdapterEvents } from './events.js';
import { StreamStore } from './history.js';
import { Keys } from './keys.js';
import { Membership } from './membership.js';
import { kickMessage, readControl } from './control.js';
import { HAS_CONNECTION, HEARTBEAT, REAP } from './node-scripts.js';
import { PRESENCE_ADD, PRESENCE_LIST, PRESENCE_REMOVE } from './presence-scripts.js';
import { POSITION, PUBLISH, READ } from './stream-scripts.js';
import { resolveLimits, REDIS_ADAPTER_DEFAULTS, type RedisAdapterOptions, type ResolvedLimits } from './options.js';
import { SessionDirectory } from './sessions.js';
import { StreamWatches } from './watches.js';

const SCRIPTS = [PUBLISH, POSITION, READ, PRESENCE_ADD, PRESENCE_REMOVE, PRESENCE_LIST, HEARTBEAT, REAP, HAS_CONNECTION];

/**
 * Counters of one adapter, for metrics.
 *
 * @example
 * ```ts
 * const { published, gapsLost } = adapter.stats();
 * ```
 */
export interface RedisAdapterStats {
  /** Health of the Redis link. */
  readonly status: LinkStatus;
  /** Messages this node published. */
  readonly published: number;
  /** Messages this node received from Redis. */
  readonly received: number;
  /** Publishes refused because Redis was unavailable. */
  readonly rejected: number;
  /** Gaps filled from the log. */
  readonly gapsRecovered: number;
  /** Gaps that could not be filled (recipients told through resume). */
  readonly gapsLost: number;
}

/**
 * The Redis `Adapter`. Make it with {@link createRedisAdapter}.
 *
 * @example
 * ```ts
 * const adapter = createRedisAdapter({ url: 'redis://127.0.0.1:6379' });
 * adapter.on('down', (error) => console.warn('Redis down', error.message));
 * const parley = createParleyServer({ server: http, adapter });
 * ```
 */
export class RedisAdapter implements Adapter {
  /** This node's id (random unless given). */
  readonly nodeId: string;
  private readonly limits: ResolvedLimits;
  private readonly logger: Logger;
  private readonly keys: Keys;
  private readonly link: RedisLink;
  private readonly streams: StreamStore;
  private readonly watches: StreamWatches;
  private readonly members: Membership;
  private readonly sessions: SessionDirectory;
  private readonly events: Emitter<RedisAdapterEvents>;
  private node: AdapterNode | undefined;
  private started = false;
  private touchedAt = 0;
  private beating = false;
  private timer: NodeJS.Timeout | undefined;
  private counts = { published: 0, received: 0, rejected: 0, gapsRecovered: 0, gapsLost: 0 };

  /** @param options - see {@link RedisAdapterOptions} */
  constructor(options: RedisAdapterOptions = {}) {
    this.limits = resolveLimits(options);
    this.logger = options.logger ?? silentLogger;
    this.nodeId = options.nodeId ?? randomBytes(6).toString('base64url');
    this.keys = new Keys(this.limits.prefix);
    this.events = new Emitter<RedisAdapterEvents>(this.logger);
    const source = options.client ? { client: options.client } : { url: options.url ?? REDIS_ADAPTER_DEFAULTS.url };
    this.link = new RedisLink(source, this.limits.commandTimeoutMs, this.logger, { up: () => this.onUp(), down: (e) => this.onDown(e) });
    const send = (args: readonly string[]): Promise<unknown> => this.link.call(args);
    this.streams = new StreamStore(this.keys, this.limits, send);
    this.members = new Membership(this.keys, this.nodeId, this.limits.nodeTtlMs, send, () => this.link.status === 'up');
    this.sessions = new SessionDirectory(this.limits.prefix, send);
    this.watches = new StreamWatches(
      {
        subscribe: (stream) => this.link.subscriber.subscribe(this.keys.channel(stream), this.onMessage),
        unsubscribe: (stream) => this.link.subscriber.unsubscribe(this.keys.channel(stream), this.onMessage),
        position: (stream) => this.streams.position(stream),
        read: (stream, since) => this.streams.read(stream, since),
        deliver: (message) => this.node?.deliver(message),
        gap: (report) => this.onGap(report),
        failed: (error) => this.report(error, 'catch-up'),
      },
      this.limits.maxPendingPerStream,
    );
  }

  /** Health of the Redis link: `connecting`, `up`, `down` or `closed`. */
  get status(): LinkStatus {
    return this.link.status;
  }

  /** This node's counters. */
  stats(): RedisAdapterStats {
    return { status: this.link.status, ...this.counts };
  }

  /** Listens to `up`, `down`, `error` and `gap`; returns the remover. */
  on<K extends keyof RedisAdapterEvents>(event: K, listener: RedisAdapterEvents[K]): () => void {
    return this.events.on(event, listener);
  }

  /** Removes a listener. */
  off<K extends keyof RedisAdapterEvents>(event: K, listener: RedisAdapterEvents[K]): void {
    this.events.off(event, listener);
  }

  /** See `Adapter.init`: connects (waiting at most `connectTimeoutMs`), subscribes, registers the node. */
  async init(node: AdapterNode): Promise<void> {
    if (this.node) throw new Error('RedisAdapter: one adapter serves one server');
    this.node = node;
    await this.link.start(this.limits.connectTimeoutMs);
    const loaded = this.link.status === 'up' ? this.preload() : Promise.resolve();
    await loaded.catch((error: unknown) => this.report(error, 'init'));
    const control = this.link.subscriber.subscribe(this.keys.control, this.onControl);
    const all = this.watches.watch(ALL_STREAM);
    const heartbeat = this.beat();
    this.timer = setInterval(() => void this.beat(), this.limits.heartbeatIntervalMs);
    this.timer.unref();
    this.started = true;
    const settled = Promise.all([control, all, heartbeat]);
    settled.catch((error: unknown) => this.report(error, 'init'));
    if (this.link.status !== 'up') return;
    let timer: NodeJS.Timeout | undefined;
    // Redis may go away meanwhile: the server starts anyway, and the watches keep retrying.
    await Promise.race([settled.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, this.limits.connectTimeoutMs)))]);
    clearTimeout(timer);
  }

  /** See `Adapter.publish`; rejects with `-32050` while Redis is unavailable. */
  async publish(draft: MessageDraft): Promise<PublishResult> {
    try {
      const published = await this.streams.publish(draft);
      this.counts.published++;
      return published;
    } catch (error) {
      if (isRedisUnavailable(error)) this.counts.rejected++;
      throw error;
    }
  }

  /** See `Adapter.position`. */
  async position(stream: string): Promise<StreamPosition> {
    await this.whenReady(stream);
    return this.streams.position(stream);
  }

  /** See `Adapter.read`: from the stream's log in Redis, so any node can serve a resume. */
  async read(stream: string, since: StreamPosition): Promise<HistoryRead> {
    await this.whenReady(stream);
    return this.streams.read(stream, since);
  }

  /** See `Adapter.watch`: subscribes to the stream's channel; resolves once nothing published after can be missed. */
  watch(stream: string): Promise<void> {
    return this.watches.watch(stream);
  }

  /** See `Adapter.unwatch`. A closed connection's stream is also forgotten in Redis. */
  async unwatch(stream: string): Promise<void> {
    await this.watches.unwatch(stream);
    if (stream.startsWith('conn:') && this.link.status === 'up') await this.streams.forget(stream);
  }

  /** See `Adapter.presenceAdd`. While Redis is down the entry is kept locally and added on its return. */
  presenceAdd(entry: PresenceEntry): Promise<void> {
    return this.members.add(entry);
  }

  /** See `Adapter.presenceRemove`. */
  presenceRemove(entry: PresenceEntry): Promise<void> {
    return this.members.remove(entry);
  }

  /** See `Adapter.presenceList`: entries of live nodes only. */
  presenceList(topic: string): Promise<PresenceMember[]> {
    return this.members.list(topic);
  }

  /** See `Adapter.connectionOpened`. */
  connectionOpened(connection: ConnectionRef): Promise<void> {
    return this.members.opened(connection);
  }

  /** See `Adapter.connectionClosed`. */
  connectionClosed(connection: ConnectionRef): Promise<void> {
    return this.members.closed(connection);
  }

  /** See `Adapter.hasConnection`. */
  hasConnection(connectionId: string): Promise<boolean> {
    return this.members.has(connectionId);
  }

  /** See `Adapter.rememberSession`: kept in Redis, renewed while this node holds it open. */
  rememberSession(session: SessionRef, ttlMs: number): Promise<void> {
    return this.sessions.remember(session, ttlMs);
  }

  /** See `Adapter.findSession`: any node's session, so a client can resume anywhere. */
  findSession(sessionId: string): Promise<SessionRef | undefined> {
    return this.sessions.find(sessionId);
  }

  /**
   * See `Adapter.disconnectUser`: this node's connections close at once; the other nodes are
   * told through Redis (rejects with `-32050` if Redis is unavailable, after closing the local ones).
   */
  async disconnectUser(userId: string, code: number, reason: string): Promise<void> {
    this.node?.disconnectUser(userId, code, reason);
    await this.link.call(['PUBLISH', this.keys.control, kickMessage(this.nodeId, userId, code, reason)]);
  }

  /** See `Adapter.close`: retires this node (its presence entries leave now) and closes the connections. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.watches.close();
    if (this.link.status === 'up') await this.members.retire().catch((error: unknown) => this.report(error, 'close'));
    await this.link.close();
  }

  private readonly onMessage = (text: string, channel: string): void => {
    this.counts.received++;
    const message = liveMessage(channel.slice(this.keys.channelPrefix.length), text);
    if (message) this.watches.receive(message);
    else this.logger.warn({ text: text.slice(0, 200) }, 'parley/redis: ignored a malformed message');
  };

  private readonly onControl = (text: string): void => {
    const order = readControl(text);
    if (!order) return this.logger.warn({ text: text.slice(0, 200) }, 'parley/redis: ignored a malformed control message');
    if (order.k === 'kick') {
      if (order.from !== this.nodeId) this.node?.disconnectUser(order.userId, order.code, order.reason);
    } else {
      this.node?.presenceChanged(order.change);
    }
  };

  private async whenReady(stream: string): Promise<void> {
    if (this.link.status !== 'up') throw redisUnavailable();
    const ready = this.watches.ready(stream);
    if (!ready) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(redisUnavailable(new Error(`${stream} not ready`))), this.limits.commandTimeoutMs);
    });
    try {
      await Promise.race([ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Loads every script, so the first calls after (re)connecting run in the order they were made (no NOSCRIPT retries). */
  private async preload(): Promise<void> {
    await Promise.all(SCRIPTS.map((script) => this.link.call(['SCRIPT', 'LOAD', script.source])));
  }

  private async beat(): Promise<void> {
    if (this.link.status !== 'up' || this.beating) return;
    this.beating = true;
    try {
      await this.members.heartbeat();
      const now = Date.now();
      await this.sessions.renew(now);
      if (now - this.touchedAt >= this.limits.streamTtlMs / 4) {
        this.touchedAt = now;
        await this.streams.touch(this.watches.streams());
      }
    } catch (error) {
      this.report(error, 'heartbeat');
    } finally {
      this.beating = false;
    }
  }

  private onUp(): void {
    this.logger.info({ nodeId: this.nodeId }, 'parley/redis: up');
    this.events.emit('up');
    if (!this.started) return;
    void this.preload()
      .catch((error: unknown) => this.report(error, 'preload'))
      .then(() => {
        void this.beat();
        this.watches.resync();
      });
  }

  private onDown(error: Error): void {
    this.logger.warn({ err: error, nodeId: this.nodeId }, 'parley/redis: down');
    this.events.emit('down', error);
  }

  private onGap(report: GapReport): void {
    this.events.emit('gap', report);
    if (report.recovered) {
      this.counts.gapsRecovered++;
      return;
    }
    this.counts.gapsLost++;
    this.logger.warn(report, 'parley/redis: unrecoverable gap, closing the stream\'s local recipients so they resume');
    this.node?.closeStream?.(report.stream, CloseCode.TryAgainLater, 'stream gap');
  }

  private report(error: unknown, where: string): void {
    if (isRedisUnavailable(error) && this.link.status !== 'up') return; // the outage was reported as `down`
    const err = error instanceof Error ? error : new Error(String(error));
    this.logger.error({ err, where }, 'parley/redis: background failure');
    this.events.emit('error', err, where);
  }
}

/**
 * Makes a {@link RedisAdapter}: pass it as the server's `adapter`. Servers sharing the Redis and
 * the `prefix` form one cluster; clients may connect to any of them (no sticky sessions).
 *
 * @example
 * ```ts
 * import { createParleyServer } from '@parley/server';
 * import { createRedisAdapter } from '@parley/redis';
 *
 * const parley = createParleyServer({
 *   server: http,
 *   contract,
 *   adapter: createRedisAdapter({ url: process.env.REDIS_URL, prefix: 'chat:' }),
 * });
 * ```
 */
export function createRedisAdapter(options: RedisAdapterOptions = {}): RedisAdapter {
  return new RedisAdapter(options);
}
