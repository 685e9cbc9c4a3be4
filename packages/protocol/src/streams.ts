/**
 * Names of delivery streams. Every delivered message belongs to exactly one stream and carries
 * that stream's epoch and sequence number.
 *
 * @module
 */

/**
 * The stream of broadcasts to everyone.
 *
 * @example
 * ```ts
 * ALL_STREAM;             // 'all'
 * parseStream(ALL_STREAM); // { kind: 'all' }
 * ```
 */
export const ALL_STREAM = 'all';

/**
 * The stream of a topic.
 *
 * @example
 * ```ts
 * topicStream('room:1'); // 'topic:room:1'
 * ```
 */
export function topicStream(topic: string): string {
  return `topic:${topic}`;
}

/**
 * The private stream of a user (all of the user's connections receive it).
 *
 * @example
 * ```ts
 * userStream('alice'); // 'user:alice'
 * ```
 */
export function userStream(userId: string): string {
  return `user:${userId}`;
}

/**
 * The stream of messages addressed to one connection. Not resumable: a new connection has a new id.
 *
 * @example
 * ```ts
 * connectionStream('c1'); // 'conn:c1'
 * ```
 */
export function connectionStream(connectionId: string): string {
  return `conn:${connectionId}`;
}

/**
 * A stream name taken apart.
 *
 * @example
 * ```ts
 * const parsed: ParsedStream | undefined = parseStream('user:alice');
 * if (parsed?.kind === 'user') parsed.userId; // 'alice'
 * ```
 */
export type ParsedStream =
  | { kind: 'all' }
  | { kind: 'topic'; topic: string }
  | { kind: 'user'; userId: string }
  | { kind: 'conn'; connectionId: string };

/**
 * Takes a stream name apart; `undefined` when it is not one.
 *
 * @example
 * ```ts
 * parseStream('topic:room:1'); // { kind: 'topic', topic: 'room:1' }
 * ```
 */
export function parseStream(stream: string): ParsedStream | undefined {
  if (stream === ALL_STREAM) return { kind: 'all' };
  const colon = stream.indexOf(':');
  if (colon < 1 || colon === stream.length - 1) return undefined;
  const rest = stream.slice(colon + 1);
  switch (stream.slice(0, colon)) {
    case 'topic':
      return { kind: 'topic', topic: rest };
    case 'user':
      return { kind: 'user', userId: rest };
    case 'conn':
      return { kind: 'conn', connectionId: rest };
    default:
      return undefined;
  }
}
