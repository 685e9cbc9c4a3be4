/**
 * This process's index of open sessions (by connection, user and topic) and the local end of the
 * adapter: the adapter calls {@link LocalHub.deliver} and friends, the hub finds the local
 * recipients and fans out.
 *
 * @module
 */
import {
  ALL_STREAM,
  connectionStream,
  encodeNotification,
  Method,
  parseStream,
  topicStream,
  userStream,
  type PresenceEvent,
} from '@parley/protocol';
import type { Adapter, AdapterNode, PresenceChange, PresenceEntry, StreamMessage } from './adapter.js';
import type { Connection } from '../session/connection.js';
import { fanOut } from './fanout.js';
import { frameText, type Frame } from '../transport/frame.js';

/** Runs adapter work in the background: errors are logged, never thrown (internal). */
export type Background = (what: string, work: () => unknown) => void;

const addTo = <K, V>(map: Map<K, Set<V>>, key: K, value: V): boolean => {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
  return set.size === 1;
};
const removeFrom = <K, V>(map: Map<K, Set<V>>, key: K, value: V): boolean => {
  const set = map.get(key);
  if (!set?.delete(value)) return false;
  if (set.size === 0) map.delete(key);
  return set.size === 0;
};

/**
 * The local index and {@link AdapterNode}.
 *
 * @example
 * ```ts
 * const hub = new LocalHub(adapter, background, presenceDataOf);
 * adapter.init(hub);
 * ```
 */
export class LocalHub implements AdapterNode {
  /** Open sessions by connection id. */
  readonly connections = new Map<string, Connection>();
  /** A user's connections: the connection itself while it is their only one (most users), else a set. */
  private readonly users = new Map<string, Connection | Set<Connection>>();
  private readonly topics = new Map<string, Set<Connection>>();

  /**
   * @param adapter - the adapter to tell about local interest and presence
   * @param background - runs adapter calls whose outcome nobody waits for
   * @param presenceData - presence data of a connection's user
   */
  constructor(
    private readonly adapter: Adapter,
    private readonly background: Background,
    private readonly presenceData: (connection: Connection) => unknown,
  ) {}

  /** Local connections of a user. */
  userConnections(userId: string): ReadonlySet<Connection> {
    const of = this.users.get(userId);
    return of instanceof Set ? of : new Set(of && [of]);
  }

  /** Adds an open session. */
  add(connection: Connection): void {
    const { connectionId } = connection;
    const { userId } = connection.identity;
    this.connections.set(connectionId, connection);
    const firstOfUser = this.addUserConnection(userId, connection);
    this.background('connectionOpened', async () => {
      // Both watches start now, before the welcome reads the streams' positions (an async
      // adapter makes a position wait for the stream's pending watch).
      const connectionWatch = this.adapter.watch(connectionStream(connectionId));
      const userWatch = firstOfUser ? this.adapter.watch(userStream(userId)) : undefined;
      try {
        await connectionWatch;
      } finally {
        await userWatch;
      }
      await this.adapter.connectionOpened({ connectionId, userId });
    });
  }

  /** Removes a session (closing): leaves its topics (announcing presence leaves), then tells the adapter. */
  remove(connection: Connection): void {
    const { connectionId } = connection;
    const { userId } = connection.identity;
    if (this.connections.get(connectionId) !== connection) return;
    this.connections.delete(connectionId);
    const entries = [...connection.topics.keys()].map((topic) => this.leave(connection, topic)).filter((e) => e !== undefined);
    const lastOfUser = this.removeUserConnection(userId, connection);
    this.background('connectionClosed', async () => {
      for (const entry of entries) await this.adapter.presenceRemove(entry);
      await this.adapter.unwatch(connectionStream(connectionId));
      if (lastOfUser) await this.adapter.unwatch(userStream(userId));
      await this.adapter.connectionClosed({ connectionId, userId });
    });
  }

  /** Subscribes (or updates the presence flag of) a connection; returns the presence entry when it is new. */
  subscribe(connection: Connection, topic: string, presence: boolean): PresenceEntry | undefined {
    const existing = connection.topics.get(topic);
    if (existing) {
      existing.presence = presence;
      return undefined;
    }
    connection.setTopic(topic, { presence });
    if (addTo(this.topics, topic, connection)) this.background('watch', () => this.adapter.watch(topicStream(topic)));
    return this.entry(connection, topic);
  }

