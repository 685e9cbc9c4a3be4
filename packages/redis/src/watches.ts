/**
 * The streams this node receives, and the order it delivers them in (internal).
 *
 * Each watched stream has a cursor: the last position delivered locally (or, before any message,
 * the position read once the channel subscription was confirmed, so nothing published after it
 * can be missed unseen). A live message at `cursor + 1` is delivered; one at or below the cursor
 * is dropped; one beyond it is a gap: live messages are held while the missing ones are read from
 * the log and delivered first. A gap that the log cannot fill is reported (`lost`), which closes
 * the stream's local recipients so they resume and learn of it; the cursor then restarts from the
 * stream's current position.
 *
 * @module
 */
import type { StreamPosition } from '@parley/protocol';
import type { HistoryRead, StreamMessage } from '@parley/server';
import type { GapReport } from './events.js';

/** What the watches need from the adapter (internal). */
export interface WatchHooks {
  subscribe(stream: string): Promise<void>;
  unsubscribe(stream: string): Promise<void>;
  position(stream: string): Promise<StreamPosition>;
  read(stream: string, since: StreamPosition): Promise<HistoryRead>;
  deliver(message: StreamMessage): void;
  gap(report: GapReport): void;
  failed(error: unknown): void;
}

interface Watch {
  refs: number;
  /** Last position delivered; `undefined` until known. */
  cursor: StreamPosition | undefined;
  /** Live messages held while the cursor is being found or a gap filled. */
  pending: StreamMessage[] | undefined;
  /** Settles once the subscription is confirmed and the cursor known. */
  ready: Promise<void>;
}

const RETRY_MS = 500;

/**
 * Every watched stream of this node.
 *
 * @example
 * ```ts
 * const watches = new StreamWatches(hooks, 10_000);
 * await watches.watch('topic:lobby');
 * watches.receive(message);
 * ```
 */
export class StreamWatches {
  private readonly watches = new Map<string, Watch>();
  private closed = false;

  constructor(
    private readonly hooks: WatchHooks,
    private readonly maxPending: number,
  ) {}

  /** Adds a reference to a stream; the first subscribes. Resolves when the stream is ready. */
  watch(stream: string): Promise<void> {
    const existing = this.watches.get(stream);
    if (existing) {
      existing.refs++;
      return existing.ready;
    }
    const watch: Watch = { refs: 1, cursor: undefined, pending: [], ready: Promise.resolve() };
    this.watches.set(stream, watch);
    watch.ready = this.hooks.subscribe(stream).then(() => this.initialize(stream, watch));
    watch.ready.catch(() => undefined);
    return watch.ready;
  }

  /** Drops a reference; the last unsubscribes. */
  async unwatch(stream: string): Promise<void> {
    const watch = this.watches.get(stream);
    if (!watch || --watch.refs > 0) return;
    this.watches.delete(stream);
    await this.hooks.unsubscribe(stream);
  }

  /** The watched streams. */
  streams(): IterableIterator<string> {
    return this.watches.keys();
  }

  /** Settles when the stream is ready (at once if it is not watched). */
  ready(stream: string): Promise<void> | undefined {
    return this.watches.get(stream)?.ready;
  }

  /** A live message from the stream's channel. */
  receive(message: StreamMessage): void {
    const { stream } = message;
    const watch = this.watches.get(stream);
    if (watch) this.accept(stream, watch, message);
  }

  /** After Redis came back: every ready stream checks the log for what it missed meanwhile. */
  resync(): void {
    for (const [stream, watch] of this.watches) {
      if (watch.cursor && !watch.pending) {
        watch.pending = [];
        this.catchUp(stream, watch, watch.cursor);
      }
    }
  }

  /** Stops every retry. */
  close(): void {
    this.closed = true;
    this.watches.clear();
  }

  private accept(stream: string, watch: Watch, message: StreamMessage): void {
    if (watch.pending) {
      if (watch.pending.length >= this.maxPending) {
        watch.pending = [];
        this.hooks.gap({ stream, recovered: false, reason: 'overflow' });
      }
      watch.pending.push(message);
      return;
    }
    const cursor = watch.cursor as StreamPosition;
    const { epoch, seq } = message;
    if (epoch === cursor.epoch && seq <= cursor.seq) return;
    if ((epoch === cursor.epoch && seq === cursor.seq + 1) || (epoch !== cursor.epoch && seq === 1)) {
      watch.cursor = { epoch, seq };
      this.hooks.deliver(message);
      return;
    }
    watch.pending = [message];
    this.catchUp(stream, watch, cursor);
  }

  /** Reads what is missing after `since`, delivers it, then the held live messages. */
  private catchUp(stream: string, watch: Watch, since: StreamPosition): void {
    this.hooks.read(stream, since).then(
      (read) => {
        if (this.watches.get(stream) !== watch) return;
        if (read.ok) {
          for (const message of read.messages) this.hooks.deliver(message);
          if (read.messages.length > 0) this.hooks.gap({ stream, recovered: true, missed: read.messages.length });
        } else {
          this.hooks.gap({ stream, recovered: false, reason: read.reason });
        }
        watch.cursor = read.position;
        this.drain(stream, watch);
      },
      (error: unknown) => {
        if (this.watches.get(stream) !== watch) return;
        this.hooks.failed(error);
        this.hooks.gap({ stream, recovered: false, reason: 'unavailable' });
        watch.cursor = undefined;
        watch.ready = this.initialize(stream, watch);
      },
    );
  }

  /** Finds the cursor (retrying while Redis cannot be read), then delivers what was held. */
  private async initialize(stream: string, watch: Watch): Promise<void> {
    while (!this.closed && this.watches.get(stream) === watch) {
      try {
        const position = await this.hooks.position(stream);
        if (this.watches.get(stream) !== watch) return;
        watch.cursor = position;
        this.drain(stream, watch);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
      }
    }
  }

  private drain(stream: string, watch: Watch): void {
    const held = watch.pending ?? [];
    watch.pending = undefined;
    for (const message of held) this.accept(stream, watch, message);
  }
}
