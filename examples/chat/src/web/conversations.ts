/**
 * The page's conversations: rooms (`#lobby`) and private conversations (`@bob`), each a list of
 * messages without duplicates, ordered by server time. Live events, replays after a resume and
 * `chat.history` reloads all go through `add`, so a message shows once whichever way it came.
 *
 * @module
 */
import type { HistoryMessage } from '../shared/contract.js';

/**
 * `#room` or `@user`.
 *
 * @example
 * ```ts
 * const key: ConversationKey = '#lobby';
 * ```
 */
export type ConversationKey = `#${string}` | `@${string}`;

/** Most messages kept per conversation. */
const MAX_LINES = 500;

/**
 * One conversation.
 *
 * @example
 * ```ts
 * const lobby = new Conversation('#lobby');
 * lobby.add({ id: 'm1', ts: Date.now(), from: 'alice', text: 'hi' }); // true
 * lobby.add({ id: 'm1', ts: Date.now(), from: 'alice', text: 'hi' }); // false: already there
 * ```
 */
export class Conversation {
  /** Its messages, oldest first. */
  readonly lines: HistoryMessage[] = [];
  /** Messages that arrived while another conversation was shown. */
  unread = 0;
  readonly #ids = new Set<string>();

  /** @param key - `#room` or `@user` */
  constructor(readonly key: ConversationKey) {}

  /** `room` or `direct`. */
  get kind(): 'room' | 'direct' {
    return this.key.startsWith('#') ? 'room' : 'direct';
  }

  /** The room or the other user. */
  get name(): string {
    return this.key.slice(1);
  }

  /** Adds a message in time order; `false` when it is already there. */
  add(line: HistoryMessage): boolean {
    if (this.#ids.has(line.id)) return false;
    this.#ids.add(line.id);
    let at = this.lines.length;
    while (at > 0 && (this.lines[at - 1] as HistoryMessage).ts > line.ts) at--;
    this.lines.splice(at, 0, line);
    while (this.lines.length > MAX_LINES) this.#ids.delete((this.lines.shift() as HistoryMessage).id);
    return true;
  }
}

/**
 * All conversations of the page and which one is shown.
 *
 * @example
 * ```ts
 * const conversations = new Conversations();
 * conversations.get('#lobby').add(line);
 * conversations.current = '#lobby';
 * ```
 */
export class Conversations {
  /** The conversation shown. */
  current: ConversationKey | undefined;
  readonly #all = new Map<ConversationKey, Conversation>();

  /** The conversation, created if new. */
  get(key: ConversationKey): Conversation {
    let conversation = this.#all.get(key);
    if (!conversation) {
      conversation = new Conversation(key);
      this.#all.set(key, conversation);
    }
    return conversation;
  }

  /** Whether the conversation exists. */
  has(key: ConversationKey): boolean {
    return this.#all.has(key);
  }

  /** The conversations of one kind, in the order they were opened. */
  list(kind: 'room' | 'direct'): Conversation[] {
    return [...this.#all.values()].filter((conversation) => conversation.kind === kind);
  }

  /**
   * Adds a message to a conversation; counts it as unread unless that conversation is shown or
   * `countUnread` is `false` (history loaded when a room is joined).
   */
  add(key: ConversationKey, line: HistoryMessage, countUnread = true): boolean {
    const conversation = this.get(key);
    const added = conversation.add(line);
    if (added && countUnread && key !== this.current) conversation.unread++;
    return added;
  }
}
