/**
 * The chat session of a signed-in page: one Parley client, the conversations and who is online
 * in each room. No DOM here: the view renders what this holds when `changed` fires.
 *
 * @module
 */
import { createParleyClient, type DeliveryMeta, type ParleyClient, type RecoveryInfo, type StateChange } from '@parley/client';
import { userStream } from '@parley/protocol';
import { chat, type ChatContract, type HistoryMessage } from '../shared/contract.js';
import { messageId, roomTopic, topicRoom } from '../shared/names.js';
import { Conversations, type ConversationKey } from './conversations.js';
import { describeError } from './errors.js';
import type { TokenStore } from './tokens.js';

/**
 * What the session tells the page.
 *
 * @example
 * ```ts
 * const events: SessionEvents = { changed: render, state: (c) => status.update(c), pending: (n) => status.setPending(n), error: show, signedOut };
 * ```
 */
export interface SessionEvents {
  /** Conversations or presence changed: render again. */
  changed(): void;
  /** The connection state changed. */
  state(change: StateChange): void;
  /** The number of messages not yet confirmed by the server changed. */
  pending(count: number): void;
  /** Something to tell the user. */
  error(message: string): void;
  /** The server refused the sign-in for good: back to the login form. */
  signedOut(message: string): void;
}

/** The WebSocket URL of the page's own server. */
function socketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/parley`;
}

/**
 * A signed-in chat.
 *
 * @example
 * ```ts
 * const session = new ChatSession(tokens, events);
 * await session.join('lobby');
 * await session.send('hello');
 * ```
 */
export class ChatSession {
  /** Rooms and private conversations. */
  readonly conversations = new Conversations();
  /** Who is online, by room. */
  readonly online = new Map<string, ReadonlySet<string>>();
  /** The Parley client. */
  readonly client: ParleyClient<ChatContract>;
  #pending = 0;
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param tokens - the tab's sign-in
   * @param events - what to tell the page
   */
  constructor(
    readonly tokens: TokenStore,
    private readonly events: SessionEvents,
  ) {
    this.client = createParleyClient({
      url: socketUrl(),
      contract: chat,
      auth: () => tokens.credentials(),
      reconnect: { baseMs: 500, maxMs: 10_000 },
    });
    // Chat events come from the server's handlers only (`from` is the authenticated sender); an
    // event some client published directly (meta.from set) is not trusted and not shown.
    this.client.on('chat.message', (message, meta) => {
      if (meta.from === null) this.#add(`#${message.room}`, message, meta);
    });
    this.client.on('chat.dm', (message, meta) => {
      const other = message.from === tokens.userId ? message.to : message.from;
      if (meta.from === null) this.#add(`@${other}`, message, meta);
    });
    this.client.onState((change) => this.#stateChanged(change));
    this.client.onRecovery((info) => this.#recovered(info));
    this.client.onError((error) => events.error(describeError(error)));
  }

  /** The signed-in user. */
  get userId(): string {
    return this.tokens.userId;
  }

  /** Joins a room (its messages, who is online, join/leave notices) and shows it. */
  async join(room: string): Promise<void> {
    const key: ConversationKey = `#${room}`;
    const isNew = !this.conversations.has(key);
    this.conversations.get(key);
    this.show(key);
    if (!isNew) return;
    const topic = roomTopic(room);
    this.client.onPresence(topic, ({ type, userId }) => {
      const members = new Set(this.online.get(room));
      if (type === 'join') members.add(userId);
      else members.delete(userId);
      this.online.set(room, members);
      this.events.changed();
    });
    try {
      await this.client.subscribe(topic, { presence: true });
      await Promise.all([this.#loadPresence(room), this.#loadHistory(key, false)]);
    } catch (error) {
      this.events.error(describeError(error));
    }
  }

  /** Shows a conversation (a private one is created and its history loaded when new). */
  show(key: ConversationKey): void {
    const isNew = !this.conversations.has(key);
    this.conversations.current = key;
    this.conversations.get(key).unread = 0;
    this.events.changed();
    if (isNew && key.startsWith('@')) void this.#loadHistory(key, false).catch((error: unknown) => this.events.error(describeError(error)));
  }

  /** Sends a message to the conversation shown; `false` (and the error told) when it was not sent. */
  async send(text: string): Promise<boolean> {
    const key = this.conversations.current;
    if (!key) return false;
    this.#setPending(+1);
    try {
      const name = key.slice(1);
      const posted = key.startsWith('#')
        ? await this.client.call('chat.send', { room: name, text })
        : await this.client.call('chat.direct', { to: name, text });
      if (this.conversations.add(key, posted, false)) this.events.changed();
      return true;
    } catch (error) {
      this.events.error(describeError(error));
      return false;
    } finally {
      this.#setPending(-1);
    }
  }

  /** Closes the connection for good. */
  async close(): Promise<void> {
    clearTimeout(this.#refreshTimer);
    await this.client.close();
  }

  #add(key: ConversationKey, message: { text: string; from: string; to?: string }, meta: DeliveryMeta): void {
    const line: HistoryMessage = { id: messageId(meta), ts: meta.ts ?? Date.now(), from: message.from, text: message.text };
    const mine = message.from === this.userId;
    if (this.conversations.add(key, message.to === undefined ? line : { ...line, to: message.to }, !mine)) this.events.changed();
  }

  #setPending(delta: number): void {
    this.#pending += delta;
    this.events.pending(this.#pending);
  }

  #stateChanged(change: StateChange): void {
    this.events.state(change);
    if (change.state === 'open') this.#scheduleRefresh();
    if (change.state === 'unauthorized') {
      clearTimeout(this.#refreshTimer);
      this.events.signedOut(describeError(change.error));
    }
  }

  /**
   * After each reconnect the client resumes every stream and says, per stream, whether what was
   * missed was replayed. A room's signal comes once its subscription is back: reload who is
   * online (join/leave notices were missed), and, if the server could not replay (a restarted
   * server has new stream epochs, or the window passed), read the room back from the server's
   * log. The same for private conversations when the user's own stream could not be replayed.
   */
  #recovered({ stream, topic, recovered, reason, replayed }: RecoveryInfo): void {
    // For the curious, in the browser's console: what resume did for each stream.
    console.info(`parley: ${stream} ${recovered ? `resumed (${replayed ?? 0} replayed)` : `not resumed (${reason}): reloading`}`);
    const work: Promise<void>[] = [];
    const room = topic === undefined ? undefined : topicRoom(topic);
    if (room !== undefined && this.conversations.has(`#${room}`)) {
      work.push(this.#loadPresence(room));
      if (!recovered) work.push(this.#loadHistory(`#${room}`, true));
    } else if (stream === userStream(this.userId) && !recovered) {
      for (const conversation of this.conversations.list('direct')) work.push(this.#loadHistory(conversation.key, true));
    }
    void Promise.allSettled(work).then((results) => {
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) this.events.error(describeError(failed.reason));
    });
  }

  async #loadPresence(room: string): Promise<void> {
    const { members } = await this.client.presence(roomTopic(room));
    this.online.set(room, new Set(members.map((member) => member.userId)));
    this.events.changed();
  }

  async #loadHistory(key: ConversationKey, countUnread: boolean): Promise<void> {
    const name = key.slice(1);
    const { messages } = await this.client.call('chat.history', key.startsWith('#') ? { room: name } : { user: name });
    let added = false;
    for (const line of messages) added = this.conversations.add(key, line, countUnread && line.from !== this.userId) || added;
    if (added) this.events.changed();
  }

  /** Renews the token in the running session (`rpc.refresh`) shortly before it expires. */
  #scheduleRefresh(): void {
    clearTimeout(this.#refreshTimer);
    const inMs = Math.max(5_000, this.tokens.expiresAt - Date.now() - 45_000);
    this.#refreshTimer = setTimeout(() => {
      this.client.refresh().then(
        () => this.#scheduleRefresh(),
        (error: unknown) => this.events.error(describeError(error)),
      );
    }, inMs);
  }
}
