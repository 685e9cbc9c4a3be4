/**
 * The chat's contract, imported by the server and by the page.
 *
 * Messages go through methods (`chat.send`, `chat.direct`) rather than the client-side
 * `broadcast` / `send`: the server stamps `from` with the authenticated user, so the name on a
 * message can be trusted. Clients may not publish to rooms themselves (`authorizeTopic` refuses
 * `publish`), and the page ignores chat events that a client published directly.
 *
 * @module
 */
import * as v from 'valibot';
import { defineContract } from '@parley/protocol';
import { MAX_TEXT_LENGTH, ROOM_NAME, USER_NAME } from './names.js';

const Room = v.pipe(v.string(), v.regex(ROOM_NAME, 'Invalid room name'));
const User = v.pipe(v.string(), v.regex(USER_NAME, 'Invalid user name'));
const Text = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'Empty message'),
  v.maxLength(MAX_TEXT_LENGTH, `Messages are at most ${MAX_TEXT_LENGTH} characters`),
);

/** One message of a conversation, as `chat.history` returns it. */
const HistoryEntry = v.object({ id: v.string(), ts: v.number(), from: v.string(), to: v.optional(v.string()), text: v.string() });

/**
 * The chat contract.
 *
 * @example
 * ```ts
 * const client = createParleyClient({ url, contract: chat, auth: () => token });
 * const posted = await client.call('chat.send', { room: 'lobby', text: 'hi' });
 * ```
 */
export const chat = defineContract({
  methods: {
    /** Posts a message to a room (everyone subscribed gets `chat.message`); returns it as posted. */
    'chat.send': {
      params: v.object({ room: Room, text: Text }),
      result: HistoryEntry,
      // Not re-sent after a lost reply: a message posted twice would show twice.
      idempotent: false,
    },
    /** Sends a private message: the recipient's and the sender's tabs get `chat.dm`; returns the sender's copy. */
    'chat.direct': {
      params: v.object({ to: User, text: Text }),
      result: HistoryEntry,
      idempotent: false,
    },
    /** The latest messages of a room, or of the private conversation with a user. */
    'chat.history': {
      params: v.union([v.object({ room: Room }), v.object({ user: User })]),
      result: v.object({ messages: v.array(HistoryEntry) }),
    },
  },
  events: {
    'chat.message': v.object({ room: Room, text: v.string(), from: v.string() }),
    'chat.dm': v.object({ to: v.string(), text: v.string(), from: v.string() }),
  },
});

/**
 * The chat contract's type.
 *
 * @example
 * ```ts
 * const parley: ParleyServer<ChatContract> = createParleyServer({ server: http, contract: chat });
 * ```
 */
export type ChatContract = typeof chat;

/**
 * A message as `chat.history` returns it and the page keeps it (live events are turned into the same shape).
 *
 * @example
 * ```ts
 * const line: HistoryMessage = { id: 'm1', ts: Date.now(), from: 'alice', text: 'hi' };
 * ```
 */
export type HistoryMessage = v.InferOutput<typeof HistoryEntry>;
