/**
 * This node's presence entries and connections, mirrored in Redis and kept alive by a heartbeat
 * (internal). The local mirror is the truth: while Redis is down, changes are only recorded
 * here; on every return (and whenever the node finds it was reaped) `reconcile` makes Redis match
 * it, announcing the joins and leaves that were missed.
 *
 * Crash bound: a node that stops (kill -9, partition) is reaped by any other node at most
 * `nodeTtlMs + heartbeatIntervalMs` after its last heartbeat; its users then get leave notices.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { PresenceMember } from '@parley/protocol';
import type { ConnectionRef, PresenceEntry } from '@parley/server';
import { isRedisUnavailable } from './errors.js';
import type { Keys } from './keys.js';
import type { Send } from './lua.js';
import { HAS_CONNECTION, HEARTBEAT, REAP } from './node-scripts.js';
import { PRESENCE_ADD, PRESENCE_LIST, PRESENCE_REMOVE } from './presence-scripts.js';

const REAP_BATCH = 500;
const REAP_ROUNDS = 20;
const entryKey = (topic: string, connectionId: string): string => `${topic} ${connectionId}`;

/**
 * Presence and connections of one node.
 *
 * @example
 * ```ts
 * const members = new Membership(keys, 'n1', 15000, send, () => link.status === 'up');
 * await members.heartbeat();
 * ```
 */
export class Membership {
  /** The current instance: `<nodeId>.<generation>`. */
  instance: string;
  private generation = 0;
  private registered = false;
  /** Set when a change could not reach Redis: the next heartbeat reconciles. */
  private dirty = false;
  private readonly entries = new Map<string, PresenceEntry>();
  private readonly connections = new Map<string, ConnectionRef>();

  constructor(
    private readonly keys: Keys,
    readonly nodeId: string,
    private readonly nodeTtlMs: number,
    private readonly send: Send,
    private readonly isUp: () => boolean,
  ) {
    this.instance = `${nodeId}.0`;
  }

  /** Records an entry and adds it in Redis (when up). */
  async add(entry: PresenceEntry): Promise<void> {
    this.entries.set(entryKey(entry.topic, entry.connectionId), entry);
    await this.mirror(() => this.addRemote(entry));
  }

  /** Forgets an entry and removes it in Redis (when up). */
  async remove(entry: PresenceEntry): Promise<void> {
    this.entries.delete(entryKey(entry.topic, entry.connectionId));
    await this.mirror(() => this.removeRemote(entry.topic, entry.connectionId));
  }

  /** The topic's members on live nodes, by user. */
  async list(topic: string): Promise<PresenceMember[]> {
    const values = (await PRESENCE_LIST.run(this.send, [this.keys.presence(topic), this.keys.nodes], [this.nodeTtlMs])) as string[];
    const members = new Map<string, { connections: number; data: string }>();
    for (const value of values) {
      const a = value.indexOf('\0');
      const b = value.indexOf('\0', a + 1);
      const userId = value.slice(a + 1, b);
      const member = members.get(userId);
      if (member) member.connections++;
      else members.set(userId, { connections: 1, data: value.slice(b + 1) });
    }
    return [...members].map(([userId, { connections, data }]) =>
      data === '' ? { userId, connections } : { userId, connections, data: JSON.parse(data) as unknown },
    );
  }

  /** Records a connection and registers it in Redis (when up). */
  async opened(connection: ConnectionRef): Promise<void> {
    this.connections.set(connection.connectionId, connection);
    await this.mirror(() => this.openRemote(connection.connectionId));
  }

  /** Forgets a connection. */
  async closed(connection: ConnectionRef): Promise<void> {
    this.connections.delete(connection.connectionId);
    await this.mirror(async () => {
      await this.send(['HDEL', this.keys.conns, connection.connectionId]);
      await this.send(['SREM', this.keys.nodeConnections(this.instance), connection.connectionId]);
    });
  }

  /** Whether a connection has a session on this node or on a live one. */
  async has(connectionId: string): Promise<boolean> {
    if (this.connections.has(connectionId)) return true;
    return (await HAS_CONNECTION.run(this.send, [this.keys.conns, this.keys.nodes], [connectionId, this.nodeTtlMs])) === 1;
  }

