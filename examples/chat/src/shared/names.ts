/**
 * The rules for user names and room names, shared by the server (which enforces them) and the
 * page (which checks them before asking).
 *
 * @module
 */

/**
 * A user name: 1-24 characters, letters, digits, `_`, `.` and `-`, starting with a letter or digit.
 *
 * @example
 * ```ts
 * USER_NAME.test('alice'); // true
 * ```
 */
export const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,23}$/;

/**
 * A room name: 1-32 characters, lower-case letters, digits, `_` and `-`, starting with a letter or digit.
 *
 * @example
 * ```ts
 * ROOM_NAME.test('lobby'); // true
 * ```
 */
export const ROOM_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * The rooms every page joins at start.
 *
 * @example
 * ```ts
 * for (const room of DEFAULT_ROOMS) join(room);
 * ```
 */
export const DEFAULT_ROOMS: readonly string[] = ['lobby', 'random', 'help'];

/**
 * Longest chat message, in characters (the contract enforces it; the server's frame limit is above it).
 *
 * @example
 * ```ts
 * if (text.length > MAX_TEXT_LENGTH) warn();
 * ```
 */
export const MAX_TEXT_LENGTH = 2000;

/**
 * Whether `name` is a valid user name.
 *
 * @example
 * ```ts
 * isUserName('alice'); // true
 * ```
 */
export function isUserName(name: unknown): name is string {
  return typeof name === 'string' && USER_NAME.test(name);
}

/**
 * Whether `name` is a valid room name.
 *
 * @example
 * ```ts
 * isRoomName('Lobby'); // false (lower case only)
 * ```
 */
export function isRoomName(name: unknown): name is string {
  return typeof name === 'string' && ROOM_NAME.test(name);
}

/**
 * The Parley topic of a room: `room:<name>`.
 *
 * @example
 * ```ts
 * roomTopic('lobby'); // 'room:lobby'
 * ```
 */
export function roomTopic(room: string): string {
  return `room:${room}`;
}

/**
 * The room of a Parley topic, or `undefined` when the topic is not a valid room's.
 *
 * @example
 * ```ts
 * topicRoom('room:lobby'); // 'lobby'
 * ```
 */
export function topicRoom(topic: string | null): string | undefined {
  if (topic === null || !topic.startsWith('room:')) return undefined;
  const room = topic.slice('room:'.length);
  return isRoomName(room) ? room : undefined;
}

/**
 * The id of a posted message, the same for every reader and in the history: its place in its
 * stream (a message is identified by stream, epoch and seq).
 *
 * @example
 * ```ts
 * messageId({ stream: 'topic:room:lobby', epoch: 'e1', seq: 7 }); // 'topic:room:lobby/e1/7'
 * ```
 */
export function messageId(position: { readonly stream: string; readonly epoch: string; readonly seq: number }): string {
  return `${position.stream}/${position.epoch}/${position.seq}`;
}
