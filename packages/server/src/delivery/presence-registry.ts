/**
 * Who is present in which topic, by user, counting each user's connections: the in-memory
 * adapter's presence table.
 *
 * @module
 */
import type { PresenceMember } from '@parley/protocol';
import type { PresenceEntry } from './adapter.js';

interface Member {
  readonly connections: Set<string>;
  data: unknown;
}

/**
 * Presence per topic: a user is present while at least one of its connections is in the topic.
 *
 * @example
 * ```ts
 * const registry = new PresenceRegistry();
 * registry.add({ topic: 'lobby', userId: 'alice', connectionId: 'c1' }); // true: alice joined
 * registry.add({ topic: 'lobby', userId: 'alice', connectionId: 'c2' }); // false: already present
 * registry.list('lobby'); // [{ userId: 'alice', connections: 2 }]
 * ```
 */
export class PresenceRegistry {
  private readonly topics = new Map<string, Map<string, Member>>();

  /** Adds a connection; `true` when its user was not present before (a join). */
  add(entry: PresenceEntry): boolean {
    let members = this.topics.get(entry.topic);
    if (!members) this.topics.set(entry.topic, (members = new Map<string, Member>()));
    const member = members.get(entry.userId);
    if (member) {
      member.connections.add(entry.connectionId);
      if (entry.data !== undefined) member.data = entry.data;
      return false;
    }
    members.set(entry.userId, { connections: new Set([entry.connectionId]), data: entry.data });
    return true;
  }

  /** Removes a connection; `true` when it was its user's last one in the topic (a leave). */
  remove(entry: PresenceEntry): boolean {
    const members = this.topics.get(entry.topic);
    const member = members?.get(entry.userId);
    if (!members || !member || !member.connections.delete(entry.connectionId)) return false;
    if (member.connections.size > 0) return false;
    members.delete(entry.userId);
    if (members.size === 0) this.topics.delete(entry.topic);
    return true;
  }

  /** The present users of a topic. */
  list(topic: string): PresenceMember[] {
    const members = this.topics.get(topic);
    if (!members) return [];
    const list: PresenceMember[] = [];
    for (const [userId, member] of members) {
      list.push(member.data === undefined
        ? { userId, connections: member.connections.size }
        : { userId, connections: member.connections.size, data: member.data });
    }
    return list;
  }

  /** The presence data of a present user, for leave notices. */
  dataOf(topic: string, userId: string): unknown {
    return this.topics.get(topic)?.get(userId)?.data;
  }
}