  /** Unsubscribes a connection; returns the presence entry to remove when it was subscribed. */
  unsubscribe(connection: Connection, topic: string): PresenceEntry | undefined {
    return this.leave(connection, topic);
  }

  /**
   * See {@link AdapterNode.deliver}: the stream's local recipients get the message's text, framed
   * once; a recipient holding the stream back (a result being prepared) keeps it for later.
   */
  deliver(message: StreamMessage): void {
    const { stream } = message;
    // The first message of an epoch announces it (protocol 6.3): never skipped for a slow consumer.
    const droppable = message.seq !== 1;
    let frame: Frame | undefined;
    for (const connection of this.recipients(stream)) {
      const held = connection.held?.get(stream);
      if (held) connection.keep(held, message);
      else if (connection.isOpen) connection.sendFrame((frame ??= frameText(message.text)), droppable);
    }
  }

  /** See {@link AdapterNode.presenceChanged}: the topic's local connections that asked for presence get a notice. */
  presenceChanged(change: PresenceChange): void {
    const subscribers = this.topics.get(change.topic);
    if (!subscribers) return;
    const watchers = [...subscribers].filter((c) => c.topics.get(change.topic)?.presence === true);
    if (watchers.length === 0) return;
    const params: PresenceEvent = { topic: change.topic, userId: change.userId, ts: change.ts };
    if (change.data !== undefined) params.data = change.data;
    fanOut(encodeNotification(change.type === 'join' ? Method.PresenceJoin : Method.PresenceLeave, params), watchers, false);
  }

  /** See {@link AdapterNode.disconnectUser}: closes the user's local connections (after the protocol's notice for the code). */
  disconnectUser(userId: string, code: number, reason: string): void {
    for (const connection of [...this.userConnections(userId)]) connection.closeWithNotice(code, reason);
  }

  /** See {@link AdapterNode.closeStream}: closes the stream's local recipients. */
  closeStream(stream: string, code: number, reason: string): void {
    for (const connection of [...this.recipients(stream)]) connection.closeWithNotice(code, reason);
  }

  /** See {@link AdapterNode.hasRecipients}. */
  hasRecipients(stream: string): boolean {
    for (const _ of this.recipients(stream)) return true;
    return false;
  }

  /** See {@link AdapterNode.hasConnection}. */
  hasConnection(connectionId: string): boolean {
    return this.connections.has(connectionId);
  }

  private recipients(stream: string): Iterable<Connection> {
    if (stream === ALL_STREAM) return this.connections.values();
    const parsed = parseStream(stream);
    switch (parsed?.kind) {
      case 'topic':
        return this.topics.get(parsed.topic) ?? [];
      case 'user':
        return this.userRecipients(parsed.userId);
      case 'conn': {
        const connection = this.connections.get(parsed.connectionId);
        return connection ? [connection] : [];
      }
      default:
        return [];
    }
  }

  private userRecipients(userId: string): Iterable<Connection> {
    const of = this.users.get(userId);
    return of instanceof Set ? of : of ? [of] : [];
  }

  /** Adds a connection of a user; `true` for their first. */
  private addUserConnection(userId: string, connection: Connection): boolean {
    const of = this.users.get(userId);
    if (of === undefined) this.users.set(userId, connection);
    else if (of instanceof Set) of.add(connection);
    else if (of !== connection) this.users.set(userId, new Set([of, connection]));
    return of === undefined;
  }

  /** Removes a connection of a user; `true` when it was their last. */
  private removeUserConnection(userId: string, connection: Connection): boolean {
    const of = this.users.get(userId);
    if (of instanceof Set) {
      if (!of.delete(connection) || of.size > 0) return false;
    } else if (of !== connection) return false;
    this.users.delete(userId);
    return true;
  }

  private leave(connection: Connection, topic: string): PresenceEntry | undefined {
    if (!connection.deleteTopic(topic)) return undefined;
    if (removeFrom(this.topics, topic, connection)) this.background('unwatch', () => this.adapter.unwatch(topicStream(topic)));
    return this.entry(connection, topic);
  }

  private entry(connection: Connection, topic: string): PresenceEntry {
    const data = this.presenceData(connection);
    const base = { topic, userId: connection.identity.userId, connectionId: connection.connectionId };
    return data === undefined ? base : { ...base, data };
  }
}
