/**
 * An adapter that answers every call asynchronously, as a networked one (Redis) would, by
 * delegating to a MemoryAdapter after a microtask, and that can hold one named call at a gate so
 * a test can act while it waits.
 */
import type { PresenceMember, StreamPosition } from '@parley/protocol';
import {
  MemoryAdapter,
  type Adapter,
  type AdapterNode,
  type ConnectionRef,
  type HistoryRead,
  type MessageDraft,
  type PresenceEntry,
  type StreamMessage,
} from '../../src/index.js';

type Gated = 'position' | 'presenceAdd' | 'read';

export class AsyncAdapter implements Adapter {
  private gate: { method: Gated; open: Promise<void>; entered: () => void } | undefined;

  constructor(private readonly inner = new MemoryAdapter()) {}

  /** The next call of `method` waits until `open()`; `waiting` resolves once it does. */
  arm(method: Gated): { waiting: Promise<void>; open: () => void } {
    let open!: () => void;
    let entered!: () => void;
    const waiting = new Promise<void>((resolve) => (entered = resolve));
    this.gate = { method, open: new Promise((resolve) => (open = resolve)), entered };
    return { waiting, open };
  }

  private async pass(method: string): Promise<void> {
    await Promise.resolve();
    const gate = this.gate;
    if (gate?.method !== method) return;
    this.gate = undefined;
    gate.entered();
    await gate.open;
  }

  async init(node: AdapterNode): Promise<void> {
    await this.pass('init');
    this.inner.init(node);
  }
  async publish(draft: MessageDraft): Promise<StreamMessage> {
    await this.pass('publish');
    return this.inner.publish(draft);
  }
  async position(stream: string): Promise<StreamPosition> {
    await this.pass('position');
    return this.inner.position(stream);
  }
  async read(stream: string, since: StreamPosition): Promise<HistoryRead> {
    await this.pass('read');
    return this.inner.read(stream, since);
  }
  async watch(stream: string): Promise<void> {
    await this.pass('watch');
    this.inner.watch(stream);
  }
  async unwatch(stream: string): Promise<void> {
    await this.pass('unwatch');
    this.inner.unwatch(stream);
  }
  async presenceAdd(entry: PresenceEntry): Promise<void> {
    await this.pass('presenceAdd');
    this.inner.presenceAdd(entry);
  }
  async presenceRemove(entry: PresenceEntry): Promise<void> {
    await this.pass('presenceRemove');
    this.inner.presenceRemove(entry);
  }
  async presenceList(topic: string): Promise<PresenceMember[]> {
    await this.pass('presenceList');
    return this.inner.presenceList(topic);
  }
  async connectionOpened(connection: ConnectionRef): Promise<void> {
    await this.pass('connectionOpened');
    this.inner.connectionOpened(connection);
  }
  async connectionClosed(connection: ConnectionRef): Promise<void> {
    await this.pass('connectionClosed');
    this.inner.connectionClosed(connection);
  }
  async hasConnection(connectionId: string): Promise<boolean> {
    await this.pass('hasConnection');
    return this.inner.hasConnection(connectionId);
  }
  async disconnectUser(userId: string, code: number, reason: string): Promise<void> {
    await this.pass('disconnectUser');
    this.inner.disconnectUser(userId, code, reason);
  }
  async close(): Promise<void> {
    await this.pass('close');
    this.inner.close();
  }
}
