/**
 * The default adapter: everything in this process's memory. One server, one process.
 *
 * @module
 */
import type { PresenceMember, StreamPosition } from '@parley/protocol';
import { parseStream } from '@parley/protocol';
import type {
  Adapter,
  AdapterNode,
  ConnectionRef,
  HistoryRead,
  MessageDraft,
  PresenceEntry,
  StreamMessage,
} from './adapter.js';
import { PresenceRegistry } from './presence-registry.js';
import { flat } from '../util/shared-strings.js';
import { StreamLog, type StreamLogLimits } from './stream-log.js';

/**
 * Options of {@link MemoryAdapter}: the bounds of every stream's log (topics, users, `all`;
 * connection streams keep no log since they cannot be resumed).
 *
 * @example
 * ```ts
 * new MemoryAdapter({ historySize: 300, historyTtlMs: 60_000 });
 * ```
 */
export interface MemoryAdapterOptions {
  /** Most messages kept per stream. Default 1,000; `0` keeps none. */
  readonly historySize?: number;
  /** Oldest message kept, in ms. Default 120,000 (2 minutes). */
  readonly historyTtlMs?: number;
  /** Most bytes kept per stream (length of the encoded messages). Default 1 MiB. */
  readonly historyMaxBytes?: number;
  /** How often idle streams are swept from memory, in ms. Default 30,000. */
  readonly sweepIntervalMs?: number;
}

/**
 * Defaults of {@link MemoryAdapterOptions}.
 *
 * @example
 * ```ts
 * MEMORY_ADAPTER_DEFAULTS.historySize; // 1000
 * ```
 */
export const MEMORY_ADAPTER_DEFAULTS = Object.freeze({
  historySize: 1000,
  historyTtlMs: 120_000,
  historyMaxBytes: 1024 * 1024,
  sweepIntervalMs: 30_000,
});

const NO_LOG: StreamLogLimits = { maxMessages: 0, maxBytes: 0, maxAgeMs: 0 };

/**
 * The in-memory {@link Adapter}: numbers each stream, keeps its recent messages, tracks presence
 * and delivers straight to the local node, synchronously. Memory stays bounded: each log by its
 * limits, and a sweep forgets streams that have no local recipient and nothing left in their log
 * (a later message starts a new epoch, which a resuming client sees as `epoch_changed`).
 *
 * @example
 * ```ts
 * const server = createParleyServer({ server: http, adapter: new MemoryAdapter({ historySize: 500 }) });
 * ```
 */
export class MemoryAdapter implements Adapter {
  private node: AdapterNode | undefined;
  private readonly limits: StreamLogLimits;
  private readonly sweepIntervalMs: number;
  private readonly logs = new Map<string, StreamLog>();
  private readonly presence = new PresenceRegistry();
  private timer: NodeJS.Timeout | undefined;

  /** @param options - log bounds */
  constructor(options: MemoryAdapterOptions = {}) {
    const d = MEMORY_ADAPTER_DEFAULTS;
    this.limits = {
      maxMessages: options.historySize ?? d.historySize,
      maxAgeMs: options.historyTtlMs ?? d.historyTtlMs,
      maxBytes: options.historyMaxBytes ?? d.historyMaxBytes,
    };
    this.sweepIntervalMs = options.sweepIntervalMs ?? d.sweepIntervalMs;
    for (const [name, value] of Object.entries({ ...this.limits, sweepIntervalMs: this.sweepIntervalMs })) {
      if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`MemoryAdapter: ${name} must be an integer >= 0`);
    }
  }

  /** See {@link Adapter.init}. */
  init(node: AdapterNode): void {
    if (this.node) throw new Error('MemoryAdapter: one adapter serves one server');
    this.node = node;
    if (this.sweepIntervalMs > 0) {
      this.timer = setInterval(() => this.sweep(Date.now()), this.sweepIntervalMs);
      this.timer.unref();
    }
  }

  /** See {@link Adapter.publish}. */
  publish(draft: MessageDraft): StreamMessage {
    const message = this.log(draft.stream).append(draft, Date.now());
    this.node?.deliver(message);
    return message;
  }

  /** See {@link Adapter.position}. */
  position(stream: string): StreamPosition {
    return this.log(stream).position;
  }

  /** See {@link Adapter.read}. */
  read(stream: string, since: StreamPosition): HistoryRead {
    return this.log(stream).read(since, Date.now());
  }

  /** See {@link Adapter.watch}. Nothing to do: one node, which the sweep asks about recipients. */
  watch(_stream: string): void {
    // The local node knows its recipients (AdapterNode.hasRecipients): no copy of them here.
  }

  /** See {@link Adapter.unwatch}. A connection's stream goes with its connection. */
  unwatch(stream: string): void {
    if (stream.startsWith('conn:')) this.logs.delete(stream);
  }

  /** See {@link Adapter.presenceAdd}. */
  presenceAdd(entry: PresenceEntry): void {
    if (!this.presence.add(entry)) return;
    this.node?.presenceChanged({ type: 'join', topic: entry.topic, userId: entry.userId, data: entry.data, ts: Date.now() });
  }

  /** See {@link Adapter.presenceRemove}. */
  presenceRemove(entry: PresenceEntry): void {
    const data = this.presence.dataOf(entry.topic, entry.userId);
    if (!this.presence.remove(entry)) return;
    this.node?.presenceChanged({ type: 'leave', topic: entry.topic, userId: entry.userId, data, ts: Date.now() });
  }

  /** See {@link Adapter.presenceList}. */
  presenceList(topic: string): PresenceMember[] {
    return this.presence.list(topic);
  }

  /** See {@link Adapter.connectionOpened}. Nothing to do: the local node is the whole cluster. */
  connectionOpened(_connection: ConnectionRef): void {
    // The node's own index answers hasConnection.
  }

  /** See {@link Adapter.connectionClosed}. */
  connectionClosed(_connection: ConnectionRef): void {
    // As connectionOpened.
  }

  /** See {@link Adapter.hasConnection}: the local node's answer (one node is the whole cluster). */
  hasConnection(connectionId: string): boolean {
    return this.node?.hasConnection(connectionId) ?? false;
  }

  /** See {@link Adapter.disconnectUser}. */
  disconnectUser(userId: string, code: number, reason: string): void {
    this.node?.disconnectUser(userId, code, reason);
  }

  /** See {@link Adapter.close}. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Trims every log by age and forgets idle streams; runs every `sweepIntervalMs` by itself.
   *
   * @example
   * ```ts
   * adapter.sweep(Date.now());
   * ```
   */
  sweep(now: number): void {
    for (const [stream, log] of this.logs) {
      log.trim(now);
      if (log.size === 0 && now - log.lastAppendAt > this.limits.maxAgeMs && !this.node?.hasRecipients(stream)) this.logs.delete(stream);
    }
  }

  private log(stream: string): StreamLog {
    let log = this.logs.get(stream);
    if (!log) {
      log = new StreamLog(parseStream(stream)?.kind === 'conn' ? NO_LOG : this.limits);
      this.logs.set(flat(stream), log);
    }
    return log;
  }
}
