/**
 * Renders a chat session into the page: the room and private-conversation lists, the messages
 * of the conversation shown, and who is online in the room shown. Every piece of user text goes
 * through `textContent` (via `el`).
 *
 * @module
 */
import type { HistoryMessage } from '../shared/contract.js';
import type { Conversation, ConversationKey } from './conversations.js';
import { byId, el } from './dom.js';
import type { ChatSession } from './session.js';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function conversationButton(session: ChatSession, conversation: Conversation): HTMLLIElement {
  const label = conversation.kind === 'room' ? `#${conversation.name}` : conversation.name;
  const button = el('button', { className: 'conversation-link', text: label, attrs: { type: 'button' } });
  if (conversation.unread > 0) button.append(el('span', { className: 'unread', text: String(conversation.unread) }));
  if (conversation.key === session.conversations.current) button.setAttribute('aria-current', 'true');
  button.addEventListener('click', () => session.show(conversation.key));
  return el('li', {}, button);
}

function messageItem(line: HistoryMessage, me: string): HTMLLIElement {
  return el(
    'li',
    { className: line.from === me ? 'message mine' : 'message', attrs: { 'data-id': line.id } },
    el('time', { text: time.format(line.ts), attrs: { datetime: new Date(line.ts).toISOString() } }),
    el('span', { className: 'from', text: line.from }),
    el('span', { className: 'text', text: line.text }),
  );
}

function memberItem(session: ChatSession, userId: string): HTMLLIElement {
  if (userId === session.userId) return el('li', { className: 'member me', text: `${userId} (you)` });
  const button = el('button', { className: 'member', text: userId, attrs: { type: 'button', title: `Private message to ${userId}` } });
  button.addEventListener('click', () => session.show(`@${userId}` as ConversationKey));
  return el('li', {}, button);
}

/**
 * Renders the session's state into the chat view's elements.
 *
 * @example
 * ```ts
 * const view = new ChatView(session);
 * view.render();
 * ```
 */
export class ChatView {
  readonly #rooms = byId('rooms', HTMLUListElement);
  readonly #directs = byId('directs', HTMLUListElement);
  readonly #title = byId('conversation-title', HTMLHeadingElement);
  readonly #messages = byId('messages', HTMLOListElement);
  readonly #onlineTitle = byId('online-title', HTMLHeadingElement);
  readonly #online = byId('online', HTMLUListElement);

  /** @param session - what to render */
  constructor(private readonly session: ChatSession) {}

  /** Renders everything again (the lists are small). */
  render(): void {
    const { conversations, userId } = this.session;
    this.#rooms.replaceChildren(...conversations.list('room').map((c) => conversationButton(this.session, c)));
    const directs = conversations.list('direct');
    this.#directs.replaceChildren(
      ...(directs.length > 0
        ? directs.map((c) => conversationButton(this.session, c))
        : [el('li', { className: 'hint', text: 'Click a name under “Online” to talk privately.' })]),
    );
    const key = conversations.current;
    const current = key ? conversations.get(key) : undefined;
    this.#title.textContent = !current ? '' : current.kind === 'room' ? `#${current.name}` : `Private: ${current.name}`;

    const atBottom = this.#messages.scrollHeight - this.#messages.scrollTop - this.#messages.clientHeight < 40;
    this.#messages.replaceChildren(...(current?.lines ?? []).map((line) => messageItem(line, userId)));
    if (atBottom) this.#messages.scrollTop = this.#messages.scrollHeight;

    // Who is online in the room shown (or in the lobby while a private conversation is shown).
    const room = current?.kind === 'room' ? current.name : 'lobby';
    const members = [...(this.session.online.get(room) ?? [])].sort((a, b) => a.localeCompare(b));
    this.#onlineTitle.textContent = `Online in #${room}`;
    this.#online.replaceChildren(...members.map((member) => memberItem(this.session, member)));
  }
}