  /**
   * Renews this node's liveness (registering a new instance, then reconciling, when it was
   * reaped or never registered) and reaps dead instances.
   */
  async heartbeat(): Promise<void> {
    const alive = await HEARTBEAT.run(this.send, [this.keys.nodes], [this.instance, this.registered ? '' : 'new']);
    if (alive !== 1) {
      this.generation++;
      this.instance = `${this.nodeId}.${this.generation}.${randomBytes(3).toString('hex')}`;
      this.registered = false;
      await HEARTBEAT.run(this.send, [this.keys.nodes], [this.instance, 'new']);
    }
    if (!this.registered) {
      this.registered = true;
      this.dirty = true;
    }
    if (this.dirty) {
      this.dirty = false;
      try {
        await this.reconcile();
      } catch (error) {
        this.dirty = true;
        throw error;
      }
    }
    await this.reap('');
  }

  /** Makes Redis match the local mirror (after an outage). */
  async reconcile(): Promise<void> {
    if (!this.registered) return;
    // Independent, idempotent changes: sent together (node-redis pipelines them).
    const remote = new Set((await this.send(['SMEMBERS', this.keys.nodePresence(this.instance)])) as string[]);
    const changes: Promise<void>[] = [];
    for (const member of remote) {
      if (this.entries.has(member)) continue;
      const space = member.indexOf(' ');
      changes.push(this.removeRemote(member.slice(0, space), member.slice(space + 1)));
    }
    for (const [key, entry] of this.entries) if (!remote.has(key)) changes.push(this.addRemote(entry));
    const conns = new Set((await this.send(['SMEMBERS', this.keys.nodeConnections(this.instance)])) as string[]);
    for (const id of conns) {
      if (!this.connections.has(id)) changes.push(this.send(['SREM', this.keys.nodeConnections(this.instance), id]).then(() => undefined));
    }
    for (const id of this.connections.keys()) if (!conns.has(id)) changes.push(this.openRemote(id));
    await Promise.all(changes);
  }

  /** Retires this instance: its remaining entries are removed now (leave notices), not after the TTL. */
  async retire(): Promise<void> {
    if (!this.registered) return;
    this.registered = false;
    await this.reap(this.instance);
  }

  private async reap(retire: string): Promise<void> {
    const args = [this.keys.prefix, this.nodeTtlMs, REAP_BATCH, this.keys.control, retire];
    for (let round = 0; round < REAP_ROUNDS; round++) {
      const more = await REAP.run(this.send, [this.keys.nodes, `${this.keys.prefix}gc`], round === 0 ? args : [...args.slice(0, 4), '']);
      if (more !== 1) return;
    }
  }

  /** Runs a change in Redis when up and registered; otherwise (or when it fails) leaves it to the next reconcile. */
  private async mirror(change: () => Promise<void>): Promise<void> {
    if (!this.isUp() || !this.registered) {
      this.dirty = true;
      return;
    }
    try {
      await change();
    } catch (error) {
      this.dirty = true;
      if (!isRedisUnavailable(error)) throw error;
    }
  }

  private async addRemote(entry: PresenceEntry): Promise<void> {
    const data = entry.data === undefined ? '' : JSON.stringify(entry.data);
    const value = `${this.instance}\0${entry.userId}\0${data}`;
    await PRESENCE_ADD.run(this.send, [this.keys.nodePresence(this.instance)], [this.keys.prefix, entry.topic, entry.connectionId, value, this.keys.control]);
  }

  private async removeRemote(topic: string, connectionId: string): Promise<void> {
    await PRESENCE_REMOVE.run(this.send, [this.keys.nodePresence(this.instance)], [this.keys.prefix, topic, connectionId, this.keys.control]);
  }

  private async openRemote(connectionId: string): Promise<void> {
    await this.send(['HSET', this.keys.conns, connectionId, this.instance]);
    await this.send(['SADD', this.keys.nodeConnections(this.instance), connectionId]);
  }
}
