/**
 * Every Redis key and channel the adapter uses, under one prefix (internal).
 *
 * | name | type | what |
 * |---|---|---|
 * | `<p>m:<stream>` | hash `e`, `s` | the stream's epoch and last seq |
 * | `<p>l:<stream>` | stream | the stream's log, entries `m` = the encoded delivery |
 * | `<p>c:<stream>` | channel | live deliveries of the stream |
 * | `<p>ctl` | channel | presence notices and disconnect-user orders |
 * | `<p>nodes` | sorted set | node id → last heartbeat (Redis clock, ms) |
 * | `<p>np:<node>` | set | the node's presence entries, `<topic> <connectionId>` |
 * | `<p>nc:<node>` | set | the node's connection ids |
 * | `<p>conns` | hash | connection id → node id |
 * | `<p>p:<topic>` | hash | connection id → `<userId>\0<data JSON>` |
 * | `<p>pu:<topic>` | hash | user id → connections present |
 *
 * @module
 */

/**
 * Key and channel names for one prefix.
 *
 * @example
 * ```ts
 * const keys = new Keys('parley:');
 * keys.meta('topic:lobby'); // 'parley:m:topic:lobby'
 * ```
 */
export class Keys {
  /** Live deliveries channel prefix. */
  readonly channelPrefix: string;
  /** Control channel. */
  readonly control: string;
  /** Node liveness sorted set. */
  readonly nodes: string;
  /** Connection → node hash. */
  readonly conns: string;

  /** @param prefix - the cluster's prefix */
  constructor(readonly prefix: string) {
    this.channelPrefix = `${prefix}c:`;
    this.control = `${prefix}ctl`;
    this.nodes = `${prefix}nodes`;
    this.conns = `${prefix}conns`;
  }

  /** A stream's epoch/seq hash. */
  meta(stream: string): string {
    return `${this.prefix}m:${stream}`;
  }

  /** A stream's log. */
  log(stream: string): string {
    return `${this.prefix}l:${stream}`;
  }

  /** A stream's channel. */
  channel(stream: string): string {
    return this.channelPrefix + stream;
  }

  /** A topic's presence entries. */
  presence(topic: string): string {
    return `${this.prefix}p:${topic}`;
  }

  /** A topic's per-user connection counts. */
  presenceUsers(topic: string): string {
    return `${this.prefix}pu:${topic}`;
  }

  /** A node's presence index. */
  nodePresence(nodeId: string): string {
    return `${this.prefix}np:${nodeId}`;
  }

  /** A node's connections. */
  nodeConnections(nodeId: string): string {
    return `${this.prefix}nc:${nodeId}`;
  }
}
